// API keys from the command line (AUTH_MODE=apikey):
//
//   npm run apikey:create -- --user <userId> [--name <label>]   prints the key once (only its hash is stored)
//   npm run apikey:revoke -- --id <key id>                      or --prefix <clm_…>
//
// Needs DATABASE_URL (the database `npm start` provisioned, or yours), migrated.
import { parseArgs } from 'node:util';
import { createDb } from '../../db/connection.ts';
import { apiKeysRepo } from '../../db/repositories/apiKeys.ts';
import { loadConfig, ConfigError } from '../config.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import { createApiKey, revokeApiKey } from './apikeys.ts';

const USAGE = `usage:
  npm run apikey:create -- --user <userId> [--name <label>]
  npm run apikey:revoke -- --id <key id> | --prefix <key prefix>`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
let args: { user?: string; name?: string; id?: string; prefix?: string };
try {
  args = parseArgs({
    args: rest,
    options: { user: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, prefix: { type: 'string' } },
    strict: true,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}

let config;
try {
  // Only the database is used; Redis need not be configured for this.
  config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', ...process.env });
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const db = createDb(config.db);
const repo = apiKeysRepo(db);
try {
  if (command === 'create') {
    const user = userIdField.safeParse(args.user);
    if (!user.success) fail(`--user must be a user id (1 to 64 letters, digits, "_" or "-")\n${USAGE}`);
    if (args.name !== undefined && (args.name.length < 1 || args.name.length > 120))
      fail('--name must be 1 to 120 characters');
    const { key, record } = await createApiKey(repo, { userId: user.data, name: args.name ?? null });
    console.log(
      `API key for ${record.userId} (id ${record.id}, prefix ${record.prefix}${record.name ? `, "${record.name}"` : ''}):\n\n  ${key}\n`,
    );
    console.log(
      'Shown once: only its hash is stored. Send it as "Authorization: Bearer <key>" (or auth.token in the Socket.IO handshake).',
    );
    console.log(`Revoke it with: npm run apikey:revoke -- --id ${record.id}`);
  } else if (command === 'revoke') {
    if (!args.id && !args.prefix) fail(`give --id or --prefix\n${USAGE}`);
    const revoked = await revokeApiKey(repo, { id: args.id, prefix: args.prefix });
    if (!revoked) fail(`no active key with ${args.id ? `id ${args.id}` : `prefix ${args.prefix}`}`);
    console.log(`revoked ${args.id ?? args.prefix}: requests with it are now refused (401)`);
  } else {
    fail(USAGE);
  }
} finally {
  await db.destroy();
}
