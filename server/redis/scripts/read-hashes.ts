import { defineScript, type CommandParser } from 'redis';
import type { ArrayReply, BlobStringReply } from '@redis/client/dist/lib/RESP/types.js';

/**
 * HGETALL of several hashes in one call (a user's learned-pattern counts are seven small hashes, read
 * on every generation): one round trip and one command instead of seven. Each hash comes back as its
 * flat field, value list.
 */
export const readHashes = defineScript({
  // No NUMBER_OF_KEYS: the script reads as many hashes as it is given, so each call says how many.
  SCRIPT: `
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
return out
`,
  parseCommand(parser: CommandParser, keys: readonly string[]) {
    parser.push(String(keys.length));
    for (const key of keys) parser.pushKey(key);
  },
  transformReply: undefined as unknown as () => ArrayReply<ArrayReply<BlobStringReply>>,
});
