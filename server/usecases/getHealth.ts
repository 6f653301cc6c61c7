import type { AppDeps } from '../app/deps.ts';

export type ServiceState = 'operational' | 'down';
export interface Health {
  status: 'healthy' | 'degraded';
  version: string;
  services: { ai: ServiceState; memory: ServiceState; storage: ServiceState };
  providers: AppDeps['providers'];
  down?: string[];
  /** The interaction queue (absent when Redis cannot be asked) and this process's recorder, if it runs one. */
  queue?: {
    length: number;
    pending: number;
    deadLettered: number;
    recorder?: { running: boolean; processed: number; deadLettered: number; lagMsP50: number; lagMsP99: number };
  };
}

const CHECK_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<ServiceState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'operational';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Real round trips to Redis (memory) and Postgres (storage); the built-in coach is always available. */
export async function getHealth(deps: AppDeps): Promise<Health> {
  const [memory, storage] = await Promise.all([
    probe(() => deps.redis.ping()),
    probe(() => deps.db.raw('select 1')),
  ]);
  const services = { ai: 'operational' as ServiceState, memory, storage };
  const queue = memory === 'operational' ? await queueState(deps) : undefined;
  const down = Object.entries(services)
    .filter(([, state]) => state === 'down')
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

async function queueState(deps: AppDeps): Promise<Health['queue']> {
  try {
    const d = await Promise.race([
      deps.queue.depth(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
    ]);
    const m = deps.recorder?.metrics();
    return {
      length: d.length,
      pending: d.pending,
      deadLettered: d.dead,
      ...(m ? { recorder: { running: m.running, processed: m.processed, deadLettered: m.deadLettered, lagMsP50: m.lagMs.p50, lagMsP99: m.lagMs.p99 } } : {}),
    };
  } catch {
    return undefined;
  }
}
