import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { requireEnv } from './redis.ts';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(requireEnv('DATABASE_URL'), 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** How many rows a query matches (COUNT(*) answers exactly one row). */
export async function countRows(query: Knex.QueryBuilder): Promise<number> {
  const [{ n }] = (await query.count({ n: '*' })) as [{ n: string | number }];
  return Number(n);
}

/**
 * DROP … WITH (FORCE) ends the sessions still on the database, but refuses (42501) when one of them
 * is still starting up and has no role yet, as when a closing app's pool is reconnecting: try again
 * shortly, a few times.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '42501' || attempt === 10) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A fresh, empty database of its own for one test file, on the real Postgres that `npm test` provisioned. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `calmly_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: withDatabase(requireEnv('DATABASE_URL'), name),
    drop: () => dropDatabase(name),
  };
}
