// `npm run faults`: the slow fault run (test/faults/run.ts). It starts a Redis and a Postgres of its own
// in a temporary directory (it kills and stops them on purpose), so it never touches dev or test data.
//   FAULTS_INTERACTIONS=10000 FAULTS_WORKER_KILLS=10 FAULTS_PG_STOP_SECONDS=30 FAULTS_RATE=250 npm run faults
import { ensureNodeModules, npx } from './lib/npm.mjs';
import { NODE_FLAGS } from './lib/node-flags.mjs';
import { ensureSystemPackages } from './services.mjs';

ensureNodeModules();
ensureSystemPackages({ redis: true, postgres: true });
process.exit(await npx('tsx', [...NODE_FLAGS, 'test/faults/run.ts'], { env: { ...process.env } }));
