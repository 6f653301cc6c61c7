import { randomBytes } from 'node:crypto';

/**
 * Prefixed string ids as in the seed (user_, pref_, int_, key_). A millisecond timestamp in base36
 * keeps ids roughly time-ordered; 80 random bits make them unguessable.
 */
export function newId(prefix: 'user' | 'pref' | 'int' | 'key' | 'sess' | 'mem' | 'msg'): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(10).toString('base64url')}`;
}
