// The browser client's build, made only when its sources changed. Several Calmly processes can start
// from one checkout at once (the end-to-end tests start three): a build empties client/dist, and a
// process already serving from it would answer its page with an error meanwhile. So a build runs
// under a lock, and is skipped when client/dist/.build-stamp matches what it was built from (the
// client, the shared protocol in machines/, the lock file, the Vite config).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, log, sleep } from './util.mjs';

const SOURCES = ['client', 'machines', 'package-lock.json'];
const SKIP = new Set(['dist', 'node_modules']);
const STAMP = path.join(REPO_ROOT, 'client', 'dist', '.build-stamp');
const LOCK = path.join(REPO_ROOT, '.data', 'client-build.lock');
/** A lock older than this was left by a build that died. */
const STALE_MS = 10 * 60_000;

function files(rel) {
  const abs = path.join(REPO_ROOT, rel);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return [];
  }
  if (st.isFile()) return [rel];
  return readdirSync(abs)
    .filter((name) => !SKIP.has(name))
    .sort()
    .flatMap((name) => files(path.join(rel, name)));
}

/** What the build is made from, as one hash of every source file's path and content. */
export function clientFingerprint() {
  const hash = createHash('sha256');
  for (const rel of SOURCES.flatMap(files)) {
    hash.update(rel);
    hash.update('\0');
    hash.update(readFileSync(path.join(REPO_ROOT, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const builtFrom = () => {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
};

async function withLock(fn) {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue; // released just now
      }
      if (age > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Runs `build` (which builds into client/dist) unless the build there is of these very sources. */
export async function buildClientIfChanged(build) {
  const want = clientFingerprint();
  if (builtFrom() === want) return log('client: built from these sources already, not rebuilding');
  await withLock(async () => {
    if (builtFrom() === want) return; // another process built it while this one waited
    await build();
    writeFileSync(STAMP, `${want}\n`);
  });
}
