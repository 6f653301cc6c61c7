// `npm run bench`: provisions the test services (never the dev data), runs every benchmark, writes
// BENCHMARKS.md, and stops what it started.
import { ensureNodeModules, npx } from './lib/npm.mjs';
import { provisionEnv } from './services.mjs';

ensureNodeModules();
const services = await provisionEnv('test');
let code = 1;
try {
  code = await npx('tsx', ['test/bench/run.ts'], {
    env: { ...process.env, NODE_ENV: 'test', REDIS_URL: services.redis.url, DATABASE_URL: services.postgres.url },
  });
} finally {
  await services.stopStarted();
}
process.exit(code);
