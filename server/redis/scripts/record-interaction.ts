import { defineScript, type CommandParser } from 'redis';

// One interaction into every layer, atomically and once: the counted-ids set makes a redelivered
// interaction a no-op (0); the tombstone check refuses interactions made before the user's erasure (-1).
//
export const recordInteraction = defineScript({
  NUMBER_OF_KEYS: 9,
  SCRIPT: `
local e = redis.call('HGET', KEYS[1], ARGV[1])
if e and tonumber(e) >= tonumber(ARGV[2]) then return -1 end
if redis.call('SADD', KEYS[2], ARGV[3]) == 0 then return 0 end
local ts = tonumber(ARGV[2])
local ctx = ARGV[4]
if ctx ~= '' then
  redis.call('HINCRBY', KEYS[3], ctx, 1)
  if ARGV[5] ~= '' then
    redis.call('HINCRBY', KEYS[3], 'toned:' .. ctx, 1)
    redis.call('HINCRBY', KEYS[4], ARGV[5], 1)
  end
  for i = 15, #ARGV do redis.call('HINCRBY', KEYS[5], ARGV[i], 1) end
end
local ttl = tonumber(ARGV[6])
local now = tonumber(ARGV[7])
local left = ttl - (now - ts)
if left > 0 then
  redis.call('HSET', KEYS[6], 'id', ARGV[8], 'sid', ARGV[9], 'c', ARGV[10], 'k', 'interaction', 'tl', ARGV[11], 'a', 'interaction-recorder', 'ts', ARGV[2])
  redis.call('PEXPIRE', KEYS[6], left)
  redis.call('ZADD', KEYS[7], ts, ARGV[8])
  if redis.call('PTTL', KEYS[7]) < left then redis.call('PEXPIRE', KEYS[7], left) end
end
redis.call('ZADD', KEYS[8], ts, ARGV[12])
redis.call('PEXPIRE', KEYS[8], ARGV[14])
redis.call('ZADD', KEYS[9], 'GT', ts, ARGV[13])
return 1`,
  parseCommand(parser: CommandParser, keys: string[], args: Array<string | number>) {
    parser.pushKeys(keys);
    parser.push(...args.map(String));
  },
  transformReply: undefined as unknown as () => -1 | 0 | 1,
});
