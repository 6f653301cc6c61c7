// Who a request acts for, decided in one place. The operation pipeline (server/operations/invoke.ts)
// authenticates the caller and calls these helpers with the user the input names (a body, query, path,
// handshake or tool arguments); nothing else compares user ids.
//
//   AUTH_MODE=none     the caller is anonymous and the request's userId is trusted, as in the seed
//   apikey / jwt       the caller is a user: a request naming another user is 403 forbidden, and a
//                      request that names none acts for the caller
import { AppError, invalidRequest } from '../errors.ts';

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      /** How the user was identified; stdio: MCP_STDIO_USER. */
      via: 'apikey' | 'jwt' | 'stdio';
      /** The API key's id (apikey). */
      keyId?: string;
    };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

/** The user a request acts for: the caller when authenticated (naming another user is 403 forbidden), else the one it names. */
export function actingUser(caller: Principal, named: string | null | undefined): string | undefined {
  if (caller.kind === 'anonymous') return named ?? undefined;
  if (named != null && named !== caller.userId) {
    throw new AppError(
      'forbidden',
      "This names another user's data; you can only act for your own user (leave userId out to use yours).",
    );
  }
  return caller.userId;
}

/** For use-cases that need a user: 400 invalid_request on `userId` when there is none (AUTH_MODE=none). */
export function requireUser(userId: string | null | undefined): string {
  if (!userId)
    throw invalidRequest('Invalid request: userId is required.', [{ field: 'userId', problem: 'is required' }]);
  return userId;
}

/** 403 when a resource with an owner (a live session) belongs to someone other than the user acting on it. */
export function assertOwner(ownerId: string | null | undefined, userId: string): void {
  if (ownerId != null && ownerId !== userId) throw new AppError('forbidden', 'This belongs to another user.');
}
