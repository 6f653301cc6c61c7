// What the end-to-end files share: Calmly started the way `npm start` starts it (scripts/start.mjs:
// migrate, seed, build the client, serve it) on its own port, database and Redis prefix, Debian's
// Chromium, and where screenshots go.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findFreePort } from '../../scripts/services.mjs';
import { requireEnv } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export interface Started {
  app: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Calmly as `npm start` starts it, on its own port and Redis prefix; `env` adds (or removes, with '') variables. */
export async function startCalmly(databaseUrl: string, env: Record<string, string>): Promise<Started> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: requireEnv('REDIS_URL'),
      REDIS_PREFIX: `e2e${randomUUID().slice(0, 6)}`,
      VOICE_PROVIDER: 'espeak',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${log.slice(-3000)}`);
      const res = await fetch(`${url}/health`).catch(() => null);
      return res?.status === 200;
    },
    { timeoutMs: 240_000, intervalMs: 250, what: 'Calmly started by scripts/start.mjs' },
  );
  return { app: child, baseUrl: url, output: () => log };
}

export async function stopCalmly(started: Started | undefined): Promise<void> {
  const child = started?.app;
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await waitFor(() => child.exitCode !== null, { timeoutMs: 20_000, what: 'the app to stop' }).catch(() =>
      child.kill('SIGKILL'),
    );
  }
}

export function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
  });
}
