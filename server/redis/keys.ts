// Every Redis key is built here: one prefix per deployment (REDIS_PREFIX), one namespace per module.
// Nothing concatenates keys inline, so a test can isolate itself with its own prefix and a user's
// keys can be found (and erased) by pattern.

export type KeyBuilder = ((...parts: Array<string | number>) => string) & { readonly base: string };

export function keyspace(prefix: string, module: string): KeyBuilder {
  const base = `${prefix}:${module}`;
  const build = (...parts: Array<string | number>) => (parts.length ? `${base}:${parts.join(':')}` : base);
  return Object.assign(build, { base });
}
