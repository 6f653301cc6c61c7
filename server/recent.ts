// A function's results for the keys used most recently: for work that several callers of one
// request repeat on the same text (a situation is read by the classifier, the embedder, the safety
// screen, a later refinement), bounded so that it never grows with traffic.

/** `compute(key)`, remembered for the last `max` keys used (the least recently used is dropped first). */
export function recentlyComputed<V>(max: number, compute: (key: string) => V): (key: string) => V {
  const recent = new Map<string, V>();
  return (key) => {
    let value = recent.get(key);
    if (value !== undefined) recent.delete(key);
    else {
      value = compute(key);
      if (recent.size >= max) recent.delete(recent.keys().next().value as string);
    }
    recent.set(key, value);
    return value;
  };
}
