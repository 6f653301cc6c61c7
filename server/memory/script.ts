import { createHash } from 'node:crypto';
import type { Redis } from '../redis/client.ts';

/** A Lua script run with EVALSHA, loaded on first use (and again after a SCRIPT FLUSH or restart). */
export function luaScript(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async function run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await redis.sendCommand(['EVALSHA', sha, ...tail]);
    } catch (err) {
      if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
      return redis.sendCommand(['EVAL', source, ...tail]);
    }
  };
}

export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 1000 })) out.push(...keys);
  return out;
}
