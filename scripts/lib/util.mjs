// Small process/file helpers shared by the set-up scripts.
// Plain Node 20, no npm dependencies: these run before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function log(message) {
  process.stderr.write(`[calmly] ${message}\n`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it returns a truthy value or `timeoutMs` passes (no fixed sleeps). */
export async function waitFor(check, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Full path of an executable found in PATH, or null. */
export function which(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, bin);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here, keep looking
    }
  }
  return null;
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Run a command to completion. Output is captured (returned) unless `inherit` is set.
 * Throws with the command's stderr when it fails and `check` is left on.
 */
export function run(cmd, args, { inherit = false, check = true, env, cwd, input } = {}) {
  const result = spawnSync(cmd, args, {
    cwd,
    env: env ?? process.env,
    input,
    encoding: 'utf8',
    stdio: inherit ? 'inherit' : ['pipe', 'pipe', 'pipe'],
  });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  if (check && result.status !== 0) {
    const detail = inherit ? '' : `\n${(result.stderr || result.stdout || '').trim()}`;
    throw new Error(`command failed (exit ${result.status}): ${cmd} ${args.join(' ')}${detail}`);
  }
  return result;
}

/** Run a command with inherited stdio and resolve with its exit code (never rejects on failure). */
export function runAsync(cmd, args, { env, cwd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: cwd ?? REPO_ROOT, env: env ?? process.env, stdio: 'inherit' });
    child.on('error', (error) => {
      log(`could not run ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  });
}

/** True while a process with this pid runs (signal 0 only checks; a zombie counts as gone). */
export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false; // EPERM: exists but belongs to another user
  }
  // An exited server whose parent has not reaped it yet still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

export const exists = (file) => existsSync(file);

/**
 * Starts a helper server (moto, stripe-mock) in the background, logging to logFile, and waits until
 * `answers()` says it is up. → { url, stop() } or { reason } (never throws).
 */
export async function startHelperServer({ bin, args, logFile, url, answers, what }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  try {
    await waitFor(async () => exited || (await answers()), { timeoutMs: 30_000, what });
  } catch (error) {
    child.kill('SIGKILL');
    return { reason: error.message };
  }
  if (exited) return { reason: `${what} exited during start-up; see ${logFile}` };
  return {
    url,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
