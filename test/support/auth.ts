// Helpers for the access-control and limits tests: a JWKS served on a loopback port with tokens
// signed by a key pair made in the test, Socket.IO connections that may be refused (with the
// connect error's data), and an MCP client with headers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, jwk };
}

export interface Jwks {
  url: string;
  issuer: string;
  audience: string;
  /** Signs a token with `key` (default: the published key); `claims` override the defaults (sub, iss, aud, exp in 5 min). */
  sign(
    claims: JWTPayload & { sub?: string },
    opts?: { key?: SigningKey; alg?: string; expiresIn?: string | number },
  ): Promise<string>;
  /** JWKS fetches so far. */
  fetches(): number;
  close(): Promise<void>;
}

/** A JWKS endpoint on 127.0.0.1:0 publishing one RS256 key made here. */
export async function startJwks(opts: { issuer?: string; audience?: string } = {}): Promise<Jwks> {
  const key = await signingKey('test-key-1');
  const issuer = opts.issuer ?? 'https://auth.calmly.test/';
  const audience = opts.audience ?? 'calmly-api';
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    fetches++;
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer,
    audience,
    async sign(claims, o = {}) {
      const k = o.key ?? key;
      const jwt = new SignJWT({ iss: issuer, aud: audience, ...claims })
        .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: k.kid, typ: 'JWT' })
        .setIssuedAt();
      if (claims.exp === undefined) jwt.setExpirationTime(o.expiresIn ?? '5m');
      return jwt.sign(k.privateKey);
    },
    fetches: () => fetches,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface Connected {
  socket: Socket;
  ready: { sessionId: string; userId: string; resumed: boolean };
  received: Array<{ event: string; payload: any }>;
  /** Emits with an acknowledgement. */
  send(event: string, payload?: unknown): Promise<any>;
  close(): void;
}

/** Connects; resolves on session:ready, rejects with the connect error (its `data`) or the session:error. */
export function connect(
  baseUrl: string,
  auth: Record<string, unknown> = {},
  extraHeaders?: Record<string, string>,
): Promise<Connected> {
  const socket = io(baseUrl, {
    auth,
    extraHeaders,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  const received: Connected['received'] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error('no answer to the handshake within 10 s'));
    }, 10_000);
    const done = () => {
      clearTimeout(timer);
      socket.off('connect_error', onConnectError);
      socket.off('session:error', onSessionError);
    };
    const onConnectError = (err: Error & { data?: unknown }) => {
      done();
      socket.disconnect();
      reject(Object.assign(new Error(err.message), { data: err.data }));
    };
    const onSessionError = (e: { message: string }) => {
      done();
      socket.disconnect();
      reject(Object.assign(new Error(e.message), { data: e }));
    };
    socket.once('connect_error', onConnectError);
    socket.once('session:error', onSessionError);
    socket.once('session:ready', (ready) => {
      done();
      resolve({
        socket,
        ready,
        received,
        send: (event, payload) => new Promise((r) => socket.emit(event, payload ?? {}, r)),
        close: () => void socket.disconnect(),
      });
    });
  });
}

/** The `data` of a refused connection. */
export async function refused(
  p: Promise<Connected>,
): Promise<{ code: string; message: string; retryAfterMs?: number }> {
  try {
    const c = await p;
    c.close();
  } catch (err) {
    return (err as { data: { code: string; message: string } }).data;
  }
  throw new Error('the connection was accepted');
}

export async function mcpClient(baseUrl: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'calmly-auth-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers } }));
  return client;
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; structured: any }> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { isError: Boolean(r.isError), structured: r.structuredContent };
}

/** A raw JSON-RPC POST to /mcp (for what the SDK client hides: status and headers). */
export async function mcpPost(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}
