// `npm run mcp:stdio`: Calmly's MCP tools over stdio, for agents that start the server themselves
// (Claude Desktop, IDEs). stdout carries the protocol and nothing else: logs go to stderr.
//
// The dependencies are built by the composition root (buildCalmly), exactly as for the app; nothing
// listens on a port. It runs the interaction recorder in this process unless RECORDER_IN_PROCESS=false
// (then `npm run worker` or the app's recorder writes the rows).
import { pino } from 'pino';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfigOrExit } from '../config.ts';
import { REDACT_PATHS } from '../log/logger.ts';
import { buildCalmly } from '../app/build.ts';
import { stdioCaller } from './caller.ts';
import { connectMcp, createMcpServer } from './server.ts';

const config = loadConfigOrExit(); // a bad configuration is reported on stderr, exit code 2
// Over stdio there are no credentials: the process acts for MCP_STDIO_USER, or, with AUTH_MODE=none
// and no MCP_STDIO_USER, for whichever user the tool arguments name (server/mcp/caller.ts).
if (config.auth.mode !== 'none' && !config.auth.mcpStdioUser) {
  console.error(
    `Invalid configuration:\n  MCP_STDIO_USER: required for MCP over stdio with AUTH_MODE=${config.auth.mode} (the user the tools act for)`,
  );
  process.exit(2);
}

// The app's logger writes to stdout; this one writes the same JSON lines to stderr (fd 2).
const log = pino(
  {
    name: 'calmly-mcp',
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  },
  pino.destination({ fd: 2, sync: true }),
);

// Anything else that would print to stdout would corrupt the protocol stream.
console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);

const calmly = await buildCalmly(config, { log });
const mcp = createMcpServer(calmly.deps, { caller: stdioCaller(config), userRequired: !config.auth.mcpStdioUser });
const transport = new StdioServerTransport();

let stopping = false;
async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'calmly mcp (stdio) stopping');
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  await mcp.close().catch(() => undefined);
  await calmly.close().catch((err) => log.error({ err }, 'error during shutdown'));
  clearTimeout(force);
  process.exit(0);
}

await connectMcp(mcp, transport);
// The client closing our stdin is how it ends the session.
process.stdin.once('end', () => void shutdown('stdin closed'));
process.stdin.once('close', () => void shutdown('stdin closed'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
log.info({ version: config.version, providers: calmly.deps.providers }, 'calmly mcp serving on stdio');
