// The recorder in a worker thread of its own (its own event loop, as `npm run worker` would be its own
// process), wired exactly as server/recorder/main.ts wires it. Posts {type:'written', ids, at} after
// each acknowledged batch; {type:'stop'} stops it and answers with its metrics.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createDb } from '../../db/connection.ts';
import { connectRedis } from '../../server/redis/client.ts';
import { createPersonalization, recorderFor } from '../../server/app/personalization.ts';

const config = loadConfig((workerData as { env: NodeJS.ProcessEnv }).env);
const log = createLogger({ level: 'silent' });
const db = createDb(config.db);
const redis = await connectRedis(config.redis.url, { name: 'calmly-bench-worker' });
const { memory } = await createPersonalization({ config, redis, db, log });
const recorder = recorderFor({
  config,
  redis,
  db,
  log,
  memory,
  overrides: {
    onWritten: (ids) =>
      parentPort!.postMessage({ type: 'written', ids, at: performance.timeOrigin + performance.now() }),
  },
});
await recorder.start();
parentPort!.on('message', async (m: { type: string }) => {
  if (m.type !== 'stop') return;
  const metrics = recorder.metrics();
  await recorder.stop();
  await redis.quit();
  await db.destroy();
  parentPort!.postMessage({ type: 'stopped', metrics });
});
parentPort!.postMessage({ type: 'ready' });
