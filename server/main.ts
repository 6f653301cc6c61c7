// Process entry: `npm run serve` (and `npm start`, which provisions first).
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './log/logger.ts';
import { buildCalmly } from './app/build.ts';

const config = loadConfigOrExit();

const log = createLogger({ level: config.logLevel });
const calmly = await buildCalmly(config, { log });
const port = await calmly.listen();
log.info({ port, version: config.version, providers: calmly.deps.providers }, 'Calmly is listening');
console.log(`Calmly is running at http://localhost:${port}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  await calmly.close().catch((err) => log.error({ err }, 'error during shutdown'));
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
