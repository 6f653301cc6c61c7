// Turns on the event loop for the heavy synchronous steps of a request: reading a situation
// (~1 ms of the built-in coach), ranking scenarios, checking a finished reply. Without turns, a
// burst of submits (one Redis reply resolves dozens of sessions' reads in one microtask drain) ran
// every session's reading back to back, and the tokens of streams already running waited behind
// all of them (tens of ms at 100 concurrent streams). With turns, steps run in slices of about
// SLICE_MS, and the loop polls its sockets between slices, so a running stream's next token waits
// for at most one slice. A slice rather than one step per iteration: yielding after every step
// split the work of a thousand simultaneous flows into a thousand loop iterations, and the Redis
// commands and socket writes each iteration batches together went out one by one (a quarter more
// CPU per flow). Total work is unchanged; only its order is.

/** How long steps may run back to back before the loop polls its sockets again. */
const SLICE_MS = 3;

const waiting: Array<() => void> = [];
let scheduled = false;
let sliceStart = 0;

/** Runs after the step just started has done its synchronous part (its continuation was queued first). */
function afterStep(): void {
  if (!waiting.length) {
    scheduled = false;
    return;
  }
  if (performance.now() - sliceStart < SLICE_MS) {
    waiting.shift()?.();
    queueMicrotask(afterStep);
  } else setImmediate(startSlice); // queued in the check phase: runs after the loop has polled I/O
}

function startSlice(): void {
  sliceStart = performance.now();
  waiting.shift()?.();
  queueMicrotask(afterStep);
}

/** Resolves when it is this step's turn; run the heavy synchronous part right after awaiting it. */
export function cpuTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(startSlice);
    }
  });
}
