// DNS-rebinding protection for /mcp. A web page on an attacker's domain can make a browser resolve
// that domain to 127.0.0.1 (or to this server inside a private network) and then talk to the MCP
// endpoint as if it were same-origin. Two checks stop that:
//  - Host: the request must be addressed to a name we serve (loopback names, PUBLIC_URL's host,
//    MCP_ALLOWED_HOSTS); a rebound page sends its own domain as Host. Port-agnostic, like the SDK's
//    hostHeaderValidation middleware, but answering with our error shape.
//  - Origin: browsers send it on cross-origin (and all POST) requests; it must be a loopback origin
//    (any port), PUBLIC_URL's origin or one of MCP_ALLOWED_ORIGINS. Requests without an Origin come
//    from non-browser agents (Claude Desktop, SDK clients, curl) and are allowed.
// Rejected requests get 403 {error: {code: 'forbidden', message}}. Authentication is a later issue
// (see server/mcp/caller.ts); these checks are not a substitute for it on a public deployment.
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

const hostEntry = z
  .string()
  .trim()
  .min(1)
  .transform((v, ctx) => {
    if (v === ANY) return v;
    const host = hostnameOf(v);
    if (!host) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a host name (e.g. calmly.example.com)` });
      return z.NEVER;
    }
    return host;
  });

const originEntry = z
  .string()
  .trim()
  .min(1)
  .transform((v, ctx) => {
    if (v === ANY) return v;
    const origin = originOf(v);
    if (!origin) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an origin (e.g. https://calmly.example.com)` });
      return z.NEVER;
    }
    return origin;
  });

/**
 * What the checks are built from: PUBLIC_URL and the MCP_ALLOWED_HOSTS / MCP_ALLOWED_ORIGINS lists
 * (`config.mcp`). "*" in a list turns that check off (only behind a proxy that checks it itself).
 */
export const mcpSecuritySettings = z.object({
  publicUrl: z.url().optional(),
  allowedHosts: z.array(hostEntry).default([]),
  allowedOrigins: z.array(originEntry).default([]),
});
export type McpSecuritySettings = z.input<typeof mcpSecuritySettings>;

export function securitySettingsFromConfig(config: Config): McpSecuritySettings {
  return {
    publicUrl: config.publicUrl,
    allowedHosts: config.mcp.allowedHosts,
    allowedOrigins: config.mcp.allowedOrigins,
  };
}

export interface McpAccessPolicy {
  hostAllowed(hostHeader: string | undefined): boolean;
  /** An absent Origin (a non-browser agent) is allowed. */
  originAllowed(originHeader: string | undefined): boolean;
}

export function mcpAccessPolicy(settings: McpSecuritySettings): McpAccessPolicy {
  const parsed = mcpSecuritySettings.safeParse(settings);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) =>
        `  ${i.path[0] === 'allowedHosts' ? 'MCP_ALLOWED_HOSTS' : i.path[0] === 'allowedOrigins' ? 'MCP_ALLOWED_ORIGINS' : 'PUBLIC_URL'}: ${i.message}`,
    );
    throw new Error(`Invalid MCP security settings:\n${lines.join('\n')}`);
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

  return {
    hostAllowed(hostHeader) {
      if (anyHost) return true;
      if (!hostHeader) return false;
      const host = hostnameOf(hostHeader);
      return host !== null && hosts.has(host);
    },
    originAllowed(originHeader) {
      if (originHeader === undefined || anyOrigin) return true;
      const origin = originOf(originHeader); // "null" (sandboxed frames, file://) is not an origin
      if (!origin) return false;
      return origins.has(origin) || loopback.has(new URL(origin).hostname);
    },
  };
}

const shown = (v: string) => JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);

/** Express middleware: 403 forbidden (our error shape, through the error handler) for a Host or Origin not allowed. */
export function mcpRequestGuard(settings: McpSecuritySettings): RequestHandler {
  const policy = mcpAccessPolicy(settings);
  return (req, _res, next) => {
    const host = req.headers.host;
    if (!policy.hostAllowed(host)) {
      return next(
        new AppError(
          'forbidden',
          host
            ? `Host ${shown(host)} is not allowed to reach the MCP endpoint; add it to MCP_ALLOWED_HOSTS (or set PUBLIC_URL).`
            : 'The MCP endpoint needs a Host header.',
        ),
      );
    }
    const origin = req.headers.origin;
    if (!policy.originAllowed(origin)) {
      return next(
        new AppError(
          'forbidden',
          `Origin ${shown(origin ?? '')} is not allowed to reach the MCP endpoint; add it to MCP_ALLOWED_ORIGINS.`,
        ),
      );
    }
    next();
  };
}
