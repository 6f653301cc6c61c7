// Calmly started the way `npm start` starts it (scripts/start.mjs: migrate, seed, build the client,
// serve it), in a child process on a free port, for whatever measures or drives the real thing from
// outside (the end-to-end tests, `npm run lighthouse`). `env` adds to (or, with '', removes from) the
// environment; the caller gives the database and Redis.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../services.mjs';
import { REPO_ROOT, waitFor } from './util.mjs';

/** → { url, child, output(), stop() } once /health answers 200; throws with the app's output if it never does. */
export async function startApp({ databaseUrl, redisUrl, redisPrefix, env = {} }) {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await waitFor(() => child.exitCode !== null, { timeoutMs: 20_000, what: 'Calmly to stop' }).catch(() =>
      child.kill('SIGKILL'),
    );
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`scripts/start.mjs exited (${child.exitCode}):\n${output.slice(-3000)}`);
        const res = await fetch(`${url}/health`).catch(() => null);
        return res?.status === 200;
      },
      { timeoutMs: 240_000, intervalMs: 250, what: 'Calmly started by scripts/start.mjs' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, output: () => output, stop };
}
