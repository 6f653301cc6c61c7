// Proves the local provisioning (scripts/services.mjs) is real: throwaway servers in
// temp dirs on free ports, data written, server stopped and started again, data still there.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, startPostgres, startRedis } from '../../scripts/services.mjs';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'calmly-setup-'));
const running: Array<{ stop(): Promise<void> }> = [];

afterAll(async () => {
  // Stop anything a failed test left running before deleting its files.
  for (const service of running) await service.stop().catch(() => undefined);
  rmSync(tempRoot, { recursive: true, force: true });
});

/** Start, remember for clean-up, and forget again once stopped by the test itself. */
async function tracked<T extends { stop(): Promise<void> }>(service: Promise<T>): Promise<T> {
  const s = await service;
  running.push(s);
  return s;
}
async function stop(service: { stop(): Promise<void> }) {
  await service.stop();
  running.splice(running.indexOf(service), 1);
}

describe('scripts/services.mjs', () => {
  it('findFreePort returns the preferred port when free, another one when taken', async () => {
    const port = await findFreePort(0);
    expect(await findFreePort(port)).toBe(port);
    const server = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await findFreePort(port)).not.toBe(port);
    } finally {
      server.close();
    }
  });

  it('runs a private Redis whose AOF survives a restart', async () => {
    const dataDir = path.join(tempRoot, 'redis');
    const port = await findFreePort(0);
    const first = await tracked(startRedis({ dataDir, port, aof: true }));
    expect(first.started).toBe(true);
    expect(first.url).toBe(`redis://127.0.0.1:${port}`);

    const client = createClient({ url: first.url });
    await client.connect();
    expect(await client.configGet('appendonly')).toEqual({ appendonly: 'yes' });
    await client.set('calmly:setup-test', 'kept');
    await client.quit();

    // Starting again while it runs reuses the same instance.
    const again = await startRedis({ dataDir, port });
    expect(again.started).toBe(false);
    expect(again.pid).toBe(first.pid);

    await stop(first);
    const second = await tracked(startRedis({ dataDir, port, aof: true }));
    expect(second.started).toBe(true);
    const reader = createClient({ url: second.url });
    await reader.connect();
    expect(await reader.get('calmly:setup-test')).toBe('kept');
    await reader.quit();
    await stop(second);
  });

  it('initialises a private Postgres whose data survives a restart', async () => {
    const dataDir = path.join(tempRoot, 'postgres');
    const port = await findFreePort(0);
    const first = await tracked(startPostgres({ dataDir, port, database: 'setup_test' }));
    expect(first.started).toBe(true);
    expect(first.url).toBe(`postgres://calmly:calmly@127.0.0.1:${port}/setup_test`);

    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (id int PRIMARY KEY, note text)');
    await client.query("INSERT INTO kept VALUES (1, 'still here')");
    await client.end();

    // The role may create databases (tests make one per file).
    const admin = new pg.Client({ connectionString: first.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE setup_test_extra');
    await admin.query('DROP DATABASE setup_test_extra');
    await admin.end();

    // A wrong password is refused: host connections use scram, not trust.
    const intruder = new pg.Client({ connectionString: first.url.replace('calmly:calmly', 'calmly:wrong') });
    await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);

    await stop(first);
    const second = await tracked(startPostgres({ dataDir, port, database: 'setup_test' }));
    expect(second.started).toBe(true);
    const reader = new pg.Client({ connectionString: second.url });
    await reader.connect();
    const { rows } = await reader.query('SELECT note FROM kept WHERE id = 1');
    expect(rows).toEqual([{ note: 'still here' }]);
    await reader.end();
    await stop(second);
  });
});
