import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, startPostgres, startRedis } from '../../scripts/services.mjs';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/http.ts';
import { waitFor } from '../support/wait.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'calmly-health-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const health = (app: TestApp) => call(app.baseUrl, 'GET', '/health');

describe('GET /health with a dependency stopped', () => {
  it('reports memory down (503 degraded) while Redis is stopped, and recovers when it is back', async () => {
    const dir = tempDir();
    const port = await findFreePort();
    let redis = await startRedis({ dataDir: dir, port });
    const app = await startTestApp({ REDIS_URL: redis.url });
    try {
      expect((await health(app)).status).toBe(200);
      await redis.stop();
      const down = await waitFor(async () => {
        const res = await health(app);
        return res.status === 503 ? res : null;
      });
      expect(down!.body).toMatchObject({
        status: 'degraded',
        services: { memory: 'down', storage: 'operational' },
        down: ['memory'],
      });
      redis = await startRedis({ dataDir: dir, port });
      await waitFor(async () => (await health(app)).status === 200);
    } finally {
      await app.close();
      await redis.stop();
    }
  });

  it('reports storage down (503 degraded) while Postgres is stopped, and recovers when it is back', async () => {
    const dir = tempDir();
    const port = await findFreePort();
    let pg = await startPostgres({ dataDir: join(dir, 'pg'), port });
    const app = await startTestApp({ DATABASE_URL: pg.url });
    try {
      expect((await health(app)).status).toBe(200);
      await pg.stop();
      const down = await waitFor(async () => {
        const res = await health(app);
        return res.status === 503 ? res : null;
      });
      expect(down!.body).toMatchObject({
        status: 'degraded',
        services: { memory: 'operational', storage: 'down' },
        down: ['storage'],
      });
      pg = await startPostgres({ dataDir: join(dir, 'pg'), port });
      await waitFor(async () => (await health(app)).status === 200);
    } finally {
      await app.close().catch(() => {});
      await pg.stop();
    }
  }, 60_000);
});
