// The client's address for the per-address budget. REST and MCP use Express's req.ip (TRUST_PROXY
// applies); Socket.IO handshakes don't pass through Express, so the same rule is applied here: with
// TRUST_PROXY a hop count (e.g. 1) the address that many hops back in X-Forwarded-For, with `true`
// the left-most one, otherwise (or with another setting) the connection's own address.
import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';

/** REST and /mcp: Express's req.ip (TRUST_PROXY applied), else the connection's address. */
export const requestIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function handshakeIp(remote: string | undefined, headers: IncomingHttpHeaders, trustProxy?: string): string {
  const own = remote ?? 'unknown';
  if (!trustProxy) return own;
  const xff = headers['x-forwarded-for'];
  const hops = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (!hops.length) return own;
  if (trustProxy === 'true') return hops[0]!;
  const n = Number(trustProxy);
  if (Number.isInteger(n) && n > 0) {
    // The chain as Express sees it: [client, proxies…, direct peer]; trust n hops from the right.
    const chain = [...hops, own];
    return chain[Math.max(0, chain.length - 1 - n)]!;
  }
  return own;
}
