import type { Db } from '../connection.ts';
import type { Context } from '../../server/domain/types.ts';

/** The seed's Interaction model. */
export interface Interaction {
  id: string;
  userId: string;
  situationDescription: string;
  detectedContext: Context | null;
  selectedResponse: string;
  selectedTone: string | null;
  refinementCount: number;
  createdAt: string;
}

interface InteractionRow {
  id: string;
  user_id: string;
  situation_description: string;
  detected_context: Context | null;
  selected_response: string;
  selected_tone: string | null;
  refinement_count: number;
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
  createdAt: r.created_at.toISOString(),
});

const toRow = (i: Interaction): InteractionRow => ({
  id: i.id,
  user_id: i.userId,
  situation_description: i.situationDescription,
  detected_context: i.detectedContext,
  selected_response: i.selectedResponse,
  selected_tone: i.selectedTone,
  refinement_count: i.refinementCount,
  created_at: new Date(i.createdAt),
});

export function interactionsRepo(db: Db) {
  return {
    /**
     * Idempotent by id: a redelivered interaction never makes a second row. Creates the user row
     * for an unseen userId. Returns the ids actually inserted.
     */
    async insertMany(items: Interaction[]): Promise<string[]> {
      if (!items.length) return [];
      return db.transaction(async (trx) => {
        const userIds = [...new Set(items.map((i) => i.userId))].map((id) => ({ id }));
        await trx('users').insert(userIds).onConflict('id').ignore();
        const rows = (await trx('interactions')
          .insert(items.map(toRow))
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
    /** A user's interactions, newest first. */
    async listByUser(userId: string, page: number, pageSize: number): Promise<{ items: Interaction[]; total: number }> {
      const [{ count }] = (await db('interactions').where({ user_id: userId }).count({ count: '*' })) as Array<{ count: string }>;
      const rows = await db<InteractionRow>('interactions')
        .where({ user_id: userId })
        .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { items: rows.map(toInteraction), total: Number(count) };
    },
  };
}
export type InteractionsRepo = ReturnType<typeof interactionsRepo>;
