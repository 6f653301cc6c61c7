// Just enough of the Redis protocol (RESP) to health-check and stop a server we
// started, without the `redis` npm package (these scripts run before npm ci).
import net from 'node:net';

function encode(args) {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('');
}

/**
 * Send one command and return the raw reply text. The connection is closed by
 * a following QUIT, so we simply read until the server hangs up.
 * Resolves null when nothing listens or the server does not answer in time.
 */
export function redisRaw(port, args, { host = '127.0.0.1', timeoutMs = 2000 } = {}) {
  return new Promise((resolve) => {
    let reply = '';
    let settled = false;
    const finish = (value) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(value);
    };
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => finish(reply || null));
    socket.on('connect', () => socket.write(encode(args) + encode(['QUIT'])));
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('end', () => finish(reply));
    socket.on('close', () => finish(reply || null));
    socket.on('error', () => finish(null));
  });
}

/** True when a Redis server answers PING on this port. */
export async function redisPing(port) {
  const reply = await redisRaw(port, ['PING'], { timeoutMs: 1000 });
  return reply !== null && reply.startsWith('+PONG');
}

/** Ask the server to shut down (it flushes the AOF first). Ignores errors: we also wait for the pid. */
export async function redisShutdown(port) {
  await redisRaw(port, ['SHUTDOWN'], { timeoutMs: 5000 });
}
