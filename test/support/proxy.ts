// A reverse proxy for tests: HTTP passes through, WebSocket upgrades are refused.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy in front of the app that passes HTTP through and refuses every WebSocket upgrade
 * (403), like the corporate proxies the fallback is for.
 */
export function proxyWithoutWebSockets(
  target: string,
): Promise<{ url: string; server: Server; upgradesRefused: () => number }> {
  const { hostname, port } = new URL(target);
  let refused = 0;
  const server = createServer((req, res) => {
    const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (_req, socket) => {
    refused++;
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        upgradesRefused: () => refused,
      }),
    ),
  );
}
