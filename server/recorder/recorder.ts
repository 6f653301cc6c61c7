// The interaction recorder: reads the interaction stream with a consumer group, writes each
// interaction to Postgres (idempotent by id), records it in memory (idempotent by id), and only then
// acknowledges and deletes the entry. At-least-once delivery + idempotent effects = exactly-once
// results.
//
//   - batches: XREADGROUP COUNT batchSize; one multi-row INSERT per batch; if the batch insert fails
//     because of a bad row, rows are retried one by one to isolate it.
//   - an entry's own failure (constraint violation, bad data) counts towards maxAttempts (the count
//     lives in Redis, so it survives a worker's death); retries back off exponentially; after
//     maxAttempts the entry moves to the dead-letter stream with the error, without holding others.
//     A message that cannot even be parsed is dead-lettered at once (retrying cannot help).
//   - an infrastructure failure (Postgres or Redis unreachable) is nobody's entry's fault: the batch is
//     retried with capped exponential backoff until the service returns, its entries kept claimed.
//   - entries left pending by a dead consumer are taken over with XAUTOCLAIM once idle longer than
//     claimIdleMs (set it above the slowest normal handling of a batch).
//   - several recorders (in-process and `npm run worker`) share the group, and one recorder runs
//     `concurrency` read loops, so the next batch is read and parsed while the previous one waits
//     on Postgres and Redis (each loop has its own connection: XREADGROUP BLOCK holds it).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/connection.ts';
import { interactionsRepo, type Interaction } from '../../db/repositories/interactions.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import type { Memory } from '../memory/index.ts';
import type { Context } from '../../machines/domain/types.ts';
import { classifyAdjustment } from '../coach/index.ts';
import { queueKeys, queueMessageSchema, RECORDER_GROUP, type QueueMessage } from './queue.ts';
import { errorText, isInfraError } from './errors.ts';

export interface RecorderOptions {
  prefix: string;
  batchSize?: number;
  maxAttempts?: number;
  claimIdleMs?: number;
  /** How long one XREADGROUP waits for new entries. */
  blockMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often (at most) the idle-session sweep runs across all recorders. */
  sweepEveryMs?: number;
  consumer?: string;
  /** Batches in flight at once (read loops); housekeeping runs in the first only. */
  concurrency?: number;
  /** Free-text refinement → adjustment kinds (the coach's classifier by default). */
  classify?: (text: string) => readonly string[];
  /** Called after entries are written, recorded and acknowledged (benchmarks, tests). */
  onWritten?: (ids: string[], at: number) => void;
}

export interface RecorderMetrics {
  consumer: string;
  running: boolean;
  processed: number;
  inserted: number;
  deadLettered: number;
  entryFailures: number;
  infraErrors: number;
  claimed: number;
  batches: number;
  lagMs: { p50: number; p99: number; max: number; samples: number };
  lastBatchAt: string | null;
}

interface RawEntry {
  id: string;
  fields: Record<string, string>;
}

interface Item {
  entry: RawEntry;
  msg: QueueMessage;
  interaction: Interaction;
}

const LAG_WINDOW = 10_000;

/** The recorder: consumes the interaction queue into Postgres and memory. */
export interface Recorder {
  /** This consumer's name in the stream's group. */
  readonly consumer: string;
  start(): Promise<void>;
  /** Graceful: lets the current batch finish (unless it is waiting for infrastructure), then stops. */
  stop(): Promise<void>;
  metrics(): RecorderMetrics;
}

