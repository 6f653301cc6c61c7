// `npm run bench`: provisions the test services (never the dev data), runs every benchmark, writes
// BENCHMARKS.md, and stops what it started.
import { ensureNodeModules, npx } from './lib/npm.mjs';
import { NODE_FLAGS } from './lib/node-flags.mjs';
import { provisionEnv } from './services.mjs';

ensureNodeModules();
const services = await provisionEnv('test');
let code = 1;
try {
  code = await npx('tsx', [...NODE_FLAGS, 'test/bench/run.ts'], {
    // Load generators send from one address far above any per-minute budget: rate limits are off.
    env: {
      ...process.env,
      NODE_ENV: 'test',
      RATE_LIMIT_ENABLED: 'false',
      REDIS_URL: services.redis.url,
      DATABASE_URL: services.postgres.url,
    },
  });
} finally {
  await services.stopStarted();
}
process.exit(code);
