import { createHash, randomBytes } from 'node:crypto';

// randomBytes per id is a system call each time; ids are made on every request, so random bytes are
// drawn 4 KiB at a time and handed out in slices (still from the CSPRNG).
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolAt = POOL_SIZE;
function random10(): string {
  if (poolAt + 10 > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  poolAt += 10;
  return pool.toString('base64url', poolAt - 10, poolAt);
}

/**
 * Prefixed string ids as in the seed (user_, pref_, int_, key_). A millisecond timestamp in base36
 * keeps ids roughly time-ordered; 80 random bits make them unguessable.
 */
export function newId(prefix: 'user' | 'pref' | 'int' | 'key' | 'sess' | 'mem' | 'msg'): string {
  return `${prefix}_${Date.now().toString(36)}${random10()}`;
}

/**
 * The tombstone form of a user id (erasure): a SHA-256, so an erased user's id is not kept anywhere,
 * yet an interaction queued before the erasure can still be recognised and dropped.
 */
export function userHash(userId: string): string {
  return createHash('sha256').update(`calmly-user:${userId}`).digest('hex');
}
