// Live sessions' persisted snapshots in Redis: one key per session holding its owner and the XState
// persisted snapshot, refreshed (with its TTL) after every transition. Any instance can resume any
// session from here; the owner check keeps a session to the user who created it.
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import type { Logger } from '../log/logger.ts';

export interface StoredSession {
  userId: string;
  savedAt: number;
  /** actor.getPersistedSnapshot(), as JSON. */
  snapshot: unknown;
}

export function sessionStoreKeys(prefix: string) {
  const k = keyspace(prefix, 'realtime');
  return { session: (sessionId: string) => k('session', sessionId) };
}

export function createSessionStore(opts: { redis: Redis; prefix: string; ttlSeconds: number; log: Logger }) {
  const { redis, log } = opts;
  const keys = sessionStoreKeys(opts.prefix);
  // One write in flight per session; a newer snapshot waits for it and replaces any older waiting one,
  // so an older snapshot never lands after a newer one.
  const writes = new Map<string, { running: Promise<void>; next?: StoredSession }>();

  async function write(sessionId: string, value: StoredSession): Promise<void> {
    await redis.set(keys.session(sessionId), JSON.stringify(value), { EX: opts.ttlSeconds });
  }

  return {
    async load(sessionId: string): Promise<StoredSession | null> {
      const raw = await redis.get(keys.session(sessionId));
      if (!raw) return null;
      try {
        return JSON.parse(raw) as StoredSession;
      } catch {
        log.warn({ sessionId }, 'unreadable stored session; starting afresh');
        return null;
      }
    },

    /** Saves in order; resolves when this snapshot (or a newer one) is stored. */
    save(sessionId: string, userId: string, snapshot: unknown): Promise<void> {
      const value: StoredSession = { userId, savedAt: Date.now(), snapshot };
      const pending = writes.get(sessionId);
      if (pending) {
        pending.next = value;
        return pending.running;
      }
      const entry: { running: Promise<void>; next?: StoredSession } = { running: Promise.resolve() };
      entry.running = (async () => {
        let current: StoredSession | undefined = value;
        try {
          while (current) {
            await write(sessionId, current).catch((err) => log.warn({ sessionId, err: (err as Error).message }, 'could not store the session snapshot'));
            current = entry.next;
            entry.next = undefined;
          }
        } finally {
          writes.delete(sessionId);
        }
      })();
      writes.set(sessionId, entry);
      return entry.running;
    },

    /** Waits for every write in flight (shutdown). */
    async flush(): Promise<void> {
      await Promise.all([...writes.values()].map((w) => w.running));
    },

    async remove(sessionId: string): Promise<void> {
      await redis.del(keys.session(sessionId));
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
