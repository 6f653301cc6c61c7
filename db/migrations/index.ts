import type { Knex } from 'knex';
import * as m001 from './001_initial.ts';
import * as m002 from './002_interaction_details.ts';
import * as m003 from './003_billing.ts';

/** Migrations listed explicitly: they load the same way under tsx, vitest and a bundler. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_initial': m001,
  '002_interaction_details': m002,
  '003_billing': m003,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
