import { stat } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cpuTurn } from '../../server/cpu-turn.ts';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* a heavy synchronous step */
  }
};

describe('cpuTurn', () => {
  it('runs one heavy step per event-loop iteration, so I/O that completed meanwhile is handled between steps', async () => {
    const order: string[] = [];
    // One operation on libuv's thread pool: its callback can only run when the loop polls.
    const io = new Promise<void>((resolve) =>
      stat(fileURLToPath(import.meta.url), () => {
        order.push('io');
        resolve();
      }),
    );
    // Three requests ready at once (as when one Redis reply resolves many sessions' reads).
    const steps = ['a', 'b', 'c'].map((name) =>
      cpuTurn().then(() => {
        busy(30);
        order.push(name);
      }),
    );
    await Promise.all([io, ...steps]);
    // Without turns all three steps run back to back before the loop sees the read: a, b, c, io.
    expect(order).toEqual(['a', 'io', 'b', 'c']);
  });

  it('keeps the order steps asked in', async () => {
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => cpuTurn().then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
