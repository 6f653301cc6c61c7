// The interaction queue: a Redis Stream read by a consumer group (the recorder). Each entry carries
// the seed's QueueMessage as JSON plus the interaction and user ids as their own fields (so an
// erasure can find a user's entries without parsing every message). Entries are never trimmed
// before they are processed: the recorder deletes an entry only after acknowledging it.
import { z } from 'zod';
import { storableText } from '../../machines/domain/fields.ts';
import { parseInput } from '../operations/validate.ts';
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import type { Logger } from '../log/logger.ts';

// Every text is checked for what Postgres can store before it is queued (enqueue parses the message),
// so no entry the queue acknowledges can fail its insert for its content.
const text = () => storableText(z.string());

/** The interaction as queued: the seed's fields plus id, creation time, refinements (free text) and session. */
export const queuedInteractionSchema = z.object({
  id: z.string().min(1).max(64),
  situationDescription: text(),
  detectedContext: text().nullable(),
  selectedResponse: text(),
  selectedTone: text().nullable(),
  refinementCount: z.number().int(),
  refinements: z.array(text()).default([]),
  sessionId: text().nullable().default(null),
  createdAt: z.string(),
});
export type QueuedInteraction = z.infer<typeof queuedInteractionSchema>;

/** The seed's QueueMessage. */
export const queueMessageSchema = z.object({
  messageId: z.string(),
  userId: z.string().min(1).max(64),
  interaction: queuedInteractionSchema,
  timestamp: z.number(),
  retryCount: z.number().int().default(0),
});
export type QueueMessage = z.infer<typeof queueMessageSchema>;

export const RECORDER_GROUP = 'recorder';

export function queueKeys(prefix: string) {
  const k = keyspace(prefix, 'queue');
  return {
    stream: k('interactions'),
    dead: k('interactions', 'dead'),
    /** entry id → failed attempts (so retries survive a worker's death) */
    attempts: k('interactions', 'attempts'),
    /** short lock so one worker at a time runs the idle-session sweep */
    sweepLock: k('interactions', 'sweep-lock'),
  };
}
export type QueueKeys = ReturnType<typeof queueKeys>;

export class QueueUnavailableError extends Error {}

/** The interaction queue port: saving appends to it; the recorder consumes it. */
export interface InteractionQueue {
  readonly keys: QueueKeys;
  /** Appends the message; resolves only once Redis has it (and, where supported, fsynced it). */
  enqueue(msg: QueueMessage): Promise<string>;
  depth(): Promise<{ length: number; pending: number; dead: number }>;
  /** A user's entries still queued or dead-lettered (export). */
  listUserEntries(userId: string): Promise<{ queued: unknown[]; deadLettered: unknown[] }>;
  /** Removes a user's queued, pending and dead-lettered entries (erasure); returns how many. */
  removeUserEntries(userId: string): Promise<number>;
}

export function createInteractionQueue(opts: {
  redis: Redis;
  prefix: string;
  log: Logger;
  waitAofTimeoutMs?: number;
}): InteractionQueue {
  const { redis, log } = opts;
  const keys = queueKeys(opts.prefix);
  // WAITAOF (Redis 7.2+) makes "saved" mean fsynced to the AOF. On older servers (or with AOF off)
  // durability is whatever appendfsync gives (everysec by default: at most ~1 s lost on a crash).
  let waitAof: boolean | undefined;

  async function durable(): Promise<void> {
    if (waitAof === false) return;
    try {
      // node-redis has no typed WAITAOF (it has WAIT, for replicas only).
      await redis.sendCommand(['WAITAOF', '1', '0', String(opts.waitAofTimeoutMs ?? 1000)]);
      waitAof = true;
    } catch (err) {
      const msg = (err as Error).message ?? '';
      if (/unknown command|appendonly is disabled|ERR WAITAOF/i.test(msg)) {
        if (waitAof === undefined)
          log.info({ reason: msg }, 'WAITAOF unavailable: queue durability relies on appendfsync');
        waitAof = false;
        return;
      }
      throw err;
    }
  }

  /** Walks a stream in pages, calling fn with the entries of one user (matched on the userId field). */
  async function forUserEntries(
    stream: string,
    userId: string,
    fn: (page: Array<{ id: string; fields: Record<string, string> }>) => Promise<void>,
  ): Promise<void> {
    let start = '-';
    for (;;) {
      const page = await redis.xRange(stream, start, '+', { COUNT: 1000 });
      if (!page.length) return;
      const mine = page.filter((e) => e.message.userId === userId).map((e) => ({ id: e.id, fields: e.message }));
      if (mine.length) await fn(mine);
      const last = page.at(-1);
      if (!last || page.length < 1000) return;
      start = `(${last.id}`;
    }
  }

  return {
    keys,
    /** Appends the message; resolves only once Redis has it (and, where supported, fsynced it). */
    async enqueue(msg: QueueMessage): Promise<string> {
      parseInput(queueMessageSchema, msg, 'interaction', '(interaction)');
      let id: string;
      try {
        id = await redis.xAdd(keys.stream, '*', {
          interactionId: msg.interaction.id,
          userId: msg.userId,
          message: JSON.stringify(msg),
        });
        await durable();
      } catch (err) {
        throw new QueueUnavailableError(`queue unavailable: ${(err as Error).message}`);
      }
      return id;
    },

    async depth(): Promise<{ length: number; pending: number; dead: number }> {
      const [length, dead, pending] = await Promise.all([
        redis.xLen(keys.stream),
        redis.xLen(keys.dead),
        redis.xPending(keys.stream, RECORDER_GROUP).then(
          (p) => p.pending,
          () => 0,
        ), // no group yet: nothing pending
      ]);
      return { length, dead, pending };
    },

    /** A user's entries still queued (or pending) and dead-lettered: what the queue holds about them. */
    async listUserEntries(userId: string): Promise<{ queued: unknown[]; deadLettered: unknown[] }> {
      const out: { queued: unknown[]; deadLettered: unknown[] } = { queued: [], deadLettered: [] };
      for (const [stream, list] of [
        [keys.stream, out.queued],
        [keys.dead, out.deadLettered],
      ] as const) {
        await forUserEntries(stream, userId, async (page) => {
          for (const { id, fields } of page) {
            let message: unknown = fields.message;
            try {
              message = JSON.parse(fields.message ?? '');
            } catch {
              // kept as text
            }
            list.push({
              entryId: id,
              message,
              ...(fields.error ? { error: fields.error, failedAt: fields.failedAt } : {}),
            });
          }
        });
      }
      return out;
    },

    /** Removes every queued, pending and dead-lettered entry of a user (privacy erasure). Returns how many. */
    async removeUserEntries(userId: string): Promise<number> {
      let removed = 0;
      for (const stream of [keys.stream, keys.dead]) {
        await forUserEntries(stream, userId, async (page) => {
          const ids = page.map((e) => e.id);
          const m = redis.multi();
          if (stream === keys.stream) m.xAck(stream, RECORDER_GROUP, ids);
          m.xDel(stream, ids).hDel(keys.attempts, ids);
          await m.exec();
          removed += ids.length;
        });
      }
      return removed;
    },
  };
}
