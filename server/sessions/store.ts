// Live sessions' persisted snapshots in Redis: one key per session holding its owner and the XState
// persisted snapshot, refreshed (with its TTL) at every step (server/realtime/gateway.ts decides which). Any instance can resume any
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

type Write = { value: StoredSession; ttlSeconds: number };

/** The session store port: built once by the composition root, used by the gateway and by ending a session over REST. */
export interface SessionStore {
  load(sessionId: string): Promise<StoredSession | null>;
  /** The user a stored session belongs to; null when there is none (never opened, ended long ago, unreadable). */
  owner(sessionId: string): Promise<string | null>;
  /** Saves in order; resolves when this snapshot (or a newer one) is stored. `ttlSeconds` defaults to the store's. */
  save(sessionId: string, userId: string, snapshot: unknown, opts?: { ttlSeconds?: number }): Promise<void>;
  /** Waits for every write in flight (shutdown, takeover). */
  flush(): Promise<void>;
}

export function createSessionStore(opts: {
  redis: Redis;
  prefix: string;
  ttlSeconds: number;
  log: Logger;
}): SessionStore {
  const { redis, log } = opts;
  const k = keyspace(opts.prefix, 'realtime');
  const keys = { session: (sessionId: string) => k('session', sessionId) };
  // One write in flight per session; a newer snapshot waits for it and replaces any older waiting one,
  // so an older snapshot never lands after a newer one.
  const writes = new Map<string, { running: Promise<void>; next?: Write }>();

  async function write(sessionId: string, { value, ttlSeconds }: Write): Promise<void> {
    await redis.set(keys.session(sessionId), JSON.stringify(value), { EX: ttlSeconds });
  }

  async function load(sessionId: string): Promise<StoredSession | null> {
    const raw = await redis.get(keys.session(sessionId));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as StoredSession;
    } catch {
      log.warn({ sessionId }, 'unreadable stored session; starting afresh');
      return null;
    }
  }

  return {
    load,

    async owner(sessionId) {
      return (await load(sessionId))?.userId ?? null;
    },

    save(sessionId, userId, snapshot, { ttlSeconds = opts.ttlSeconds } = {}): Promise<void> {
      const value: Write = { value: { userId, savedAt: Date.now(), snapshot }, ttlSeconds };
      const pending = writes.get(sessionId);
      if (pending) {
        pending.next = value;
        return pending.running;
      }
      const entry: { running: Promise<void>; next?: Write } = { running: Promise.resolve() };
      entry.running = (async () => {
        let current: Write | undefined = value;
        try {
          while (current) {
            await write(sessionId, current).catch((err) =>
              log.warn({ sessionId, err: (err as Error).message }, 'could not store the session snapshot'),
            );
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

    async flush() {
      await Promise.all([...writes.values()].map((w) => w.running));
    },
  };
}
