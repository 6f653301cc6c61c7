import type { Db } from '../connection.ts';
import { userHash } from '../../server/domain/ids.ts';

export { userHash };

export interface User {
  id: string;
  email: string | null;
  workosUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface UserRow {
  id: string;
  email: string | null;
  workos_user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  workosUserId: r.workos_user_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export function usersRepo(db: Db) {
  return {
    /** Creates the user row for an id seen for the first time; a no-op otherwise. */
    async ensure(id: string, trx: Db = db): Promise<void> {
      await trx('users').insert({ id }).onConflict('id').ignore();
    },
    async get(id: string): Promise<User | null> {
      const row = await db<UserRow>('users').where({ id }).first();
      return row ? toUser(row) : null;
    },
    /** Erases the user and, by cascade, their preferences, interactions and keys. */
    async delete(id: string): Promise<boolean> {
      return (await db('users').where({ id }).delete()) > 0;
    },
    /**
     * Privacy erasure: deletes the user (cascading to everything they own) and records a tombstone
     * (a hash of the id and the time) so an interaction queued before now is never written back.
     * Interactions made after the erasure are accepted again. Returns the rows removed per table.
     */
    async erase(id: string): Promise<Record<string, number>> {
      return db.transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [id]);
        await trx('erased_users')
          .insert({ user_hash: userHash(id), erased_at: trx.fn.now() })
          .onConflict('user_hash')
          .merge({ erased_at: trx.fn.now() });
        const removed: Record<string, number> = {};
        for (const table of ['interactions', 'user_preferences', 'api_keys']) {
          removed[table] = await trx(table).where({ user_id: id }).delete();
        }
        removed.users = await trx('users').where({ id }).delete();
        return removed;
      });
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
