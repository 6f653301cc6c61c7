// Every memory key, built from one keyspace helper. All of a user's memory lives under
// `<prefix>:memory:u:<userId>:`, so nothing of user A is reachable through user B's id and an
// erasure can find everything of one user by pattern. (User and session ids are restricted to
// [A-Za-z0-9_-], so they cannot contain ':' or glob characters.)
import { keyspace } from '../redis/keys.ts';

export function memoryKeys(prefix: string) {
  const k = keyspace(prefix, 'memory');
  return {
    /** Pattern matching every key of one user. */
    userPattern: (userId: string) => `${k('u', userId)}:*`,
    /** Working memory: one hash per entry, one zset (memoryId by time) per session. */
    entry: (userId: string, memoryId: string) => k('u', userId, 'w', 'e', memoryId),
    sessionIndex: (userId: string, sessionId: string) => k('u', userId, 'w', 's', sessionId),
    sessionIndexPattern: (userId: string) => `${k('u', userId, 'w', 's')}:*`,
    /** Episodic: interactions of the session run not yet summarised; summaries and their index. */
    run: (userId: string, sessionId: string) => k('u', userId, 'run', sessionId),
    episodes: (userId: string) => k('u', userId, 'ep'),
    episode: (userId: string, episodeId: string) => k('u', userId, 'ep', episodeId),
    /** Sessions with unsummarised interactions, member `<userId>:<sessionId>`, score = last activity (ms). */
    active: () => k('active'),
    /** Semantic: interaction ids already counted, totals per context, tone and refinement counts. */
    seen: (userId: string) => k('u', userId, 'sem', 'seen'),
    totals: (userId: string) => k('u', userId, 'sem', 'n'),
    tones: (userId: string, context: string) => k('u', userId, 'sem', 'tone', context),
    refinements: (userId: string, context: string) => k('u', userId, 'sem', 'ref', context),
    /** Tombstones of erased users: field = hash of the user id, value = erasure time (ms). */
    erased: () => k('erased'),
    /** Preference cache (dropped on write). */
    preferences: (userId: string) => k('u', userId, 'prefs'),
  };
}
export type MemoryKeys = ReturnType<typeof memoryKeys>;
