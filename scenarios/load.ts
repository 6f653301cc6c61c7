// `npm run seed:scenarios` (also run by `npm start` and `npm test`): loads the scenario library
// (every behaviour of the reply library, scenarios/library/*.json) into Redis idempotently.
// Unchanged scenarios are not rewritten, edited ones are updated, removed ones are removed; a
// malformed file stops the load with its file name and the field at fault.
// Reads the app's configuration (REDIS_URL, REDIS_PREFIX, EMBEDDINGS_*), so the seed and the app
// always agree on the embedder.
import { loadConfig, type Config } from '../server/config.ts';
import { connectRedis } from '../server/redis/client.ts';
import { createEmbedder } from '../server/embeddings/index.ts';
import { syncScenarios, type SyncResult } from '../server/scenarios/sync.ts';
import { readScenarios } from './files.ts';

export async function seedScenarios(config: Config): Promise<SyncResult & { files: number }> {
  const scenarios = await readScenarios();
  const embedder = await createEmbedder(config.embeddings);
  const redis = await connectRedis(config.redis.url, { name: 'calmly-seed-scenarios' });
  try {
    const result = await syncScenarios({ redis, prefix: config.redis.prefix, embedder, scenarios });
    return { ...result, files: scenarios.length };
  } finally {
    await redis.quit();
  }
}

export function summary(r: SyncResult & { files: number }): string {
  const index = r.queryEngine
    ? `redis-query-engine (FT index ${r.ftIndex})`
    : 'in-process (no query engine on this server)';
  return (
    `scenarios: ${r.files} in library — ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged` +
    `${r.rebuilt ? ' (embedder changed: all vectors rebuilt)' : ''}; revision ${r.revision}; embedder ${r.embedder} (${r.dimension} dims); index ${index}`
  );
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  seedScenarios(loadConfig())
    .then((r) => {
      console.log(summary(r));
      process.exit(0);
    })
    .catch((err: Error) => {
      console.error(`seed:scenarios failed: ${err.message}`);
      process.exit(1);
    });
}
