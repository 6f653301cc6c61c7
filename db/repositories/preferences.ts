import type { Db } from '../connection.ts';
import { newId } from '../../server/domain/ids.ts';
import { DEFAULT_PREFERENCES, type Preferences, type PreferredTone } from '../../machines/domain/types.ts';

export interface StoredPreferences extends Preferences {
  id: string;
  createdAt: string;
  updatedAt: string;
}

interface PreferencesRow {
  id: string;
  user_id: string;
  preferred_tone: string;
  default_assertiveness: number;
  voice_enabled: boolean;
  eleven_labs_voice_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const toPreferences = (r: PreferencesRow): StoredPreferences => ({
  id: r.id,
  userId: r.user_id,
  preferredTone: r.preferred_tone as PreferredTone,
  defaultAssertiveness: r.default_assertiveness,
  voiceEnabled: r.voice_enabled,
  elevenLabsVoiceId: r.eleven_labs_voice_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export type PreferencesPatch = Partial<Omit<Preferences, 'userId'>>;

export function preferencesRepo(db: Db) {
  return {
    async get(userId: string): Promise<StoredPreferences | null> {
      const row = await db<PreferencesRow>('user_preferences').where({ user_id: userId }).first();
      return row ? toPreferences(row) : null;
    },
    /** Creates the user and their preferences row as needed; fields left out keep their value (or the default). */
    async upsert(userId: string, patch: PreferencesPatch): Promise<StoredPreferences> {
      return db.transaction(async (trx) => {
        await trx('users').insert({ id: userId }).onConflict('id').ignore();
        const changes: Partial<PreferencesRow> = {};
        if (patch.preferredTone !== undefined) changes.preferred_tone = patch.preferredTone;
        if (patch.defaultAssertiveness !== undefined) changes.default_assertiveness = patch.defaultAssertiveness;
        if (patch.voiceEnabled !== undefined) changes.voice_enabled = patch.voiceEnabled;
        if (patch.elevenLabsVoiceId !== undefined) changes.eleven_labs_voice_id = patch.elevenLabsVoiceId;
        const insert = {
          id: newId('pref'),
          user_id: userId,
          preferred_tone: DEFAULT_PREFERENCES.preferredTone,
          default_assertiveness: DEFAULT_PREFERENCES.defaultAssertiveness,
          voice_enabled: DEFAULT_PREFERENCES.voiceEnabled,
          eleven_labs_voice_id: DEFAULT_PREFERENCES.elevenLabsVoiceId,
          ...changes,
        };
        const query = trx('user_preferences').insert(insert).onConflict('user_id');
        const [row] = (await (Object.keys(changes).length
          ? query.merge({ ...changes, updated_at: trx.fn.now() })
          : query.merge(['user_id'])
        ).returning('*')) as [PreferencesRow]; // one row upserted, one returned
        return toPreferences(row);
      });
    },
  };
}
export type PreferencesRepo = ReturnType<typeof preferencesRepo>;
