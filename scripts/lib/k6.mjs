// k6 for the load tests. Found, in order: $K6_BIN, `k6` on PATH, our cached build; otherwise built
// with `go install go.k6.io/k6@<pinned>` into ~/.cache/calmly (outside the clone, so a fresh clone
// on the same machine reuses it). Without Go, the caller is told how to get k6.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exists, log, run, which } from './util.mjs';

export const K6_VERSION = 'v1.8.1';
const CACHE_DIR = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'calmly',
  `k6-${K6_VERSION}`,
);
const CACHED = path.join(CACHE_DIR, 'k6');

/** The k6 binary, building it when Go is present; null (with the reason logged) when it can't be had. */
export function ensureK6({ build = true } = {}) {
  if (process.env.K6_BIN && exists(process.env.K6_BIN)) return process.env.K6_BIN;
  const onPath = which('k6');
  if (onPath) return onPath;
  if (exists(CACHED)) return CACHED;
  const go = which('go');
  if (!go || !build) {
    log(
      'k6 is not installed and Go is not available to build it: see https://grafana.com/docs/k6/latest/set-up/install-k6/',
    );
    return null;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  log(`building k6 ${K6_VERSION} with go install (once; cached in ${CACHE_DIR})`);
  try {
    run(go, ['install', `go.k6.io/k6@${K6_VERSION}`], {
      inherit: true,
      env: { ...process.env, GOBIN: CACHE_DIR, CGO_ENABLED: '0' },
    });
  } catch (error) {
    log(`could not build k6: ${error.message}`);
    return null;
  }
  return exists(CACHED) ? CACHED : null;
}
