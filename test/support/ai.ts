// Helpers for AI provider tests: a coach wired to stand-in endpoints, event collection with
// arrival times, and an address where nothing listens.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Config } from '../../server/config.ts';
import { createModelProvider, type CoachEvent, type ModelProvider } from '../../server/ai/index.ts';
import type { BreakerOptions } from '../../server/ai/breaker.ts';

export interface CoachSetup {
  primary?: string;
  burst?: string;
  primaryModel?: string;
  burstModel?: string;
  burstThreshold?: number;
  timeoutMs?: number;
  fallback?: 'builtin' | 'none';
  breaker?: BreakerOptions;
}

export function aiConfig(s: CoachSetup): Config['ai'] {
  return {
    primary: s.primary
      ? { baseURL: s.primary, apiKey: 'test-key', model: s.primaryModel ?? 'primary-model' }
      : undefined,
    burst: s.burst ? { baseURL: s.burst, apiKey: 'test-key', model: s.burstModel ?? 'burst-model' } : undefined,
    burstThreshold: s.burstThreshold ?? 10,
    timeoutMs: s.timeoutMs ?? 5_000,
    fallback: s.fallback ?? 'builtin',
  };
}

export function makeCoach(s: CoachSetup): ModelProvider {
  return createModelProvider(aiConfig(s), { breaker: s.breaker });
}

export interface TimedEvent {
  at: number;
  e: CoachEvent;
}

export async function collectTimed(events: AsyncIterable<CoachEvent>): Promise<TimedEvent[]> {
  const out: TimedEvent[] = [];
  for await (const e of events) out.push({ at: performance.now(), e });
  return out;
}

/** Per responseId, the text the tokens spell since the last reset. */
export function spelled(events: CoachEvent[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'token') m.set(e.responseId, (m.get(e.responseId) ?? '') + e.text);
    if (e.type === 'reset') m.set(e.responseId, '');
  }
  return m;
}

export const ofType = <T extends CoachEvent['type']>(events: CoachEvent[], type: T) =>
  events.filter((e): e is Extract<CoachEvent, { type: T }> => e.type === type);

/** A base URL on a loopback port where nothing listens (connection refused). */
export async function deadBaseURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/v1`;
}

export const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings and I am tired of it.';
