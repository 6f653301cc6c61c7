import type { Knex } from 'knex';

// The seed's data models (section 5): users, user_preferences, interactions, api_keys.
// Ids are prefixed strings (user_, pref_, int_, key_); everything a user owns cascades on delete.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.string('id', 64).primary();
    t.string('email', 320).nullable().unique();
    t.string('workos_user_id', 128).nullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('user_preferences', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().unique().references('users.id').onDelete('CASCADE');
    t.string('preferred_tone', 32).notNullable().defaultTo('balanced');
    t.smallint('default_assertiveness').notNullable().defaultTo(5);
    t.boolean('voice_enabled').notNullable().defaultTo(false);
    t.string('eleven_labs_voice_id', 128).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    'ALTER TABLE user_preferences ADD CONSTRAINT user_preferences_assertiveness_range CHECK (default_assertiveness BETWEEN 1 AND 10)',
  );

  await knex.schema.createTable('interactions', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.text('situation_description').notNullable();
    t.string('detected_context', 16).nullable();
    t.text('selected_response').notNullable();
    t.string('selected_tone', 80).nullable();
    t.integer('refinement_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    "ALTER TABLE interactions ADD CONSTRAINT interactions_context_valid CHECK (detected_context IS NULL OR detected_context IN ('work','friendship','relationship'))",
  );
  // History pages: a user's interactions, newest first.
  await knex.raw('CREATE INDEX interactions_user_created_idx ON interactions (user_id, created_at DESC, id DESC)');

  await knex.schema.createTable('api_keys', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('name', 120).nullable();
    // A short public prefix finds the row; only a hash of the secret is stored.
    t.string('prefix', 16).notNullable().unique();
    t.string('key_hash', 128).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['user_id'], 'api_keys_user_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('api_keys');
  await knex.schema.dropTableIfExists('interactions');
  await knex.schema.dropTableIfExists('user_preferences');
  await knex.schema.dropTableIfExists('users');
}
