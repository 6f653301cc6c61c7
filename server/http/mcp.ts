// POST /mcp: the MCP Streamable HTTP transport, stateless.
//
// Stateless on purpose: every POST gets a fresh McpServer + StreamableHTTPServerTransport (no
// Mcp-Session-Id), answers with JSON, and is closed when the response ends. Nothing of a
// conversation lives in this process, so any instance behind a load balancer can answer any request
// without sticky sessions or a shared session store; our tools are request/response and keep their
// state (memory, interactions) in Redis and Postgres anyway. Session mode would keep each session's
// transport in one process's memory, which breaks as soon as a request lands on another instance.
// Building a server per request is cheap: the tool list and its JSON Schemas are computed once.
// Without sessions there is no server-to-client stream: GET (the standalone SSE stream) and DELETE
// (ending a session) answer 405, which the SDK's client expects from a stateless server.
import express, { type RequestHandler, type Router } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Ports } from '../ports.ts';
import { AppError } from '../errors.ts';
import { accessSettingsFromConfig, hostOriginGuard, type AccessSettings } from './host-origin.ts';
import { connectMcp, createMcpServer } from '../mcp/server.ts';
import { authenticate, bearerToken } from '../auth/authenticate.ts';
import { limitsFor } from '../limits/index.ts';
import { errorResponder } from './error-response.ts';
import { requestIp } from '../limits/ip.ts';
import type { Caller } from '../operations/invoke.ts';

export const MCP_PATH = '/mcp';

export interface McpRouterOptions {
  /** Host/Origin allow-lists; by default from the configuration (PUBLIC_URL, ALLOWED_HOSTS, MCP_ALLOWED_ORIGINS, CORS_ORIGINS). */
  security?: AccessSettings;
}

const requestIdOf = (req: express.Request) => (req as { id?: string }).id;

/** JSON-RPC messages in a POST body: a batch is an array, and each of its messages draws on the address budget. */
const messageCount = (body: unknown) => (Array.isArray(body) ? Math.max(1, body.length) : 1);

/**
 * The /mcp routes. Mount anywhere in the app (it parses its JSON body itself when the app's parser
 * has not); host/origin checks run first.
 */
export function mcpRouter(deps: Ports, opts: McpRouterOptions = {}): Router {
  const router = express.Router();
  router.use(
    MCP_PATH,
    hostOriginGuard(opts.security ?? accessSettingsFromConfig(deps.config, 'mcp'), 'mcp', 'the MCP endpoint'),
  );

  // Before MCP sees the request (and before its body is read): one point of the per-address budget,
  // then the credentials (AUTH_MODE apikey/jwt): 401 with WWW-Authenticate, in our error shape.
  const authenticateRequest: RequestHandler = async (req, res, next) => {
    try {
      const ip = requestIp(req);
      await limitsFor(deps).rate.ip(ip);
      const principal = await authenticate(deps, bearerToken(req.headers));
      res.locals.caller = { ip, principal, addressCharged: true } satisfies Caller;
      next();
    } catch (err) {
      next(err);
    }
  };
  // The rest of a batch: every message beyond the first draws on the address budget too.
  const chargeBatch: RequestHandler = async (req, res, next) => {
    try {
      const extra = messageCount(req.body) - 1;
      if (extra > 0) await limitsFor(deps).rate.ip((res.locals.caller as Caller).ip, extra);
      next();
    } catch (err) {
      next(err);
    }
  };

  const handle: RequestHandler = async (req, res, next) => {
    const requestId = requestIdOf(req);
    const mcp = createMcpServer(deps, {
      caller: res.locals.caller as Caller,
      userRequired: deps.config.auth.mode === 'none',
      requestId,
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // The response is finished or the client went away: closing aborts tool calls still running
    // (their signal stops upstream model calls) and frees the server.
    res.on('close', () => {
      void mcp.close().catch(() => undefined);
    });
    try {
      await connectMcp(mcp, transport, requestId);
      // The body parsed by express.json (ours or the app's); undefined for other content types, which
      // the transport then reads and answers itself (415).
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      if (res.headersSent) {
        deps.log.error({ err, requestId }, 'mcp request failed after the response started');
        res.end();
        return;
      }
      next(err);
    }
  };
  router.post(
    MCP_PATH,
    authenticateRequest,
    express.json({ limit: deps.config.http.bodyLimit, strict: true }),
    chargeBatch,
    handle,
  );

  router.all(MCP_PATH, (req, res) => {
    res.setHeader('Allow', 'POST');
    const err = new AppError(
      'invalid_request',
      `${req.method} is not supported on ${MCP_PATH}: this MCP endpoint is stateless (no sessions, no server-sent stream); send JSON-RPC messages with POST.`,
    );
    res.status(405).json(err.toBody(requestIdOf(req)));
  });

  // Errors of the /mcp routes (a forbidden Host or Origin, an unreadable body) in our shape, so the
  // router answers the same whether or not the app's error handler is behind it.
  router.use(MCP_PATH, errorResponder({ log: deps.log, bodyLimit: deps.config.http.bodyLimit }));
  return router;
}
