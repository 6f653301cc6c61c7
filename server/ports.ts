import type { Config } from './config.ts';
import type { Logger } from './log/logger.ts';
import type { Db } from '../db/connection.ts';
import type { Redis } from './redis/client.ts';
import type { UsersRepo } from '../db/repositories/users.ts';
import type { PreferencesRepo } from '../db/repositories/preferences.ts';
import type { InteractionsRepo } from '../db/repositories/interactions.ts';
import type { ApiKeysRepo } from '../db/repositories/apiKeys.ts';
import type { BillingRepo } from '../db/repositories/billing.ts';
import type { ScenarioLibrary } from './scenarios/index.ts';
import type { ModelProvider } from './ai/index.ts';
import type { Memory } from './memory/index.ts';
import type { PreferencesCache } from './memory/preferences-cache.ts';
import type { InteractionQueue } from './recorder/queue.ts';
import type { Recorder } from './recorder/recorder.ts';
import type { Voice } from './voice/index.ts';
import type { AudioCache } from './voice/cache.ts';
import type { SessionStore } from './sessions/store.ts';
import type { Entitlements } from './billing/entitlements.ts';
import type { StripeGateway } from './billing/stripe.ts';

/**
 * The ports, built once by the composition root (server/app/build.ts). A use-case names the ones it
 * uses (`Pick<Ports, ...>`); the edges hand the whole set to the operation pipeline.
 */
export interface Ports {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  repos: {
    users: UsersRepo;
    preferences: PreferencesRepo;
    interactions: InteractionsRepo;
    apiKeys: ApiKeysRepo;
    /** Stripe customers, subscriptions and applied webhook events (empty while billing is off). */
    billing: BillingRepo;
  };
  scenarios: ScenarioLibrary;
  /** Who writes: OpenAI-compatible endpoints with the built-in coach as the fallback, or the built-in coach alone. */
  model: ModelProvider;
  /** Working, episodic, semantic and procedural memory (server/memory). */
  memory: Memory;
  /** The interaction stream the recorder consumes (server/recorder/queue.ts). */
  queue: InteractionQueue;
  /** Preferences read through the Redis cache, written to Postgres (cache dropped on write). */
  preferences: PreferencesCache;
  /** The in-process recorder, when RECORDER_IN_PROCESS is on (its metrics feed /health). */
  recorder?: Recorder;
  /** Speech: ElevenLabs, the local espeak-ng, or null when neither is available (503 voice_unavailable). */
  voice: Voice | null;
  /** Synthesised clips, content-addressed, for VOICE_CACHE_SECONDS. */
  audio: AudioCache;
  /**
   * The local voice (espeak-ng) a plan without the hosted voice speaks with: `voice` itself when it
   * is local, espeak-ng beside ElevenLabs when installed; absent or null: none (those plans get 503).
   */
  localVoice?: Voice | null;
  /** Live sessions' persisted snapshots, and who owns each. */
  sessions: SessionStore;
  /** What each user's plan gives (server/billing/entitlements.ts); everyone the same with billing off. */
  entitlements: Entitlements;
  /** Stripe (server/billing/stripe.ts); undefined while billing is off (no STRIPE_SECRET_KEY). */
  stripe?: StripeGateway;
  /** Names of the active implementations, shown by /health. */
  providers: { ai: string; embedder: string; scenarioIndex: string; voice: string; memory: string; storage: string };
}
