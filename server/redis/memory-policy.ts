// Redis must never evict to make room: the interaction queue is a stream whose entries are the only
// copy of an interaction until the recorder has written it to Postgres. With an allkeys-* policy
// any key can go, with volatile-* any key with a TTL (working memory, sessions, leases); the queue
// itself has none but shares the server with them, and the operator who set such a policy may not
// know. So the policy is read once at start-up and a risky one is logged loudly. Managed Redis often
// disables CONFIG: then nothing can be known, and that is said at debug level only.
import type { Logger } from '../log/logger.ts';
import type { Redis } from './client.ts';

export type PolicyVerdict = { policy: string; evicts: boolean } | { policy: null; reason: string };

export const evictingPolicy = (policy: string) => /^(allkeys|volatile)-/.test(policy);

export async function checkMemoryPolicy(redis: Redis, log: Logger): Promise<PolicyVerdict> {
  let policy: string | undefined;
  try {
    policy = (await redis.configGet('maxmemory-policy'))['maxmemory-policy'];
  } catch (err) {
    const reason = (err as Error).message;
    log.debug({ err: reason }, 'redis: CONFIG GET maxmemory-policy is not allowed; eviction policy unknown');
    return { policy: null, reason };
  }
  if (!policy) return { policy: null, reason: 'no maxmemory-policy in the reply' };
  const evicts = evictingPolicy(policy);
  if (evicts)
    log.warn(
      { maxmemoryPolicy: policy },
      `redis: maxmemory-policy is ${policy}; when Redis is full it deletes keys, which can drop interactions from the queue before they are saved. Use noeviction (CONFIG SET maxmemory-policy noeviction, and in redis.conf)`,
    );
  return { policy, evicts };
}
