import type { Knex } from 'knex';
import * as m001 from './001_initial.ts';

/** Migrations listed explicitly: they load the same way under tsx, vitest and a bundler. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_initial': m001,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};
