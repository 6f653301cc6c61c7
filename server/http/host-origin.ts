// DNS-rebinding and cross-site protection, the same rules on every edge (REST and the static client,
// Socket.IO, /mcp). A web page on an attacker's domain can make a browser resolve that domain to
// 127.0.0.1 (or to this server inside a private network) and then talk to Calmly as if it were
// same-origin; with AUTH_MODE=none that reaches everyone's data. Two checks stop that:
//  - Host: the request must be addressed to a name we serve (loopback names, PUBLIC_URL's host,
//    ALLOWED_HOSTS, formerly MCP_ALLOWED_HOSTS); a rebound page sends its own domain as Host.
//    Port-agnostic, like the MCP SDK's hostHeaderValidation middleware.
//  - Origin: browsers send it on cross-origin (and all POST and WebSocket) requests; it must be a
//    loopback origin (any port), PUBLIC_URL's origin, the request's own origin (a page served from an
//    allowed Host calling back to it) or one of the edge's listed origins (CORS_ORIGINS; plus
//    SOCKET_CORS_ORIGINS for Socket.IO, MCP_ALLOWED_ORIGINS for /mcp). Requests without an Origin come
//    from non-browser agents (curl, SDKs, Claude Desktop) and are allowed.
// Rejected requests get 403 {error: {code: 'forbidden', message}} (Socket.IO: its own 403 with the
// message). GET /health and /metrics answer any Host: orchestrators probe by IP, and they show no user
// data. These checks are not a substitute for authentication on a public deployment.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { originOf, type Config } from '../config.ts';
import { AppError } from '../errors.ts';

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;
const ANY = '*';

