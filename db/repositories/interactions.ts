import type { Db } from '../connection.ts';
import type { Context } from '../../machines/domain/types.ts';
import { userHash } from '../../server/domain/ids.ts';

/** The seed's Interaction model, plus the refinement kinds asked for and the session (migration 002). */
export interface Interaction {
  id: string;
  userId: string;
  situationDescription: string;
  detectedContext: Context | null;
  selectedResponse: string;
  selectedTone: string | null;
  refinementCount: number;
  /** Normalised adjustment kinds asked for before this choice, e.g. ["more_assertive"]. */
  refinements: string[];
  sessionId: string | null;
  createdAt: string;
}

/** What older callers (and the seed) provide; the extensions default to empty. */
export type InteractionInput = Omit<Interaction, 'refinements' | 'sessionId'> &
  Partial<Pick<Interaction, 'refinements' | 'sessionId'>>;

interface InteractionRow {
  id: string;
  user_id: string;
  situation_description: string;
  detected_context: Context | null;
  selected_response: string;
  selected_tone: string | null;
  refinement_count: number;
  refinements: string[] | string;
  session_id: string | null;
  created_at: Date;
}

const toInteraction = (r: InteractionRow): Interaction => ({
  id: r.id,
  userId: r.user_id,
  situationDescription: r.situation_description,
  detectedContext: r.detected_context,
  selectedResponse: r.selected_response,
  selectedTone: r.selected_tone,
  refinementCount: r.refinement_count,
  refinements: typeof r.refinements === 'string' ? (JSON.parse(r.refinements) as string[]) : (r.refinements ?? []),
  sessionId: r.session_id,
  createdAt: r.created_at.toISOString(),
});

const toRow = (i: InteractionInput) => ({
  id: i.id,
  user_id: i.userId,
  situation_description: i.situationDescription,
  detected_context: i.detectedContext,
  selected_response: i.selectedResponse,
  selected_tone: i.selectedTone,
  refinement_count: i.refinementCount,
  // pg would send a JS array as a Postgres array literal; jsonb needs JSON text.
  refinements: JSON.stringify(i.refinements ?? []),
  session_id: i.sessionId ?? null,
  created_at: new Date(i.createdAt),
});

const newestFirst = [
  { column: 'created_at', order: 'desc' as const },
  { column: 'id', order: 'desc' as const },
];

export function interactionsRepo(db: Db) {
  return {
    /**
     * Idempotent by id: a redelivered interaction never makes a second row. Creates the user row
     * for an unseen userId. Interactions of a user erased after they were made (see
     * usersRepo.erase) are dropped, not written back. Returns the ids actually inserted.
     */
    async insertMany(items: InteractionInput[]): Promise<string[]> {
      if (!items.length) return [];
      return db.transaction(async (trx) => {
        const userIds = [...new Set(items.map((i) => i.userId))].sort();
        // Shared per-user locks: an erasure (exclusive lock) waits for this batch, or this batch
        // waits for the erasure and then sees its tombstone.
        await trx.raw(
          'SELECT count(pg_advisory_xact_lock_shared(k)) FROM (SELECT hashtextextended(u, 0) AS k FROM unnest(?::text[]) AS u ORDER BY k) s',
          [userIds],
        );
        const hashes = new Map(userIds.map((u) => [userHash(u), u]));
        const tombstones = (await trx('erased_users')
          .whereIn('user_hash', [...hashes.keys()])
          .select('user_hash', 'erased_at')) as Array<{
          user_hash: string;
          erased_at: Date;
        }>;
        let keep = items;
        if (tombstones.length) {
          const erasedAt = new Map(tombstones.map((t) => [hashes.get(t.user_hash)!, t.erased_at.getTime()]));
          keep = items.filter(
            (i) => !erasedAt.has(i.userId) || new Date(i.createdAt).getTime() > erasedAt.get(i.userId)!,
          );
          if (!keep.length) return [];
        }
        const users = [...new Set(keep.map((i) => i.userId))].map((id) => ({ id }));
        await trx('users').insert(users).onConflict('id').ignore();
        const rows = (await trx('interactions')
          .insert(keep.map(toRow))
          .onConflict('id')
          .ignore()
          .returning('id')) as Array<{ id: string }>;
        return rows.map((r) => r.id);
      });
    },
    async get(id: string): Promise<Interaction | null> {
      const row = await db<InteractionRow>('interactions').where({ id }).first();
      return row ? toInteraction(row) : null;
    },
    async countByIds(ids: string[]): Promise<number> {
      if (!ids.length) return 0;
      const [{ count }] = (await db('interactions').whereIn('id', ids).count({ count: '*' })) as [{ count: string }]; // an aggregate: one row
      return Number(count);
    },
    /** A user's interactions, newest first. */
    async listByUser(userId: string, page: number, pageSize: number): Promise<{ items: Interaction[]; total: number }> {
      const [{ count }] = (await db('interactions').where({ user_id: userId }).count({ count: '*' })) as [
        { count: string },
      ]; // an aggregate: one row
      const rows = await db<InteractionRow>('interactions')
        .where({ user_id: userId })
        .orderBy(newestFirst)
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { items: rows.map(toInteraction), total: Number(count) };
    },
    /** Every interaction of a user, oldest first, in pages (export, memory rebuild). */
    async *iterateByUser(userId: string, chunk = 2_000): AsyncGenerator<Interaction[]> {
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const q = db<InteractionRow>('interactions').where({ user_id: userId });
        if (after) {
          const a: { createdAt: Date; id: string } = after;
          q.andWhere((w) =>
            w
              .where('created_at', '>', a.createdAt)
              .orWhere((x) => x.where('created_at', a.createdAt).andWhere('id', '>', a.id)),
          );
        }
        const rows = await q.orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(chunk);
        const last = rows.at(-1);
        if (!last) return;
        yield rows.map(toInteraction);
        after = { createdAt: last.created_at, id: last.id };
        if (rows.length < chunk) return;
      }
    },
    /** Users with at least one interaction (memory rebuild for everyone). */
    async userIds(): Promise<string[]> {
      return db('interactions').distinct('user_id').orderBy('user_id').pluck('user_id');
    },
  };
}
export type InteractionsRepo = ReturnType<typeof interactionsRepo>;
