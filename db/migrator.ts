import type { Db } from './connection.ts';
import { migrationSource } from './migrations/index.ts';

const options = { migrationSource, tableName: 'knex_migrations' };

/** Applies pending migrations; returns the names applied. Safe to call from several processes at once (knex locks). */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(options)) as [number, string[]];
  return applied;
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback(options, true);
}
