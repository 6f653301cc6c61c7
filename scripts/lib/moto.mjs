// An S3-compatible server for the audio store's contract tests, without Docker or network beyond
// PyPI: moto in server mode (`moto[server]`), installed with pip into a private venv under the
// tools dir once, started on a free loopback port for one test run and stopped after it. moto keeps
// everything in memory, so each run starts empty.
// Failures return a reason, never throw: the caller decides whether that skips or fails the run.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exists, log, run, startHelperServer, which } from './util.mjs';

export const MOTO_SPEC = 'moto[server]==5.2.5';

/** moto_server from a venv under toolsDir (created and filled once). → { bin } or { reason } */
export function ensureMoto({ toolsDir }) {
  const home = path.join(toolsDir, 'moto');
  const venv = path.join(home, 'venv');
  const bin = path.join(venv, 'bin', 'moto_server');
  const readyMarker = path.join(home, 'READY');
  try {
    if (!exists(readyMarker) || !exists(bin)) {
      const python = which('python3');
      if (!python) throw new Error('python3 not found');
      log(`installing ${MOTO_SPEC} from PyPI into ${path.relative(process.cwd(), venv)}`);
      rmSync(venv, { recursive: true, force: true });
      run(python, ['-m', 'venv', venv]);
      run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', MOTO_SPEC]);
      if (!exists(bin)) throw new Error(`${MOTO_SPEC} installed no moto_server`);
      writeFileSync(readyMarker, `${MOTO_SPEC}\n`);
    }
    return { bin };
  } catch (error) {
    return { reason: String(error.message).split('\n')[0] };
  }
}

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

/**
 * Starts moto_server on 127.0.0.1:port (logging to logFile). → { url, stop() } or { reason }
 */
export async function startMoto({ toolsDir, port, logFile }) {
  const moto = ensureMoto({ toolsDir });
  if (moto.reason) return { reason: moto.reason };
  const url = `http://127.0.0.1:${port}`;
  return startHelperServer({
    bin: moto.bin,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    logFile,
    url,
    answers: () => answers(url),
    what: 'moto_server',
  });
}
