// Recomputes a user's semantic memory (learned patterns) and episodic summaries from Postgres, the
// source of truth, e.g. after Redis lost its data.
//
//   npm run memory:rebuild                 every user with interactions
//   npm run memory:rebuild -- --user <id>  one user
//
// Safe to run while recorders are running for users who are not interacting at that moment; for a
// user recorded concurrently, run it again afterwards (counts are replaced, not added to).
import { pathToFileURL } from 'node:url';
import type { InteractionsRepo, Interaction } from '../../db/repositories/interactions.ts';
import { CONTEXTS, type Context } from '../../machines/domain/types.ts';
import { DEFAULT_SESSION, type Memory } from './index.ts';
import { runItem, summarise, type Episode, type RunItem } from './episodic.ts';
import type { PatternCounts } from './semantic.ts';
import { knownToneLabel } from '../coach/tones.ts';

export async function rebuildUserMemory(opts: {
  memory: Memory;
  interactions: InteractionsRepo;
  userId: string;
  sessionIdleMs: number;
}): Promise<{ interactions: number; episodes: number }> {
  const { memory, userId } = opts;
  const counts: PatternCounts = { totals: {}, toned: {}, tones: {}, refinements: {} };
  const ids: string[] = [];
  // Session runs: consecutive interactions of one session closer together than the idle time.
  const runs = new Map<string, RunItem[][]>();
  const inc = (h: Partial<Record<Context, Record<string, number>>>, ctx: Context, k: string) => {
    const m = (h[ctx] ??= {});
    m[k] = (m[k] ?? 0) + 1;
  };
  for await (const chunk of opts.interactions.iterateByUser(userId)) {
    for (const i of chunk as Interaction[]) {
      ids.push(i.id);
      const ctx = i.detectedContext;
      if (ctx && (CONTEXTS as readonly string[]).includes(ctx)) {
        counts.totals[ctx] = (counts.totals[ctx] ?? 0) + 1;
        const tone = i.selectedTone && knownToneLabel(i.selectedTone);
        if (tone) {
          counts.toned[ctx] = (counts.toned[ctx] ?? 0) + 1;
          inc(counts.tones, ctx, tone);
        }
        for (const k of new Set(i.refinements)) inc(counts.refinements, ctx, k);
      }
      const sid = i.sessionId ?? DEFAULT_SESSION;
      const list = runs.get(sid) ?? [];
      const item = runItem(i);
      const last = list.at(-1);
      const previous = last?.at(-1);
      if (last && previous && item.at - previous.at <= opts.sessionIdleMs) last.push(item);
      else list.push([item]);
      runs.set(sid, list);
    }
  }
  const episodes: Episode[] = [];
  for (const [sid, list] of runs) for (const items of list) episodes.push(summarise(sid, items));

  await memory.replacePatterns(userId, counts, ids);
  await memory.replaceEpisodes(userId, episodes);
  return { interactions: ids.length, episodes: episodes.length };
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../config.ts');
  const { createLogger } = await import('../log/logger.ts');
  const { createDb } = await import('../../db/connection.ts');
  const { connectRedis } = await import('../redis/client.ts');
  const { interactionsRepo } = await import('../../db/repositories/interactions.ts');
  const { createPersonalization } = await import('../app/personalization.ts');
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel });
  const db = createDb(config.db);
  const redis = await connectRedis(config.redis.url, { name: 'calmly-memory-rebuild' });
  try {
    const { memory } = await createPersonalization({ config, redis, db, log });
    const repo = interactionsRepo(db);
    const at = process.argv.indexOf('--user');
    const named = at >= 0 ? process.argv[at + 1] : undefined;
    if (at >= 0 && !named) throw new Error('usage: npm run memory:rebuild [-- --user <userId>]');
    const users = named ? [named] : await repo.userIds();
    let total = 0;
    for (const userId of users) {
      const r = await rebuildUserMemory({
        memory,
        interactions: repo,
        userId,
        sessionIdleMs: config.memory.sessionIdleSeconds * 1000,
      });
      total += r.interactions;
      console.log(`memory:rebuild ${userId}: ${r.interactions} interactions, ${r.episodes} episodes`);
    }
    console.log(`memory:rebuild: ${users.length} user(s), ${total} interactions`);
  } finally {
    await redis.quit().catch(() => redis.destroy());
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`memory:rebuild failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
