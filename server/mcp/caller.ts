// Who calls over MCP. Streamable HTTP: the /mcp router authenticates the HTTP request (401 there)
// and draws the address budget for every message it carries. stdio: the process acts for
// MCP_STDIO_USER when set (then like an authenticated caller); without it AUTH_MODE must be none and
// the arguments name the user, as on REST. Either way each tool call then goes through the operation
// pipeline with this caller.
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { ANONYMOUS, type Principal } from '../auth/policy.ts';
import type { Caller } from '../operations/invoke.ts';

/** The caller over stdio: MCP_STDIO_USER, or anonymous with AUTH_MODE=none; otherwise there is none. */
export function stdioCaller(config: Config): Caller {
  // A local process started by its own user: no address to budget.
  const caller = (principal: Principal): Caller => ({ ip: 'stdio', principal, addressCharged: true });
  if (config.auth.mcpStdioUser) return caller({ kind: 'user', userId: config.auth.mcpStdioUser, via: 'stdio' });
  if (config.auth.mode === 'none') return caller(ANONYMOUS);
  throw new AppError(
    'unauthorized',
    `MCP over stdio with AUTH_MODE=${config.auth.mode} needs MCP_STDIO_USER (the user it acts for).`,
  );
}
