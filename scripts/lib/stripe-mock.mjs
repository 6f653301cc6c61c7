// stripe-mock (Stripe's own mock of its API, from its OpenAPI spec) for the billing tests: built with
// `go install github.com/stripe/stripe-mock@<pinned>` into the tools dir once (Go is all it needs),
// started on a free loopback port for one test run, stopped after it. It keeps no state, so each run
// starts the same.
// Failures return a reason, never throw: the caller decides whether that skips or fails the run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { exists, log, run, startHelperServer, which } from './util.mjs';

export const STRIPE_MOCK_VERSION = 'v0.203.0';

/** The stripe-mock binary: $STRIPE_MOCK_BIN, else our build (made now when missing). → { bin } or { reason } */
export function ensureStripeMock({ toolsDir }) {
  if (process.env.STRIPE_MOCK_BIN) {
    return exists(process.env.STRIPE_MOCK_BIN)
      ? { bin: process.env.STRIPE_MOCK_BIN }
      : { reason: `STRIPE_MOCK_BIN=${process.env.STRIPE_MOCK_BIN} does not exist` };
  }
  // One directory per version: bumping the pin builds the new one.
  const dir = path.join(toolsDir, `stripe-mock-${STRIPE_MOCK_VERSION}`);
  const bin = path.join(dir, 'stripe-mock');
  if (exists(bin)) return { bin };
  const go = which('go');
  if (!go) return { reason: 'Go is not installed (stripe-mock is built with `go install`)' };
  mkdirSync(dir, { recursive: true });
  log(
    `building stripe-mock ${STRIPE_MOCK_VERSION} with go install (once; kept in ${path.relative(process.cwd(), dir)})`,
  );
  try {
    run(go, ['install', `github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION}`], {
      inherit: true,
      env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
    });
  } catch (error) {
    return { reason: `go install failed: ${String(error.message).split('\n')[0]}` };
  }
  return exists(bin) ? { bin } : { reason: `go install made no ${bin}` };
}

async function answers(url) {
  try {
    // Any answer will do (401 without a key): it is up.
    const res = await fetch(`${url}/v1/customers`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Starts stripe-mock on 127.0.0.1:port, HTTP only (logging to logFile). → { url, stop() } or { reason } */
export async function startStripeMock({ toolsDir, port, logFile }) {
  const mock = ensureStripeMock({ toolsDir });
  if (mock.reason) return { reason: mock.reason };
  const url = `http://127.0.0.1:${port}`;
  return startHelperServer({
    bin: mock.bin,
    // -http-addr alone would also open HTTPS on the fixed port 12112 (clashing between runs);
    // -https-addr on port 0 keeps that on loopback and on a port of its own.
    args: ['-http-addr', `127.0.0.1:${port}`, '-https-addr', '127.0.0.1:0'],
    logFile,
    url,
    answers: () => answers(url),
    what: 'stripe-mock',
  });
}
