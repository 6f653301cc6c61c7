// `npm ci` / `npm install` run this (the `prepare` script): installs the git pre-commit hook
// (simple-git-hooks, configured in package.json: lint-staged formats and lints the staged files).
//
// Skips, saying why, and never fails the install:
//   - no .git here (the Docker image, a tarball, a copy): nothing to hook into
//   - CI (CI is set) or SKIP_INSTALL_SIMPLE_GIT_HOOKS=1: nobody commits there
//   - .git is a file (a linked worktree or a submodule): the hooks directory is shared with every
//     other worktree of the repository, whose branches may not have the hook's tools; install it
//     deliberately from the main checkout with `npx simple-git-hooks` if that is what you want
//   - simple-git-hooks is not installed (npm ci --omit=dev)
//
// Plain Node 20 and no npm dependencies. The Dockerfile copies this file before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stderr.write(`[calmly] git hooks: ${message}\n`);

function reasonToSkip() {
  const gitPath = path.join(ROOT, '.git');
  if (!existsSync(gitPath)) return 'no .git here, nothing to install';
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') return 'CI is set, not installing';
  if (['1', 'true'].includes(process.env.SKIP_INSTALL_SIMPLE_GIT_HOOKS ?? ''))
    return 'SKIP_INSTALL_SIMPLE_GIT_HOOKS is set';
  if (!lstatSync(gitPath).isDirectory()) {
    return '.git is a file (linked worktree or submodule): its hooks are shared, so not installing them from here (`npx simple-git-hooks` does it deliberately)';
  }
  if (!existsSync(path.join(ROOT, 'node_modules', 'simple-git-hooks', 'cli.js')))
    return 'simple-git-hooks is not installed (dev dependencies omitted)';
  return null;
}

const reason = reasonToSkip();
if (reason) say(`skipped: ${reason}`);
else {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'simple-git-hooks', 'cli.js')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status === 0) say('pre-commit installed (lint-staged: biome check --write on staged files)');
  else
    say(
      `simple-git-hooks exited with ${result.status ?? result.signal}; commits are not checked (run \`npx simple-git-hooks\`)`,
    );
}
