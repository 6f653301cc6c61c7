// Turns on the event loop for the heavy synchronous steps of a request: reading a situation
// (~1 ms of the built-in coach), ranking scenarios, checking a finished reply. Without turns, a
// burst of submits (one Redis reply resolves dozens of sessions' reads in one microtask drain) ran
// every session's reading back to back, and the tokens of streams already running waited behind
// all of them (tens of ms at 100 concurrent streams). With turns, one step runs per event-loop
// iteration and the loop polls its sockets between steps, so a running stream's next token waits
// for at most one step. Total work is unchanged; only its order is.

const waiting: Array<() => void> = [];
let scheduled = false;

function next(): void {
  waiting.shift()?.();
  // Queued in the check phase, so it runs in the next iteration, after the loop has polled I/O.
  if (waiting.length) setImmediate(next);
  else scheduled = false;
}

/** Resolves when it is this step's turn; run the heavy synchronous part right after awaiting it. */
export function cpuTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(next);
    }
  });
}
