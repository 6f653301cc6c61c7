// `npm start`: one command from a fresh clone to a running Calmly.
//
// 1. npm ci when node_modules is missing or stale
// 2. private Redis (AOF) + Postgres under .data/dev, unless REDIS_URL / DATABASE_URL are given
// 3. migrate, seed the scenario library, build the client (each when it exists)
// 4. run the server; Ctrl-C stops the server, then the services this run started
//
// `npm run dev` (--dev): the same, but no client build: the server restarts on changes (tsx watch)
// and Vite serves the client with hot reload on :5173, proxying /api, /health and /socket.io here.
import { spawn } from 'node:child_process';
import { NODE_FLAGS } from './lib/node-flags.mjs';
import http from 'node:http';
import path from 'node:path';
import { ensureNodeModules, packageScripts, runPackageScript } from './lib/npm.mjs';
import { REPO_ROOT, exists, log, sleep } from './lib/util.mjs';
import { ensureSystemPackages, provisionEnv } from './services.mjs';
import { buildClientIfChanged } from './lib/client-build.mjs';

const SERVER_ENTRY = path.join(REPO_ROOT, 'server', 'main.ts');
const port = Number(process.env.PORT ?? 3000);
const dev = process.argv.includes('--dev');
let vite = null;

let services = null; // what provisionEnv gave us; stopStarted() stops only what this run started
let server = null;
let shuttingDown = false;

async function stopAndExit(code) {
  if (services) await services.stopStarted();
  process.exit(code);
}

/**
 * Ctrl-C / SIGTERM: stop the server first (it flushes to Redis/Postgres); its exit handler
 * then stops the services. Before the server runs, main() checks the flag between steps,
 * so services being started right now are still stopped.
 */
function onSignal(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`${signal}: shutting down`);
  if (vite && vite.exitCode === null) vite.kill('SIGTERM');
  if (server && server.exitCode === null) server.kill('SIGTERM');
}

/** Our own Redis/Postgres for whatever the environment does not already point at. */
async function provision(env) {
  try {
    ensureSystemPackages({ espeak: true }); // the local voice; the app runs without it
  } catch (error) {
    log(`espeak-ng unavailable, voice falls back to text only: ${error.message}`);
  }
  const needRedis = !env.REDIS_URL;
  const needPostgres = !(env.DATABASE_URL || env.VULTR_DB_CONNECTION_STRING);
  if (!needRedis && !needPostgres) {
    log('REDIS_URL and DATABASE_URL are set: using those, starting no local services');
    return;
  }
  services = await provisionEnv('dev', { redis: needRedis, postgres: needPostgres });
  if (needRedis) env.REDIS_URL = services.redis.url;
  if (needPostgres) env.DATABASE_URL = services.postgres.url;
}

async function prepare(env) {
  for (const script of ['migrate', 'seed:scenarios']) {
    const result = await runPackageScript(script, { env });
    if (result.skipped) log(`skipping ${script}: ${result.skipped}`);
    else if (result.code !== 0) throw new Error(`npm run ${script} failed (exit ${result.code})`);
    if (shuttingDown) return;
  }
  if (!dev && 'build' in packageScripts()) {
    await buildClientIfChanged(async () => {
      const result = await runPackageScript('build', { env });
      if (result.code !== 0) throw new Error(`npm run build failed (exit ${result.code})`);
    });
  }
}

function healthAnswers() {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Announce the URL once /health answers; keep quiet if the server never gets there (it logs why). */
async function announceWhenHealthy() {
  const deadline = Date.now() + 120_000;
  while (!shuttingDown && server?.exitCode === null && Date.now() < deadline) {
    if (await healthAnswers()) {
      log(`Calmly is running at http://localhost:${port}`);
      return;
    }
    await sleep(250);
  }
}

function startServer(env) {
  if (!exists(SERVER_ENTRY))
    throw new Error(`${path.relative(REPO_ROOT, SERVER_ENTRY)} does not exist yet: nothing to run`);
  log(`npx tsx ${NODE_FLAGS.join(' ')} server/main.ts (PORT=${port})`);
  // The local tsx binary (what `npx tsx` resolves to), so signals reach the server without npm in between.
  server = spawn(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [...(dev ? ['watch'] : []), ...NODE_FLAGS, SERVER_ENTRY],
    {
      cwd: REPO_ROOT,
      env: { ...env, PORT: String(port) },
      stdio: 'inherit',
    },
  );
  server.on('error', (error) => {
    log(`could not start the server: ${error.message}`);
    void stopAndExit(1);
  });
  server.on('exit', (code, signal) => {
    if (shuttingDown) return void stopAndExit(0);
    log(`the server exited unexpectedly (${signal ?? `exit ${code}`}); stopping services`);
    void stopAndExit(code || 1);
  });
  void announceWhenHealthy();
  if (dev) {
    log('vite dev server for the client on http://localhost:5173 (hot reload; API proxied to the server)');
    vite = spawn(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'),
      ['--config', 'client/vite.config.ts', '--port', '5173'],
      {
        cwd: REPO_ROOT,
        env: { ...env, CALMLY_PORT: String(port) },
        stdio: 'inherit',
      },
    );
  }
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => onSignal(signal));
  ensureNodeModules();
  const env = { ...process.env };
  await provision(env);
  if (shuttingDown) return stopAndExit(0);
  await prepare(env);
  if (shuttingDown) return stopAndExit(0);
  startServer(env);
}

main().catch(async (error) => {
  log(`npm start failed: ${error.message}`);
  await stopAndExit(1);
});
