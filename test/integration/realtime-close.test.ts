// Closing the Socket.IO edge right after opening it: the Redis Streams adapter subscribes on its own
// Redis connection, and a close before that subscription is confirmed used to leave an unhandled
// rejection ("Disconnects client") behind, about one run in three of realtime.test.ts.
import { createServer } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attachRealtime } from '../../server/realtime/gateway.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';

let app: TestApp;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  app = await startTestApp();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await app?.close();
});

it('opens and closes the realtime edge twenty times without an unhandled rejection', async () => {
  for (let i = 0; i < 20; i++) {
    const server = createServer();
    const realtime = await attachRealtime(server, app.calmly.deps);
    await realtime.close();
  }
  // A rejection nobody handles is reported on a later turn of the event loop: give it a few.
  const settled = Date.now() + 1_500;
  await waitFor(() => Date.now() >= settled, { what: 'late rejections to surface' });
  expect(unhandled.map((r) => (r as Error)?.message ?? String(r))).toEqual([]);
});
