// Redis may never evict the interaction queue: the Redis we provision (scripts/services.mjs) has a
// maxmemory and the noeviction policy, and the app warns at start-up when the Redis it is given would
// evict keys (allkeys-*, volatile-*), and carries on quietly when CONFIG is disabled (managed Redis).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, startRedis } from '../../scripts/services.mjs';
import type { Logger } from '../../server/log/logger.ts';
import { connectRedis, type Redis } from '../../server/redis/client.ts';
import { checkMemoryPolicy } from '../../server/redis/memory-policy.ts';
import { waitFor } from '../support/wait.ts';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'calmly-maxmemory-'));
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  rmSync(tempRoot, { recursive: true, force: true });
});

/** A real logger whose lines are kept. */
function capturingLogger(): { log: Logger; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink) as unknown as Logger, lines };
}

async function client(url: string): Promise<Redis> {
  const redis = await connectRedis(url);
  cleanups.push(() => redis.quit());
  return redis;
}

describe('Redis memory policy', () => {
  it('the Redis we provision has a maxmemory and never evicts; the app stays quiet about it', async () => {
    const instance = await startRedis({ dataDir: path.join(tempRoot, 'provisioned'), port: await findFreePort(0) });
    cleanups.push(() => instance.stop());
    const redis = await client(instance.url);
    expect(await redis.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'noeviction' });
    expect(await redis.configGet('maxmemory')).toEqual({ maxmemory: String(256 * 1024 * 1024) });
    const { log, lines } = capturingLogger();
    expect(await checkMemoryPolicy(redis, log)).toEqual({ policy: 'noeviction', evicts: false });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('an evicting policy (allkeys-*, volatile-*) is logged as a warning naming it', async () => {
    const instance = await startRedis({
      dataDir: path.join(tempRoot, 'evicting'),
      port: await findFreePort(0),
      maxmemory: '64mb',
    });
    cleanups.push(() => instance.stop());
    const redis = await client(instance.url);
    expect(await redis.configGet('maxmemory')).toEqual({ maxmemory: String(64 * 1024 * 1024) });
    for (const policy of ['allkeys-lru', 'volatile-ttl', 'allkeys-random']) {
      await redis.configSet('maxmemory-policy', policy);
      const { log, lines } = capturingLogger();
      expect(await checkMemoryPolicy(redis, log)).toEqual({ policy, evicts: true });
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toContain(`maxmemory-policy is ${policy}`);
      expect(warnings[0]!.msg).toMatch(/noeviction/);
    }
  });

  it('with CONFIG disabled (as managed Redis often has it) the check says it cannot know, without a warning', async () => {
    const port = await findFreePort(0);
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--rename-command',
        'CONFIG',
        '',
      ],
      { stdio: 'ignore' },
    );
    cleanups.push(async () => {
      child.kill('SIGTERM');
    });
    const redis = (await waitFor(() => connectRedis(`redis://127.0.0.1:${port}`).catch(() => null), {
      what: 'redis-server without CONFIG',
    }))!;
    cleanups.push(() => redis.quit());
    const { log, lines } = capturingLogger();
    const verdict = await checkMemoryPolicy(redis, log);
    expect(verdict.policy).toBeNull();
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.some((l) => l.level === 20 && /not allowed/.test(l.msg))).toBe(true);
  });
});
