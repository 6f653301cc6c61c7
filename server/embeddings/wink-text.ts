// wink-nlp adds every new token it meets to the shared language model, and a possessive it has
// seen whole once ("neighbour's") is afterwards read as one word ("neighbours") instead of
// "neighbour" + "'s". That made analysis depend on what the process had read before: the same
// scenario embedded alone or in a batch got different vectors. Splitting the clitic off before
// wink sees the text keeps every reading the same, whatever came earlier.
export function splitPossessives(text: string): string {
  return text.replace(/(\p{L})['’]s\b/gu, "$1 's");
}
