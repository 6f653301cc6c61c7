// Credentials → the caller, for every edge. AUTH_MODE=none: everyone is anonymous and requests name
// their user (tokens are ignored). apikey / jwt: a Bearer token is required (an API key made with
// `npm run apikey:create`, or a JWT of the configured issuer); anything else is 401 unauthorized.
import type { IncomingHttpHeaders } from 'node:http';
import type { Ports } from '../ports.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { verifyApiKey } from './apikeys.ts';
import { createJwtVerifier, unauthorized } from './jwt.ts';
import { ANONYMOUS, type Principal } from './policy.ts';

/** The WWW-Authenticate value sent with every 401 (RFC 6750). */
export const WWW_AUTHENTICATE = 'Bearer realm="calmly"';

const MAX_TOKEN = 4096;

/** `Authorization: Bearer <token>` → the token; undefined when absent or another scheme. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(value);
  return m?.[1];
}

const verifiers = new WeakMap<Config, (token: string) => Promise<string>>();

function jwtVerifierFor(config: Config): (token: string) => Promise<string> {
  let verify = verifiers.get(config);
  if (!verify) {
    if (!config.auth.jwt) throw new Error('AUTH_MODE=jwt needs JWKS_URL, JWT_ISSUER and JWT_AUDIENCE');
    verify = createJwtVerifier(config.auth.jwt);
    verifiers.set(config, verify);
  }
  return verify;
}

/**
 * The caller for a token. AUTH_MODE=none: anonymous, whatever the token. Otherwise a user, or
 * AppError unauthorized (service_unavailable when a JWT cannot be checked because the provider's
 * keys are unreachable).
 */
export async function authenticate(
  deps: Pick<Ports, 'config' | 'repos' | 'log'>,
  token: string | undefined,
): Promise<Principal> {
  const { mode } = deps.config.auth;
  if (mode === 'none') return ANONYMOUS;
  if (!token)
    throw unauthorized(
      `Authentication required: send "Authorization: Bearer <${mode === 'apikey' ? 'API key' : 'token'}>".`,
    );
  if (token.length > MAX_TOKEN) throw unauthorized('The credentials are not valid.');
  if (mode === 'apikey') {
    let key;
    try {
      key = await verifyApiKey(deps.repos.apiKeys, token, (err) =>
        deps.log.warn({ err: err.message }, 'could not record an API key use'),
      );
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'API key lookup failed');
      throw new AppError('service_unavailable', 'Credentials cannot be checked right now; please try again shortly.');
    }
    if (!key) throw unauthorized('The API key is not valid (unknown, revoked or mistyped).');
    return { kind: 'user', userId: key.userId, via: 'apikey', keyId: key.id };
  }
  const userId = await jwtVerifierFor(deps.config)(token);
  return { kind: 'user', userId, via: 'jwt' };
}
