// Types for scripts/lib/start-app.mjs (plain JS: scripts run before any TypeScript tooling), used by the e2e tests.
import type { ChildProcess } from 'node:child_process';

export interface StartedApp {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startApp(opts: {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  env?: Record<string, string>;
}): Promise<StartedApp>;
