/** Node flags for every process that runs Calmly's server code (see node-flags.mjs for why). */
export const NODE_FLAGS: readonly string[];
