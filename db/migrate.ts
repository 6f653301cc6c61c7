// `npm run migrate [-- --down]`: brings the database at DATABASE_URL to the latest schema.
import { loadConfig } from '../server/config.ts';
import { createDb } from './connection.ts';
import { migrateLatest, rollbackAll } from './migrator.ts';

const config = loadConfig();
const db = createDb(config.db);
try {
  if (process.argv.includes('--down')) {
    await rollbackAll(db);
    console.log('migrations: rolled back');
  } else {
    const applied = await migrateLatest(db);
    console.log(applied.length ? `migrations: applied ${applied.join(', ')}` : 'migrations: up to date');
  }
} catch (err) {
  console.error(`migrations failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
