// API keys (AUTH_MODE=apikey). A key is `clm_<12 hex>_<43 base64url>`: the first part (16
// characters, `clm_` included) is the key's public prefix, stored as is and used to find its row;
// the whole key is stored only as a SHA-256 (a key has 256 random bits, so a fast hash is safe: there
// is nothing to guess). Keys are shown once, when made (`npm run apikey:create`), and revoked with
// `npm run apikey:revoke`. last_used_at is written at most once a minute per key.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeysRepo } from '../../db/repositories/apiKeys.ts';
import { newId } from '../domain/ids.ts';

const KEY = /^(clm_[a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;
const TOUCH_EVERY_MS = 60_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The public prefix of a well-formed key, or null. */
export function apiKeyPrefix(token: string): string | null {
  return KEY.exec(token)?.[1] ?? null;
}

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = `clm_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

export interface CreatedApiKey {
  /** The secret: shown once, never stored. */
  key: string;
  record: ApiKeyRecord;
}

/** Makes a key for a user (creating the user row when needed). */
export async function createApiKey(
  repo: ApiKeysRepo,
  opts: { userId: string; name?: string | null },
): Promise<CreatedApiKey> {
  for (let attempt = 0; ; attempt++) {
    const { key, prefix, keyHash } = generateApiKey();
    try {
      const record = await repo.create({
        id: newId('key'),
        userId: opts.userId,
        name: opts.name ?? null,
        prefix,
        keyHash,
      });
      return { key, record };
    } catch (err) {
      // A prefix collision (48 random bits) is retried; anything else is real.
      if (attempt < 3 && /api_keys_prefix_unique|duplicate key/i.test((err as Error).message)) continue;
      throw err;
    }
  }
}

/** Revokes by id (`key_…`) or prefix (`clm_…`, or its 12 hex characters); false when no active key matched. */
export async function revokeApiKey(repo: ApiKeysRepo, by: { id?: string; prefix?: string }): Promise<boolean> {
  if (by.id) return repo.revoke(by.id);
  if (by.prefix) {
    const prefix = by.prefix.startsWith('clm_') ? by.prefix : `clm_${by.prefix}`;
    const found = await repo.findActiveByPrefix(prefix);
    return found ? repo.revoke(found.id) : false;
  }
  return false;
}

const lastTouched = new Map<string, number>();

/** The active key this token is, or null (malformed, unknown, revoked, or a wrong secret). */
export async function verifyApiKey(
  repo: ApiKeysRepo,
  token: string,
  onTouchError?: (err: Error) => void,
): Promise<ApiKeyRecord | null> {
  const prefix = apiKeyPrefix(token);
  if (!prefix) return null;
  const record = await repo.findActiveByPrefix(prefix);
  if (!record) return null;
  const given = Buffer.from(hashApiKey(token), 'hex');
  const stored = Buffer.from(record.keyHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
  // last_used_at: at most one write a minute per key (the row read above says when it last was;
  // the map keeps concurrent requests of this process from all writing it).
  const now = Date.now();
  const stale = !record.lastUsedAt || now - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS;
  if (stale && now - (lastTouched.get(record.id) ?? 0) >= TOUCH_EVERY_MS) {
    lastTouched.set(record.id, now);
    if (lastTouched.size > 10_000) {
      for (const [id, at] of lastTouched) if (now - at >= TOUCH_EVERY_MS) lastTouched.delete(id);
    }
    repo.touch(record.id).catch((err: Error) => onTouchError?.(err));
  }
  return record;
}