export function createRecorder(deps: {
  redis: Redis;
  db: Db;
  memory: Memory;
  log: Logger;
  options: RecorderOptions;
}): Recorder {
  const { redis, memory } = deps;
  const o = deps.options;
  const batchSize = o.batchSize ?? 200;
  const maxAttempts = o.maxAttempts ?? 5;
  const claimIdleMs = o.claimIdleMs ?? 30_000;
  const blockMs = o.blockMs ?? 1_000;
  const retryBaseMs = o.retryBaseMs ?? 100;
  const retryMaxMs = o.retryMaxMs ?? 5_000;
  const sweepEveryMs = o.sweepEveryMs ?? 5_000;
  const concurrency = Math.max(1, o.concurrency ?? 2);
  const consumer = o.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const classify = o.classify ?? classifyAdjustment;
  const keys = queueKeys(o.prefix);
  const repo = interactionsRepo(deps.db);
  const log = deps.log.child({ component: 'recorder', consumer });

  let running = false;
  let loopDone: Promise<void> | null = null;
  let readers: Redis[] = [];
  let claimCursor = '0-0';
  let nextClaimAt = 0;
  let nextSweepAt = 0;
  const retries = new Map<string, { entry: RawEntry; dueAt: number }>();
  const lags: number[] = [];
  let lagAt = 0;
  const m = {
    processed: 0,
    inserted: 0,
    deadLettered: 0,
    entryFailures: 0,
    infraErrors: 0,
    claimed: 0,
    batches: 0,
    lastBatchAt: null as string | null,
  };

  function backoff(attempt: number): number {
    return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt, 20));
  }

  async function ensureGroup(): Promise<void> {
    try {
      await redis.xGroupCreate(keys.stream, RECORDER_GROUP, '0', { MKSTREAM: true });
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  /** ensureGroup through a Redis outage (a worker may start while Redis replays its AOF: LOADING). */
  async function ensureGroupPatiently(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await ensureGroup();
      } catch (err) {
        if (!isInfraError(err)) throw err;
        m.infraErrors++;
        if (attempt === 0 || attempt % 20 === 0)
          log.warn({ err: errorText(err) }, 'Redis unavailable; waiting to join the consumer group');
        await sleep(backoff(attempt));
      }
    }
  }

  /** Parses an entry into a validated message and the row to write; a string is the reason it cannot be. */
  function parse(entry: RawEntry): Item | string {
    let json: unknown;
    try {
      json = JSON.parse(entry.fields.message ?? '');
    } catch {
      return 'invalid message: not JSON';
    }
    const r = queueMessageSchema.safeParse(json);
    if (!r.success)
      return `invalid message: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    const msg = r.data;
    const q = msg.interaction;
    const kinds = [...new Set(q.refinements.flatMap((t) => classify(t)))].sort();
    return {
      entry,
      msg,
      interaction: {
        id: q.id,
        userId: msg.userId,
        situationDescription: q.situationDescription,
        // Not narrowed here on purpose: the database's rules decide (a bad value is the entry's failure).
        detectedContext: q.detectedContext as Context | null,
        selectedResponse: q.selectedResponse,
        selectedTone: q.selectedTone,
        refinementCount: q.refinementCount,
        refinements: kinds,
        sessionId: q.sessionId,
        createdAt: q.createdAt,
      },
    };
  }

  /** Keeps our pending entries' idle time low while we wait for infrastructure, so nobody steals them needlessly. */
  async function heartbeat(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await redis.xClaimJustId(keys.stream, RECORDER_GROUP, consumer, 0, ids).catch(() => undefined);
  }

  /**
   * Runs fn until it succeeds or fails for a reason other than infrastructure (rethrown).
   * Returns false when the recorder was stopped while waiting.
   */
  async function untilInfraOk(fn: () => Promise<void>, ids: string[]): Promise<boolean> {
    let lastBeat = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await fn();
        return true;
      } catch (err) {
        if (!isInfraError(err)) throw err;
        m.infraErrors++;
        if (attempt === 0 || attempt % 20 === 0)
          log.warn({ err: errorText(err), entries: ids.length }, 'infrastructure unavailable; retrying');
        if (!running) return false;
        await sleep(backoff(attempt));
        if (Date.now() - lastBeat > claimIdleMs / 3) {
          await heartbeat(ids);
          lastBeat = Date.now();
        }
        if (!running) return false;
      }
    }
  }

  async function deadLetter(entry: RawEntry, error: string, attempts: number): Promise<void> {
    const fields: Record<string, string> = {
      originalId: entry.id,
      interactionId: entry.fields.interactionId ?? '',
      userId: entry.fields.userId ?? '',
      message: entry.fields.message ?? JSON.stringify(entry.fields),
      error,
      attempts: String(attempts),
      failedAt: new Date().toISOString(),
      consumer,
    };
    await redis
      .multi()
      .xAdd(keys.dead, '*', fields)
      .xAck(keys.stream, RECORDER_GROUP, entry.id)
      .xDel(keys.stream, entry.id)
      .hDel(keys.attempts, entry.id)
      .exec();
    retries.delete(entry.id);
    m.deadLettered++;
    log.warn(
      { entryId: entry.id, interactionId: fields.interactionId, attempts, error },
      'entry moved to the dead-letter stream',
    );
  }

  async function entryFailed(entry: RawEntry, err: unknown): Promise<void> {
    m.entryFailures++;
    const attempts = await redis.hIncrBy(keys.attempts, entry.id, 1);
    if (attempts >= maxAttempts) {
      await deadLetter(entry, errorText(err), attempts);
      return;
    }
    log.info({ entryId: entry.id, attempts, err: errorText(err) }, 'entry failed; will retry');
    retries.set(entry.id, { entry, dueAt: Date.now() + backoff(attempts - 1) });
  }

  /** Inserts the batch; on a data error, row by row to find the culprit(s). Infrastructure errors propagate. */
  async function writeRows(items: Item[]): Promise<{ ok: Item[]; failed: Array<{ item: Item; err: unknown }> }> {
    try {
      const inserted = await repo.insertMany(items.map((i) => i.interaction));
      m.inserted += inserted.length;
      return { ok: items, failed: [] };
    } catch (err) {
      if (isInfraError(err)) throw err;
      const [only] = items;
      if (items.length === 1 && only) return { ok: [], failed: [{ item: only, err }] };
    }
    const ok: Item[] = [];
    const failed: Array<{ item: Item; err: unknown }> = [];
    for (const item of items) {
      try {
        m.inserted += (await repo.insertMany([item.interaction])).length;
        ok.push(item);
      } catch (err) {
        if (isInfraError(err)) throw err;
        failed.push({ item, err });
      }
    }
    return { ok, failed };
  }

  async function handle(entries: RawEntry[]): Promise<void> {
    const items: Item[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      retries.delete(entry.id);
      const parsed = parse(entry);
      if (typeof parsed === 'string') await deadLetter(entry, parsed, 1);
      else items.push(parsed);
    }
    if (!items.length) return;
    const ids = items.map((i) => i.entry.id);

    let result: Awaited<ReturnType<typeof writeRows>> = { ok: [], failed: [] };
    if (!(await untilInfraOk(async () => void (result = await writeRows(items)), ids))) return;
    for (const f of result.failed) await entryFailed(f.item.entry, f.err);
    const ok = result.ok;
    if (!ok.length) return;

    const okIds = ok.map((i) => i.entry.id);
    try {
      const done = await untilInfraOk(
        async () => void (await memory.recordInteractions(ok.map((i) => i.interaction))),
        okIds,
      );
      if (!done) return;
    } catch (err) {
      // Not infrastructure: a memory bug or bad data. Count it against the entries (rows are in and stay).
      for (const i of ok) await entryFailed(i.entry, err);
      return;
    }
    if (
      !(await untilInfraOk(async () => {
        await redis
          .multi()
          .xAck(keys.stream, RECORDER_GROUP, okIds)
          .xDel(keys.stream, okIds)
          .hDel(keys.attempts, okIds)
          .exec();
      }, okIds))
    )
      return;

    const now = Date.now();
    for (const i of ok) {
      const lag = now - i.msg.timestamp;
      if (lags.length < LAG_WINDOW) lags.push(lag);
      else lags[lagAt++ % LAG_WINDOW] = lag;
    }
    m.processed += ok.length;
    m.batches++;
    m.lastBatchAt = new Date(now).toISOString();
    o.onWritten?.(
      ok.map((i) => i.interaction.id),
      now,
    );
  }

  async function readNew(reader: Redis, count: number, block: number): Promise<RawEntry[]> {
    const reply = await reader.xReadGroup(
      RECORDER_GROUP,
      consumer,
      { key: keys.stream, id: '>' },
      { COUNT: count, BLOCK: block > 0 ? block : undefined },
    );
    if (!reply) return [];
    return reply.flatMap((s) => s.messages.map((e) => ({ id: e.id, fields: e.message })));
  }

  async function autoclaim(): Promise<RawEntry[]> {
    const { nextId, messages, deletedMessages } = await redis.xAutoClaim(
      keys.stream,
      RECORDER_GROUP,
      consumer,
      claimIdleMs,
      claimCursor,
      { COUNT: batchSize },
    );
    claimCursor = nextId;
    if (deletedMessages.length) await redis.hDel(keys.attempts, deletedMessages);
    const out = messages.filter((e) => e !== null).map((e) => ({ id: e.id, fields: e.message }));
    if (out.length) {
      m.claimed += out.length;
      log.info({ count: out.length }, 'claimed entries left pending by another consumer');
    }
    return out;
  }

  async function housekeeping(): Promise<RawEntry[]> {
    const now = Date.now();
    if (now >= nextSweepAt) {
      nextSweepAt = now + sweepEveryMs;
      const lock = await redis.set(keys.sweepLock, consumer, { NX: true, PX: sweepEveryMs });
      if (lock) {
        const n = await memory.sweepIdleSessions();
        if (n) log.debug({ episodes: n }, 'summarised idle sessions');
      }
    }
    if (now >= nextClaimAt) {
      const claimed = await autoclaim();
      // Scan on promptly while the previous call found work or the cursor has not wrapped.
      nextClaimAt = claimed.length || claimCursor !== '0-0' ? now : now + Math.max(100, Math.floor(claimIdleMs / 4));
      return claimed;
    }
    return [];
  }

  function dueRetries(now: number): RawEntry[] {
    const out: RawEntry[] = [];
    for (const [id, r] of retries) {
      if (r.dueAt <= now) {
        out.push(r.entry);
        retries.delete(id);
        if (out.length >= batchSize) break;
      }
    }
    return out;
  }

  async function loop(reader: Redis, first: boolean): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const claimed = first ? await housekeeping() : [];
        for (const e of claimed) retries.delete(e.id);
        let entries = [...claimed, ...dueRetries(Date.now())];
        if (entries.length < batchSize && running) {
          let block = 0;
          if (!entries.length) {
            const nextRetry = Math.min(...[...retries.values()].map((r) => r.dueAt), Date.now() + blockMs);
            block = Math.max(1, Math.min(blockMs, nextRetry - Date.now(), Math.max(1, nextClaimAt - Date.now())));
          }
          entries = entries.concat(await readNew(reader, batchSize - entries.length, block));
        }
        if (entries.length) await handle(entries);
        failures = 0;
      } catch (err) {
        if (String((err as Error).message).includes('NOGROUP')) {
          await ensureGroup().catch(() => undefined);
          continue;
        }
        failures++;
        if (isInfraError(err)) m.infraErrors++;
        if (failures === 1 || failures % 20 === 0)
          log.warn({ err: errorText(err) }, 'recorder loop error; backing off');
        if (running) await sleep(backoff(failures - 1));
      }
    }
  }

  return {
    consumer,
    async start(): Promise<void> {
      if (running) return;
      readers = await Promise.all(
        Array.from({ length: concurrency }, async () => {
          const r = redis.duplicate() as Redis;
          r.on('error', () => {});
          await r.connect();
          return r;
        }),
      );
      await ensureGroupPatiently();
      running = true;
      loopDone = Promise.all(
        readers.map((r, i) =>
          loop(r, i === 0).catch((err) => log.error({ err: errorText(err) }, 'recorder loop crashed')),
        ),
      ).then(() => undefined);
      log.info({ batchSize, maxAttempts, claimIdleMs, concurrency }, 'recorder started');
    },
    /** Graceful: lets the current batch finish (unless it is waiting for infrastructure), then stops. */
    async stop(): Promise<void> {
      if (!running && !loopDone) return;
      running = false;
      await loopDone;
      loopDone = null;
      await Promise.all(readers.map((r) => r.quit().catch(() => r.destroy())));
      readers = [];
      log.info({ processed: m.processed }, 'recorder stopped');
    },
    metrics(): RecorderMetrics {
      const sorted = [...lags].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
      return {
        consumer,
        running,
        ...m,
        lagMs: { p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0, samples: sorted.length },
      };
    },
  };
}
