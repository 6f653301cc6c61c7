import type { Db } from '../connection.ts';

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string | null;
  prefix: string;
  keyHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string | null;
  prefix: string;
  key_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toRecord = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  keyHash: r.key_hash,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export function apiKeysRepo(db: Db) {
  return {
    async create(k: {
      id: string;
      userId: string;
      name: string | null;
      prefix: string;
      keyHash: string;
    }): Promise<ApiKeyRecord> {
      return db.transaction(async (trx) => {
        await trx('users').insert({ id: k.userId }).onConflict('id').ignore();
        const [row] = (await trx('api_keys')
          .insert({ id: k.id, user_id: k.userId, name: k.name, prefix: k.prefix, key_hash: k.keyHash })
          .returning('*')) as [ApiKeyRow]; // one row inserted, one returned
        return toRecord(row);
      });
    },
    /** Looks a key up by its public prefix; revoked keys are not returned. */
    async findActiveByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
      const row = await db<ApiKeyRow>('api_keys').where({ prefix }).whereNull('revoked_at').first();
      return row ? toRecord(row) : null;
    },
    async touch(id: string): Promise<void> {
      await db('api_keys').where({ id }).update({ last_used_at: db.fn.now() });
    },
    async revoke(id: string): Promise<boolean> {
      return (await db('api_keys').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() })) > 0;
    },
    async listByUser(userId: string): Promise<ApiKeyRecord[]> {
      const rows = await db<ApiKeyRow>('api_keys').where({ user_id: userId }).orderBy('created_at', 'desc');
      return rows.map(toRecord);
    },
  };
}
export type ApiKeysRepo = ReturnType<typeof apiKeysRepo>;