/** The host name of a Host header value, without the port, lower-case ("[::1]" for IPv6); null when it is not a bare host. */
export function hostnameOf(hostHeader: string): string | null {
  try {
    const u = new URL(`http://${hostHeader}`);
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash || !u.hostname) return null;
    return u.hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** One entry of an allow-list: "*", or what `parse` makes of it (null: not valid, `example` shows one). */
const listEntry = (parse: (v: string) => string | null, what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((v, ctx) => {
      if (v === ANY) return v;
      const parsed = parse(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not ${what} (e.g. ${example})` });
        return z.NEVER;
      }
      return parsed;
    });
const hostEntry = listEntry(hostnameOf, 'a host name', 'calmly.example.com');
const originEntry = listEntry(originOf, 'an origin', 'https://calmly.example.com');

/**
 * What the checks are built from: PUBLIC_URL, the allowed hosts and the edge's allowed origins.
 * "*" in a list turns that check off (only behind a proxy that checks it itself).
 */
export const accessSettings = z.object({
  publicUrl: z.url().optional(),
  allowedHosts: z.array(hostEntry).default([]),
  allowedOrigins: z.array(originEntry).default([]),
});
export type AccessSettings = z.input<typeof accessSettings>;

export type Edge = 'rest' | 'socket' | 'mcp';

/** The variables a refused Host or Origin can be added to, per edge (named in the 403's message). */
const HOST_SETTING = 'ALLOWED_HOSTS';
const ORIGIN_SETTING: Record<Edge, string> = {
  rest: 'CORS_ORIGINS',
  socket: 'CORS_ORIGINS (or SOCKET_CORS_ORIGINS)',
  mcp: 'MCP_ALLOWED_ORIGINS (or CORS_ORIGINS)',
};

/** An edge's settings from the configuration: the hosts are shared, the origins are the edge's. */
export function accessSettingsFromConfig(config: Config, edge: Edge): AccessSettings {
  const origins =
    edge === 'rest'
      ? config.http.corsOrigins
      : edge === 'socket'
        ? config.realtime.corsOrigins
        : [...config.http.corsOrigins, ...config.mcp.allowedOrigins];
  return { publicUrl: config.publicUrl, allowedHosts: config.http.allowedHosts, allowedOrigins: origins };
}

export interface AccessPolicy {
  hostAllowed(hostHeader: string | undefined): boolean;
  /** An absent Origin (a non-browser agent) is allowed; so is the request's own origin (`hostHeader`, already checked). */
  originAllowed(originHeader: string | undefined, hostHeader?: string): boolean;
  /** Why a request is refused, as a message naming the setting to change; null when it is allowed. */
  refusal(headers: { host?: string; origin?: string }, what: string): string | null;
}

const shown = (v: string) => JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);

export function accessPolicy(settings: AccessSettings, edge: Edge = 'mcp'): AccessPolicy {
  const parsed = accessSettings.safeParse(settings);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) =>
        `  ${i.path[0] === 'allowedHosts' ? 'ALLOWED_HOSTS / MCP_ALLOWED_HOSTS' : i.path[0] === 'allowedOrigins' ? ORIGIN_SETTING[edge] : 'PUBLIC_URL'}: ${i.message}`,
    );
    throw new Error(`Invalid host and origin settings:\n${lines.join('\n')}`);
  }
  const s = parsed.data;
  const publicUrl = s.publicUrl ? new URL(s.publicUrl) : undefined;
  const anyHost = s.allowedHosts.includes(ANY);
  const anyOrigin = s.allowedOrigins.includes(ANY);
  const hosts = new Set<string>([
    ...LOOPBACK_HOSTS,
    ...(publicUrl ? [publicUrl.hostname.toLowerCase()] : []),
    ...s.allowedHosts,
  ]);
  const origins = new Set<string>([...(publicUrl ? [publicUrl.origin] : []), ...s.allowedOrigins]);
  const loopback = new Set<string>(LOOPBACK_HOSTS);

  const policy: AccessPolicy = {
    hostAllowed(hostHeader) {
      if (anyHost) return true;
      if (!hostHeader) return false;
      const host = hostnameOf(hostHeader);
      return host !== null && hosts.has(host);
    },
    originAllowed(originHeader, hostHeader) {
      if (originHeader === undefined || anyOrigin) return true;
      const origin = originOf(originHeader); // "null" (sandboxed frames, file://) is not an origin
      if (!origin) return false;
      const { host, hostname } = new URL(origin);
      return origins.has(origin) || loopback.has(hostname) || (!!hostHeader && host === hostHeader.toLowerCase());
    },
    refusal({ host, origin }, what) {
      if (!policy.hostAllowed(host))
        return host
          ? `Host ${shown(host)} is not allowed to reach ${what}; add it to ${HOST_SETTING}${edge === 'mcp' ? ' (or MCP_ALLOWED_HOSTS)' : ''} or set PUBLIC_URL.`
          : `${what} needs a Host header.`;
      if (!policy.originAllowed(origin, host))
        return `Origin ${shown(origin ?? '')} is not allowed to reach ${what}; add it to ${ORIGIN_SETTING[edge]}.`;
      return null;
    },
  };
  return policy;
}

/** Express middleware: 403 forbidden (our error shape, through the error handler) for a Host or Origin not allowed. */
export function hostOriginGuard(settings: AccessSettings, edge: Edge, what: string): RequestHandler {
  const policy = accessPolicy(settings, edge);
  return (req, _res, next) => {
    const refusal = policy.refusal({ host: req.headers.host, origin: req.headers.origin }, what);
    next(refusal ? new AppError('forbidden', refusal) : undefined);
  };
}

/**
 * Socket.IO's `allowRequest` (every polling request and the WebSocket upgrade): the refusal goes
 * back as Engine.IO's 403 {code, message}, which the client shows as connect_error.
 */
export function socketAllowRequest(settings: AccessSettings) {
  const policy = accessPolicy(settings, 'socket');
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const refusal = policy.refusal({ host: req.headers.host, origin: req.headers.origin }, 'the live session endpoint');
    callback(refusal, refusal === null);
  };
}
