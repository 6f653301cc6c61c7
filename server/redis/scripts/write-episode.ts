import { defineScript, type CommandParser } from 'redis';

// Writes the episode unless the user was erased after its last interaction (-1), removes the
// summarised members from the run, and drops the session from the active index once its run is empty.
//
export const writeEpisode = defineScript({
  NUMBER_OF_KEYS: 5,
  SCRIPT: `
local e = redis.call('HGET', KEYS[1], ARGV[1])
if e and tonumber(e) >= tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
for i = 7, #ARGV do redis.call('ZREM', KEYS[4], ARGV[i]) end
if redis.call('ZCARD', KEYS[4]) == 0 then redis.call('ZREM', KEYS[5], ARGV[6]) end
return 1`,
  parseCommand(parser: CommandParser, keys: string[], args: Array<string | number>) {
    parser.pushKeys(keys);
    parser.push(...args.map(String));
  },
  transformReply: undefined as unknown as () => -1 | 1,
});
