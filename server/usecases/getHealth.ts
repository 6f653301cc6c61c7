import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { defineOperation } from '../operations/operation.ts';

const state = z.enum(['operational', 'down']);
export const healthOutput = z.object({
  status: z.enum(['healthy', 'degraded']),
  version: z.string(),
  services: z.object({
    ai: z.enum(['operational', 'degraded']).meta({
      description:
        "From the hosted endpoints' circuit breakers: degraded while every endpoint is cut off and the built-in coach answers instead (Calmly still answers, so this alone does not make the instance unhealthy)",
    }),
    memory: state,
    storage: state,
  }),
  providers: z.record(z.string(), z.string()),
  down: z.array(z.string()).optional(),
  queue: z
    .object({
      length: z.number().int(),
      pending: z.number().int(),
      deadLettered: z.number().int(),
      recorder: z
        .object({
          running: z.boolean(),
          processed: z.number().int(),
          deadLettered: z.number().int(),
          lagMsP50: z.number(),
          lagMsP99: z.number(),
        })
        .optional(),
    })
    .optional()
    .meta({
      description:
        'Interaction queue depth, pending and dead-lettered entries, and the in-process recorder (when it runs here)',
    }),
});
export type Health = z.infer<typeof healthOutput>;

const CHECK_TIMEOUT_MS = 2_000;

async function probe(check: (signal: AbortSignal) => Promise<unknown>): Promise<'operational' | 'down'> {
  const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  const timedOut = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
  );
  try {
    await Promise.race([check(signal), timedOut]);
    return 'operational';
  } catch {
    return 'down';
  }
}

/** Hosted endpoints all cut off by their breakers: the built-in coach answers in their place. */
function aiState(deps: Pick<Ports, 'model'>): 'operational' | 'degraded' {
  const { endpoints } = deps.model.stats();
  return endpoints.length > 0 && endpoints.every((e) => e.breaker === 'open') ? 'degraded' : 'operational';
}

/** Real round trips to Redis (memory) and Postgres (storage); the AI as its circuit breakers see it. */
export async function getHealth(
  deps: Pick<Ports, 'redis' | 'db' | 'model' | 'queue' | 'recorder' | 'providers' | 'config'>,
): Promise<Health> {
  const [memory, storage] = await Promise.all([probe(() => deps.redis.ping()), probe(() => deps.db.raw('select 1'))]);
  const services = { ai: aiState(deps), memory, storage };
  const queue = memory === 'operational' ? await queueState(deps) : undefined;
  const down = Object.entries({ memory, storage })
    .filter(([, s]) => s === 'down')
    .map(([name]) => name);
  return {
    status: down.length ? 'degraded' : 'healthy',
    version: deps.config.version,
    services,
    providers: deps.providers,
    ...(down.length ? { down } : {}),
    ...(queue ? { queue } : {}),
  };
}

async function queueState(deps: Pick<Ports, 'queue' | 'recorder'>): Promise<Health['queue']> {
  const d = await probeValue(() => deps.queue.depth());
  if (!d) return undefined;
  const m = deps.recorder?.metrics();
  return {
    length: d.length,
    pending: d.pending,
    deadLettered: d.dead,
    ...(m
      ? {
          recorder: {
            running: m.running,
            processed: m.processed,
            deadLettered: m.deadLettered,
            lagMsP50: m.lagMs.p50,
            lagMsP99: m.lagMs.p99,
          },
        }
      : {}),
  };
}

async function probeValue<T>(read: () => Promise<T>): Promise<T | undefined> {
  let value: T | undefined;
  return (await probe(async () => (value = await read()))) === 'operational' ? value : undefined;
}

export const getHealthOperation = defineOperation({
  name: 'get_health',
  input: z.object({}),
  output: healthOutput,
  cost: 'public',
  user: 'none',
  run: (deps) => getHealth(deps),
});
