import type { Knex } from 'knex';

// What personalization needs beyond the seed's columns:
// - interactions.refinements: the adjustment kinds asked for before the choice (["more_assertive"]),
//   classified by the recorder; refinement habits are learned from them.
// - interactions.session_id: the live/REST session the interaction belongs to (episodic summaries).
// - erased_users: a tombstone per erased user (a SHA-256 of the id, never the id itself) so that an
//   interaction queued before the erasure and redelivered after it is not written back.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => {
    t.jsonb('refinements').notNullable().defaultTo(knex.raw("'[]'::jsonb"));
    t.string('session_id', 80).nullable();
  });
  await knex.schema.createTable('erased_users', (t) => {
    t.string('user_hash', 64).primary();
    t.timestamp('erased_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('erased_users');
  await knex.schema.alterTable('interactions', (t) => {
    t.dropColumn('refinements');
    t.dropColumn('session_id');
  });
}
