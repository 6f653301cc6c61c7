import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNodeModules } from './lib/npm.mjs';
import { startApp } from './lib/start-app.mjs';
import { log } from './lib/util.mjs';
import { ensureSystemPackages, provisionEnv } from './services.mjs';

// Here, before start.mjs would: it runs Calmly with NODE_ENV=production, and an `npm ci` there would
// leave out the dev dependencies (Lighthouse itself among them). Imported only once they are there.
ensureNodeModules();
const chromeLauncher = await import('chrome-launcher');
const { default: lighthouse, desktopConfig } = await import('lighthouse');
const { default: pg } = await import('pg');
const { createClient } = await import('redis');

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    runs: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(args.runs) || 1);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['FCP', 'first-contentful-paint'],
  ['LCP', 'largest-contentful-paint'],
  ['TBT', 'total-blocking-time'],
  ['CLS', 'cumulative-layout-shift'],
];

/** Calmly as `npm start` runs it, on a database and Redis prefix of its own. → { url, stop() } */
async function startCalmly() {
  const services = await provisionEnv('test', { redis: true, postgres: true });
  const database = `calmly_lh_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `lh${randomUUID().slice(0, 6)}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: services.postgres.adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const dbUrl = new URL(services.postgres.adminUrl);
  dbUrl.pathname = `/${database}`;
  log('starting Calmly (migrate, seed, build the client)');
  const stopAll = async (app) => {
    await app?.stop();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((e) => log(`dropping ${database}: ${e}`));
    const redis = await createClient({ url: services.redis.url }).connect();
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 }))
      if (keys.length) await redis.unlink(keys);
    await redis.quit();
    await services.stopStarted();
  };
  let app;
  try {
    app = await startApp({ databaseUrl: dbUrl.toString(), redisUrl: services.redis.url, redisPrefix: prefix });
  } catch (error) {
    await stopAll(app);
    throw error;
  }
  return { url: app.url, stop: () => stopAll(app) };
}

const median = (runs) =>
  [...runs].sort((a, b) => a.categories.performance.score - b.categories.performance.score)[
    Math.floor(runs.length / 2)
  ];
const score = (lhr, id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);

/** The performance audits that cost points, the costliest first (by weight, then by score). */
function costlyAudits(lhr) {
  const weights = new Map(lhr.categories.performance.auditRefs.map((r) => [r.id, r.weight]));
  return Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
    .filter((a) => weights.has(a.id) || a.details?.type === 'opportunity' || a.scoreDisplayMode === 'metricSavings')
    .sort((a, b) => (weights.get(b.id) ?? 0) - (weights.get(a.id) ?? 0) || a.score - b.score)
    .map((a) => `  ${a.id} (${a.title}): score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''}`);
}

/** One Lighthouse run in a Chromium of its own: reusing one across runs failed now and then (NO_NAVSTART). */
async function runOnce(url, chromePath, config) {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
      config,
    );
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

async function measure(url) {
  let chromePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!chromePath) {
    ensureSystemPackages({ chromium: true });
    chromePath = '/usr/bin/chromium';
  }
  const results = {};
  for (const [name, config] of [
    ['mobile', undefined],
    ['desktop', desktopConfig],
  ]) {
    const runs = [];
    // A failed run (NO_NAVSTART, NO_FCP) scores 0: said, tried again, and never part of the median.
    for (let i = 0, failures = 0; runs.length < RUNS && failures <= RUNS; i++) {
      const lhr = await runOnce(url, chromePath, config);
      if (!lhr.runtimeError) runs.push(lhr);
      else {
        failures++;
        log(`${name} run ${i + 1} failed: ${lhr.runtimeError.code}; again`);
      }
    }
    if (!runs.length) throw new Error(`every ${name} run failed`);
    results[name] = { median: median(runs), performance: runs.map((r) => score(r, 'performance')) };
  }
  return results;
}

function report(results) {
  const lines = [];
  for (const [name, { median: lhr, performance }] of Object.entries(results)) {
    lines.push(
      `${name}: ${CATEGORIES.map((c) => `${c} ${score(lhr, c)}`).join(', ')}` +
        ` (performance per run: ${performance.join(', ')})`,
    );
    lines.push(`  ${METRICS.map(([label, id]) => `${label} ${lhr.audits[id].displayValue}`).join(', ')}`);
  }
  const costly = costlyAudits(results.mobile.median);
  lines.push(
    costly.length ? 'mobile performance audits that cost points:' : 'no mobile performance audit costs points',
  );
  lines.push(...costly);
  console.log(lines.join('\n'));
  if (args.json) {
    mkdirSync(args.json, { recursive: true });
    for (const [name, { median: lhr }] of Object.entries(results))
      writeFileSync(path.join(args.json, `lighthouse-${name}.json`), JSON.stringify(lhr, null, 2));
  }
}

async function main() {
  const calmly = args.url ? { url: args.url, stop: async () => {} } : await startCalmly();
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    void calmly.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    log(`Lighthouse on ${calmly.url}: ${RUNS} run(s) each, mobile then desktop`);
    report(await measure(calmly.url));
  } finally {
    await calmly.stop();
  }
}

main().catch((error) => {
  log(`lighthouse failed: ${error.stack ?? error}`);
  process.exit(1);
});
