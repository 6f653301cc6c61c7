// npm helpers for start.mjs / test.mjs: install dependencies when needed, run package scripts.
import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, exists, log, run, runAsync } from './util.mjs';

const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const mtime = (file) => (exists(file) ? statSync(file).mtimeMs : 0);

/**
 * `npm ci` when node_modules is missing or older than package-lock.json
 * (npm records each install in node_modules/.package-lock.json); `npm install` without a lockfile.
 */
export function ensureNodeModules() {
  const lock = path.join(REPO_ROOT, 'package-lock.json');
  const installed = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  const hasLock = exists(lock);
  if (exists(installed) && (!hasLock || mtime(installed) >= mtime(lock))) return;
  // npm ci empties node_modules; through a symlink that would wipe another checkout's install.
  const modules = path.join(REPO_ROOT, 'node_modules');
  if (exists(modules) && lstatSync(modules).isSymbolicLink()) {
    log('node_modules is a symlink: not running npm ci here; install in the checkout it points to');
    return;
  }
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  log(`node_modules ${exists(installed) ? 'is older than package-lock.json' : 'is missing'}: npm ${args[0]}`);
  run(npmCmd, args, { inherit: true, cwd: REPO_ROOT });
}

export function packageScripts() {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts ?? {};
}

/**
 * The .ts file a `tsx some/file.ts` package script runs, so callers can skip
 * scripts whose entry file has not been written yet.
 */
export function scriptEntryFile(name) {
  const match = /\btsx\s+(\S+\.[cm]?ts)\b/.exec(packageScripts()[name] ?? '');
  return match ? path.join(REPO_ROOT, match[1]) : null;
}

/**
 * Run `npm run <name>`: skipped with a notice when the script is not defined or its
 * entry file does not exist yet; once it exists its exit code counts.
 * Resolves { skipped } or { code }.
 */
export async function runPackageScript(name, { env, args = [] } = {}) {
  if (!(name in packageScripts())) return { skipped: `no "${name}" script in package.json` };
  const entry = scriptEntryFile(name);
  if (entry && !exists(entry)) return { skipped: `${path.relative(REPO_ROOT, entry)} does not exist yet` };
  log(`npm run ${name}${args.length ? ` -- ${args.join(' ')}` : ''}`);
  const code = await runAsync(npmCmd, ['run', name, ...(args.length ? ['--', ...args] : [])], { env });
  return { code };
}

/** Run a binary from node_modules/.bin through npx, never downloading anything. */
export function npx(bin, args, { env } = {}) {
  log(`npx ${bin} ${args.join(' ')}`);
  return runAsync(npmCmd, ['exec', '--no', '--', bin, ...args], { env });
}
