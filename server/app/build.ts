import { warmCoach } from '../coach/index.ts';
import { createServer, type Server } from 'node:http';
import type { Config } from '../config.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { createDb } from '../../db/connection.ts';
import { usersRepo } from '../../db/repositories/users.ts';
import { preferencesRepo } from '../../db/repositories/preferences.ts';
import { interactionsRepo } from '../../db/repositories/interactions.ts';
import { apiKeysRepo } from '../../db/repositories/apiKeys.ts';
import { billingRepo } from '../../db/repositories/billing.ts';
import { connectRedis } from '../redis/client.ts';
import { checkMemoryPolicy } from '../redis/memory-policy.ts';
import { createHttpApp } from '../http/app.ts';
import { accessSettingsFromConfig, socketAllowRequest } from '../http/host-origin.ts';
import { buildScenarioLibrary } from './scenarios.ts';
import { createModelProvider } from '../ai/index.ts';
import { entitlementsWithoutBilling, type Entitlements } from '../billing/entitlements.ts';
import { createBillingEntitlements } from '../billing/plans.ts';
import { createStripeGateway } from '../billing/stripe.ts';
import type { Ports } from '../ports.ts';
import { createPersonalization, recorderFor } from './personalization.ts';
import { attachRealtime, type Realtime } from '../realtime/gateway.ts';
import { createMetrics } from '../metrics/index.ts';
import { createLocalVoice, createVoice } from '../voice/index.ts';
import { createAudioStore } from '../voice/store.ts';
import { createSessionStore } from '../sessions/store.ts';

export interface Calmly {
  deps: Ports;
  server: Server;
  /** Live sessions over Socket.IO, on the same port. */
  realtime: Realtime;
  /** Starts listening; resolves with the bound port (PORT=0 picks a free one). */
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export interface BuildOptions {
  log?: Logger;
  /** What each user's plan gives, instead of the one the configuration chooses (tests switch plans at will). */
  entitlements?: Entitlements;
}

/** The composition root: every adapter is built here, once, and handed to what needs it. */
export async function buildCalmly(config: Config, opts: BuildOptions = {}): Promise<Calmly> {
  const log = opts.log ?? createLogger({ level: config.logLevel });
  const db = createDb(config.db);
  const redis = await connectRedis(config.redis.url, { name: 'calmly-app' });
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  await checkMemoryPolicy(redis, log);

  const scenarios = await buildScenarioLibrary({ redis, config, log });
  const model = createModelProvider(config.ai, { log });
  log.info({ ms: warmCoach() }, 'built-in coach ready');
  const billing = billingRepo(db);
  // Payments only with a Stripe key: otherwise no Stripe client exists and everyone has today's limits.
  const billingLog = log.child({ component: 'billing' });
  const stripe = config.billing
    ? createStripeGateway(config.billing, { log: billingLog, version: config.version })
    : undefined;
  const entitlements =
    opts.entitlements ??
    (config.billing
      ? createBillingEntitlements({ plans: config.billing.plans, billing, log: billingLog })
      : entitlementsWithoutBilling(config));
  const voice = await createVoice(config, { log });
  // Only plans do without the hosted voice: with billing off nobody needs a second voice (nor the probe).
  const localVoice = entitlements.enabled ? await createLocalVoice(config, voice) : null;
  const audio = await createAudioStore(config, { log: log.child({ component: 'voice' }) });

  const personalization = await createPersonalization({ config, redis, db, log });
  // The recorder runs in this process unless RECORDER_IN_PROCESS=false (then `npm run worker`).
  const recorder = config.recorder.inProcess
    ? recorderFor({ config, redis, db, log, memory: personalization.memory })
    : undefined;

  const deps: Ports = {
    config,
    log,
    db,
    redis,
    repos: {
      users: usersRepo(db),
      preferences: preferencesRepo(db),
      interactions: interactionsRepo(db),
      apiKeys: apiKeysRepo(db),
      billing,
    },
    scenarios,
    model,
    memory: personalization.memory,
    queue: personalization.queue,
    preferences: personalization.preferences,
    recorder,
    voice,
    localVoice,
    audio: audio.store,
    sessions: createSessionStore({
      redis,
      prefix: config.redis.prefix,
      ttlSeconds: config.realtime.sessionTtlSeconds,
      log: log.child({ component: 'realtime' }),
    }),
    entitlements,
    stripe,
    providers: {
      ai: model.name,
      embedder: scenarios.embedderId,
      scenarioIndex: scenarios.kind,
      voice: voice?.name ?? 'none',
      memory: 'redis',
      storage: 'postgres',
    },
  };

  await recorder?.start();
  const metrics = createMetrics(deps);
  const app = createHttpApp(deps, { metrics });
  const server = createServer(app);
  // Keep-alive longer than typical load balancer idle timeouts avoids spurious 502s behind one.
  server.keepAliveTimeout = 65_000;
  // Slow clients cannot hold a connection open indefinitely: the whole request (headers and body)
  // must arrive within HTTP_REQUEST_TIMEOUT_MS, its headers within 20 s of it. (Responses that
  // take long, like a generation, are bounded by REQUEST_TIMEOUT_MS instead.)
  server.requestTimeout = config.http.requestTimeoutMs;
  server.headersTimeout = Math.min(20_000, config.http.requestTimeoutMs);
  const realtime = await attachRealtime(server, deps, {
    allowRequest: socketAllowRequest(accessSettingsFromConfig(config, 'socket')),
  });
  metrics.setLiveSessions(() => realtime.liveSessions());

  return {
    deps,
    server,
    realtime,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async close() {
      await realtime.close();
      await new Promise<void>((resolve) => {
        if (server.listening) server.close(() => resolve());
        else resolve();
        server.closeAllConnections();
      });
      await recorder?.stop();
      await redis.quit().catch(() => redis.destroy());
      await db.destroy();
      audio.close();
    },
  };
}
