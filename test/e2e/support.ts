// What the end-to-end files share: Calmly started the way `npm start` starts it (scripts/start.mjs:
// migrate, seed, build the client, serve it) on its own port, database and Redis prefix, Debian's
// Chromium, and where screenshots go.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startApp } from '../../scripts/lib/start-app.mjs';
import { requireEnv } from '../support/redis.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export interface Started {
  app: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Calmly as `npm start` starts it, on its own port and Redis prefix; `env` adds (or removes, with '') variables. */
export async function startCalmly(databaseUrl: string, env: Record<string, string>): Promise<Started> {
  const app = await startApp({
    databaseUrl,
    redisUrl: requireEnv('REDIS_URL'),
    redisPrefix: `e2e${randomUUID().slice(0, 6)}`,
    env: { VOICE_PROVIDER: 'espeak', ...env },
  });
  return { app: app.child, baseUrl: app.url, output: app.output, stop: app.stop };
}

export async function stopCalmly(started: Started | undefined): Promise<void> {
  await started?.stop();
}

export function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
  });
}
