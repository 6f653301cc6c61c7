import { createHash, randomBytes } from 'node:crypto';

/**
 * Prefixed string ids as in the seed (user_, pref_, int_, key_). A millisecond timestamp in base36
 * keeps ids roughly time-ordered; 80 random bits make them unguessable.
 */
export function newId(prefix: 'user' | 'pref' | 'int' | 'key' | 'sess' | 'mem' | 'msg'): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(10).toString('base64url')}`;
}

/**
 * The tombstone form of a user id (erasure): a SHA-256, so an erased user's id is not kept anywhere,
 * yet an interaction queued before the erasure can still be recognised and dropped.
 */
export function userHash(userId: string): string {
  return createHash('sha256').update(`calmly-user:${userId}`).digest('hex');
}
