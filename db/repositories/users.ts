import type { Db } from '../connection.ts';

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
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
