// Bearer JWTs from WorkOS or any OpenID Connect provider (AUTH_MODE=jwt): the signature is checked
// against the provider's JSON Web Key Set (JWKS_URL, fetched by jose's createRemoteJWKSet, cached,
// refetched when a token names an unknown key id), and the issuer (JWT_ISSUER), audience
// (JWT_AUDIENCE) and expiry are checked. The user is the token's `sub`, which must satisfy the
// userId field rules (WorkOS ids like user_01H… do).
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { userIdField } from '../../machines/domain/fields.ts';
import { AppError } from '../errors.ts';

export interface JwtSettings {
  jwksUrl: string;
  issuer: string;
  audience: string[];
}

/** Asymmetric algorithms only: a key set is public, so a symmetric (HS*) token could be forged from it. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export const unauthorized = (message: string) => new AppError('unauthorized', message);

export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<string> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  return async (token) => {
    let sub: unknown;
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp'],
      });
      sub = payload.sub;
    } catch (err) {
      throw jwtError(err);
    }
    const userId = userIdField.safeParse(sub);
    if (!userId.success)
      throw unauthorized('The token\'s subject (sub) is not a valid user id (1 to 64 letters, digits, "_" or "-").');
    return userId.data;
  };
}

function jwtError(err: unknown): AppError {
  if (err instanceof errors.JWTExpired) return unauthorized('The token has expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss' || err.claim === 'aud')
      return unauthorized('The token was not issued for this service (issuer or audience).');
    return unauthorized(`The token is not valid (${err.claim} claim).`);
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
    return unauthorized('The token is not signed by a key of the configured issuer.');
  }
  // The key set could not be fetched or read: not the caller's fault.
  if (
    err instanceof errors.JWKSTimeout ||
    err instanceof errors.JWKSInvalid ||
    !(err instanceof errors.JOSEError) ||
    err.code === 'ERR_JOSE_GENERIC'
  ) {
    return new AppError(
      'service_unavailable',
      "The identity provider's keys could not be fetched; please try again shortly.",
    );
  }
  return unauthorized('The token is not a valid JWT.');
}
