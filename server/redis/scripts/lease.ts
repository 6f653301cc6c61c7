import { defineScript, type CommandParser } from 'redis';
import type { NumberReply } from '@redis/client/dist/lib/RESP/types.js';

/** Takes a lease unless the user holds `limit` live ones: 1 taken, 0 refused. */
export const acquireLease = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`,
  parseCommand(
    parser: CommandParser,
    leaseSet: string,
    a: { now: number; expiresAt: number; limit: number; lease: string; ttlMs: number },
  ) {
    parser.pushKey(leaseSet);
    parser.push(String(a.now), String(a.expiresAt), String(a.limit), a.lease, String(a.ttlMs));
  },
  transformReply: undefined as unknown as () => NumberReply<0 | 1>,
});
