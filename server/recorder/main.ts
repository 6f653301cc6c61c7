// `npm run worker`: the interaction recorder alone (no HTTP). Run as many as you like: they share the
// consumer group. SIGINT/SIGTERM finish the current batch and stop; a worker killed outright loses
// nothing (its pending entries are claimed by another recorder after RECORDER_CLAIM_IDLE_MS).
import { loadConfigOrExit } from '../config.ts';
import { createLogger } from '../log/logger.ts';
import { createDb } from '../../db/connection.ts';
import { connectRedis } from '../redis/client.ts';
import { createPersonalization, recorderFor } from '../app/personalization.ts';

const config = loadConfigOrExit();

const log = createLogger({ level: config.logLevel });
const db = createDb(config.db);
let waits = 0;
const redis = await connectRedis(config.redis.url, {
  name: 'calmly-worker',
  onWait: (err) => {
    if (waits++ % 20 === 0) log.warn({ err: err.message }, 'Redis is not serving yet; waiting');
  },
});
redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
const { memory } = await createPersonalization({ config, redis, db, log });
const recorder = recorderFor({ config, redis, db, log, memory });
await recorder.start();
log.info({ consumer: recorder.consumer }, 'Calmly worker is running');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, metrics: recorder.metrics() }, 'worker shutting down');
  const force = setTimeout(() => process.exit(1), 15_000).unref();
  await recorder.stop().catch((err) => log.error({ err }, 'error stopping the recorder'));
  await redis.quit().catch(() => redis.destroy());
  await db.destroy();
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
