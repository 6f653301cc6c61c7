import knexFactory, { type Knex } from 'knex';
import type { Config } from '../server/config.ts';

export type Db = Knex;

/**
 * sslmode in the URL is interpreted by our config (libpq semantics), so it is taken out of the
 * string handed to pg, whose own parser would otherwise override the ssl options we pass.
 */
function stripSslParams(url: string): string {
  const u = new URL(url);
  for (const p of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey']) u.searchParams.delete(p);
  return u.toString();
}

export function createDb(db: Config['db']): Db {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: stripSslParams(db.url), ssl: db.ssl ?? false },
    pool: { min: 0, max: db.poolMax },
    acquireConnectionTimeout: 5_000,
  });
}
