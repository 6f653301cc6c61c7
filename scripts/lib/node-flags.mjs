// Node flags for every process that runs Calmly's server code: `npm start`/`npm run serve`, the
// recorder worker, the Dockerfile and the benchmarks. (V8 flags cannot go through NODE_OPTIONS,
// and setting them at run time with v8.setFlagsFromString crashed worker threads.)
//
// --no-regexp-tier-up: regexps compile straight to native code. By default V8 first builds
// interpreter bytecode with a peephole pass, which for the coach's lexicons (about 90 safety
// patterns of hundreds of alternatives each) costs about 65 ms; and V8 drops a regexp's code at a
// full GC when it has not run since the previous one, so after a quiet spell the next request paid
// it again (65–100 ms event-loop stalls in the streaming benchmark). Native compilation of the same
// lexicons takes about 15 ms and the compiled code runs as fast.
export const NODE_FLAGS = ['--no-regexp-tier-up'];
