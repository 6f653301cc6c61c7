import { defineScript, type CommandParser } from 'redis';
import type { NumberReply } from '@redis/client/dist/lib/RESP/types.js';

/**
 * Stores one working-memory entry and indexes it in its session, trimming what has expired: one call
 * (a live session remembers its situation and its suggestions on every generation).
 */
export const putWorkingMemory = defineScript({
  NUMBER_OF_KEYS: 2,
  SCRIPT: `
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`,
  parseCommand(
    parser: CommandParser,
    keys: { entry: string; sessionIndex: string },
    a: { ttlMs: number; at: number; memoryId: string; expiredBefore: number; fields: Record<string, string> },
  ) {
    parser.pushKeys([keys.entry, keys.sessionIndex]);
    parser.push(String(a.ttlMs), String(a.at), a.memoryId, String(a.expiredBefore));
    for (const [field, value] of Object.entries(a.fields)) parser.push(field, value);
  },
  transformReply: undefined as unknown as () => NumberReply<1>,
});
