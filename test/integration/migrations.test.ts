import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/connection.ts';
import { migrateLatest, rollbackAll } from '../../db/migrator.ts';
import { createTestDatabase } from '../support/postgres.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, poolMax: 2 });
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const columns = async (table: string) =>
  (await db('information_schema.columns').where({ table_name: table }).pluck('column_name')).sort();
const indexes = async (table: string) => db('pg_indexes').where({ tablename: table }).pluck('indexdef');

describe('migrations from an empty database', () => {
  it('create the seed tables with snake_case columns', async () => {
    expect(await migrateLatest(db)).toEqual(['001_initial', '002_interaction_details', '003_billing']);
    expect(await columns('users')).toEqual(['created_at', 'email', 'id', 'updated_at', 'workos_user_id']);
    expect(await columns('user_preferences')).toEqual(
      [
        'created_at',
        'default_assertiveness',
        'eleven_labs_voice_id',
        'id',
        'preferred_tone',
        'updated_at',
        'user_id',
        'voice_enabled',
      ].sort(),
    );
    expect(await columns('interactions')).toEqual(
      [
        'created_at',
        'detected_context',
        'id',
        'refinement_count',
        'refinements',
        'selected_response',
        'selected_tone',
        'session_id',
        'situation_description',
        'user_id',
      ].sort(),
    );
    expect(await columns('erased_users')).toEqual(['erased_at', 'user_hash']);
    expect(await columns('api_keys')).toEqual(
      ['created_at', 'id', 'key_hash', 'last_used_at', 'name', 'prefix', 'revoked_at', 'user_id'].sort(),
    );
    expect(await columns('billing_customers')).toEqual(['created_at', 'stripe_customer_id', 'user_id']);
    expect(await columns('billing_subscriptions')).toEqual(
      [
        'cancel_at_period_end',
        'current_period_end',
        'event_created',
        'id',
        'price_id',
        'status',
        'stripe_customer_id',
        'updated_at',
        'user_id',
      ].sort(),
    );
    expect(await columns('billing_events')).toEqual(['created', 'id', 'processed_at', 'type']);
  });

  it('index the queries we run: history by user and time, api key by prefix', async () => {
    expect((await indexes('interactions')).join('\n')).toMatch(/\(user_id, created_at DESC, id DESC\)/);
    expect((await indexes('api_keys')).join('\n')).toMatch(/UNIQUE INDEX .*\(prefix\)/);
  });

  it('enforce the data rules in the database too', async () => {
    await db('users').insert({ id: 'user_rules' });
    await expect(
      db('user_preferences').insert({ id: 'pref_x', user_id: 'user_rules', default_assertiveness: 11 }),
    ).rejects.toThrow(/assertiveness/);
    await expect(
      db('interactions').insert({
        id: 'int_x',
        user_id: 'user_rules',
        situation_description: 's',
        selected_response: 'r',
        detected_context: 'school',
      }),
    ).rejects.toThrow(/context/);
    await expect(
      db('interactions').insert({
        id: 'int_y',
        user_id: 'user_nobody',
        situation_description: 's',
        selected_response: 'r',
      }),
    ).rejects.toThrow(/foreign key/);
  });

  it('cascade a user deletion to everything they own', async () => {
    await db('user_preferences').insert({ id: 'pref_rules', user_id: 'user_rules' });
    await db('interactions').insert({
      id: 'int_rules',
      user_id: 'user_rules',
      situation_description: 's',
      selected_response: 'r',
    });
    await db('billing_customers').insert({ user_id: 'user_rules', stripe_customer_id: 'cus_rules' });
    await db('billing_subscriptions').insert({ id: 'sub_rules', user_id: 'user_rules', status: 'active' });
    await db('users').where({ id: 'user_rules' }).delete();
    expect(await db('billing_customers').where({ user_id: 'user_rules' })).toEqual([]);
    expect(await db('billing_subscriptions').where({ user_id: 'user_rules' })).toEqual([]);
    expect(await db('user_preferences').where({ user_id: 'user_rules' })).toEqual([]);
    expect(await db('interactions').where({ user_id: 'user_rules' })).toEqual([]);
  });

  it('roll back to empty and apply again', async () => {
    await rollbackAll(db);
    expect(await db('information_schema.tables').where({ table_schema: 'public', table_name: 'users' })).toEqual([]);
    expect(await migrateLatest(db)).toEqual(['001_initial', '002_interaction_details', '003_billing']);
    expect(await migrateLatest(db)).toEqual([]);
  });
});
