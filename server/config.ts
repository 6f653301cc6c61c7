// Configuration is read once, here, and validated; everything else receives a typed Config.
// The seed's variable names are accepted as aliases so a seed-style deployment works unchanged.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PlanLimits } from './billing/entitlements.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const optionalUrl = z.url().optional();
const nonEmpty = z.string().trim().min(1).optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: optionalUrl,

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_CA_FILE: nonEmpty,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),

  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .default('calmly'),

  AI_BASE_URL: optionalUrl,
  AI_API_KEY: nonEmpty,
  AI_MODEL: nonEmpty,
  AI_BURST_BASE_URL: optionalUrl,
  AI_BURST_API_KEY: nonEmpty,
  AI_BURST_MODEL: nonEmpty,
  AI_BURST_THRESHOLD: z.coerce.number().int().min(0).default(10),
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  AI_FALLBACK: z.enum(['builtin', 'none']).default('builtin'),

  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_API_KEY: nonEmpty,
  EMBEDDINGS_MODEL: nonEmpty,
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).max(8192).optional(),

  ELEVENLABS_API_KEY: nonEmpty,
  ELEVENLABS_BASE_URL: optionalUrl,
  ELEVENLABS_MODEL_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a model id like eleven_flash_v2_5')
    .default('eleven_flash_v2_5'),
  ELEVENLABS_VOICE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a voice id like 21m00Tcm4TlvDq8ikWAM')
    .default('21m00Tcm4TlvDq8ikWAM'),
  // Only MP3 formats: the clip is served and measured as MP3.
  ELEVENLABS_OUTPUT_FORMAT: z
    .string()
    .regex(/^mp3_\d{4,5}_\d{2,3}$/, 'must be an mp3 format like mp3_44100_128')
    .default('mp3_44100_128'),
  VOICE_PROVIDER: z.enum(['auto', 'elevenlabs', 'espeak', 'none']).default('auto'),
  ESPEAK_PATH: z.string().trim().min(1).default('espeak-ng'),
  VOICE_CACHE_SECONDS: z.coerce.number().int().min(1).default(86_400),
  VOICE_CACHE_MAX_BYTES: z.coerce.number().int().min(1_048_576).default(1_073_741_824),
  VOICE_AUDIO_DIR: z.string().trim().min(1).default('.data/audio'),
  VOICE_MAX_CONCURRENT_PER_USER: z.coerce.number().int().min(0).max(100).default(2),
  VOICE_MAX_CONCURRENT: z.coerce.number().int().min(1).max(1000).default(4),
  VOICE_S3_BUCKET: nonEmpty,
  VOICE_S3_ENDPOINT: optionalUrl,
  VOICE_S3_REGION: nonEmpty,
  VOICE_S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_./-]{0,200}$/, 'must be letters, digits, "_", ".", "/" or "-"')
    .default('calmly/audio/'),
  VOICE_S3_ACCESS_KEY_ID: nonEmpty,
  VOICE_S3_SECRET_ACCESS_KEY: nonEmpty,
  // The SDK reads AWS_* itself; only the region is needed here, as VOICE_S3_REGION's fallback.
  AWS_REGION: nonEmpty,

  RECORDER_IN_PROCESS: bool.default(true),
  RECORDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  RECORDER_BATCH_SIZE: z.coerce.number().int().min(1).max(2000).default(200),
  RECORDER_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30_000),
  RECORDER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  MEMORY_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  SESSION_IDLE_SECONDS: z.coerce.number().int().min(1).default(1_800),
  PREFERENCES_CACHE_SECONDS: z.coerce.number().int().min(0).default(300),

  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
  SOCKET_CORS_ORIGINS: z.string().optional(),
  /** Host names every edge answers to besides loopback and PUBLIC_URL's host (server/http/host-origin.ts). */
  ALLOWED_HOSTS: z.string().optional(),
  /** Older name of ALLOWED_HOSTS (it once applied to /mcp only); both lists are honoured. */
  MCP_ALLOWED_HOSTS: z.string().optional(),
  MCP_ALLOWED_ORIGINS: z.string().optional(),

  BODY_LIMIT: z.string().default('64kb'),
  TRUST_PROXY: z.string().optional(),
  /** Browser origins allowed to call the REST API (and open Socket.IO connections) from another origin. */
  CORS_ORIGINS: z.string().optional(),

  // Access control (server/auth): none (the request names its user), apikey or jwt.
  AUTH_MODE: z.enum(['none', 'apikey', 'jwt']).default('none'),
  JWKS_URL: optionalUrl,
  JWT_ISSUER: nonEmpty,
  JWT_AUDIENCE: nonEmpty,
  AUTH_RECHECK_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  MCP_STDIO_USER: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "_" or "-"')
    .optional(),

  // Limits (server/limits).
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_MODEL_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_CHEAP_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  MAX_CONCURRENT_GENERATIONS_PER_USER: z.coerce.number().int().min(0).max(1000).default(3),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  AI_DAILY_TOKENS_PER_USER: z.coerce.number().int().min(0).default(0),

  // Payments (server/billing): off without STRIPE_SECRET_KEY; then the PLAN_* settings are not used.
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(
      /^whsec_[A-Za-z0-9_+/=-]+$/,
      'must be a webhook signing secret (whsec_…, from the endpoint or `stripe listen`)',
    )
    .optional(),
  STRIPE_PRICE_ID: z
    .string()
    .trim()
    .regex(/^price_[A-Za-z0-9_]+$/, "must be a Stripe price id (price_…) of the paid plan's recurring price")
    .optional(),
  /** A Stripe-compatible endpoint (stripe-mock); Stripe's own API otherwise. */
  STRIPE_API_BASE: optionalUrl,
  /** Where Stripe sends people back after Checkout and the portal; PUBLIC_URL by default. */
  BILLING_RETURN_URL: optionalUrl,
  PLAN_FREE_MODEL_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Unset: RATE_LIMIT_MODEL_PER_MINUTE (what everyone has without billing). */
  PLAN_PAID_MODEL_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  PLAN_FREE_DAILY_TOKENS: z.coerce.number().int().min(0).default(20_000),
  /** Unset: AI_DAILY_TOKENS_PER_USER. */
  PLAN_PAID_DAILY_TOKENS: z.coerce.number().int().min(0).optional(),
  PLAN_FREE_HOSTED_MODEL: bool.default(false),
  PLAN_PAID_HOSTED_MODEL: bool.default(true),
  PLAN_FREE_HOSTED_VOICE: bool.default(false),
  PLAN_PAID_HOSTED_VOICE: bool.default(true),
});

export type Env = z.infer<typeof envSchema>;

/** Seed name → our name. The seed's name is used only when ours is not set. */
export const ENV_ALIASES: Record<string, keyof Env> = {
  VULTR_DB_CONNECTION_STRING: 'DATABASE_URL',
  VULTR_COMPUTE_ENDPOINT: 'AI_BURST_BASE_URL',
  VULTR_API_KEY: 'AI_BURST_API_KEY',
};

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  publicUrl?: string;
  version: string;
  db: { url: string; ssl?: { rejectUnauthorized: boolean; ca?: string }; poolMax: number };
  redis: { url: string; prefix: string };
  ai: {
    primary?: { baseURL: string; apiKey: string; model: string };
    burst?: { baseURL: string; apiKey: string; model: string };
    burstThreshold: number;
    timeoutMs: number;
    fallback: 'builtin' | 'none';
  };
  embeddings?: { baseURL: string; apiKey: string; model: string; dimensions?: number };
  voice: {
    /** auto: ElevenLabs with a key, else espeak-ng when installed, else none. */
    provider: 'auto' | 'elevenlabs' | 'espeak' | 'none';
    elevenLabsApiKey?: string;
    elevenLabs: { baseUrl?: string; modelId: string; voiceId: string; outputFormat: string };
    espeakPath: string;
    /** How long a clip is kept (and served) after it was made. */
    cacheSeconds: number;
    /** Syntheses in flight per user (0: no limit), and in this process. */
    maxConcurrentPerUser: number;
    maxConcurrent: number;
    /** Where clips are kept: files under `dir` (bounded by maxBytes), or S3-compatible storage when set. */
    store: {
      dir: string;
      maxBytes: number;
      s3?: {
        bucket: string;
        prefix: string;
        endpoint?: string;
        region: string;
        /** Unset: the AWS SDK's own chain (AWS_ACCESS_KEY_ID, profiles, instance roles…). */
        credentials?: { accessKeyId: string; secretAccessKey: string };
      };
    };
  };
  http: {
    bodyLimit: string;
    trustProxy?: string;
    /** CORS_ORIGINS: normalised origins, or ['*']; the app's own origin always works. */
    corsOrigins: string[];
    /** ALLOWED_HOSTS and MCP_ALLOWED_HOSTS: Host names every edge answers to besides loopback and PUBLIC_URL's. */
    allowedHosts: string[];
    /** Node's server.requestTimeout (the whole request received); headersTimeout is at most 20 s of it. */
    requestTimeoutMs: number;
  };
  /** Who is calling (server/auth). */
  auth: {
    mode: 'none' | 'apikey' | 'jwt';
    jwt?: { jwksUrl: string; issuer: string; audience: string[] };
    /** The user MCP over stdio acts for (required with AUTH_MODE apikey/jwt). */
    mcpStdioUser?: string;
    /** How often an open socket's credentials are checked again: a revoked key or an expired token ends it within this. */
    recheckMs: number;
  };
  /** Rate limits and resource limits (server/limits). */
  limits: {
    enabled: boolean;
    modelPerMinute: number;
    cheapPerMinute: number;
    ipPerMinute: number;
    /** 0: no limit. */
    maxConcurrentGenerations: number;
    /** Per model-backed call (analyze, generate, refine, voice). */
    requestTimeoutMs: number;
    /** 0: unlimited. */
    dailyTokensPerUser: number;
  };
  realtime: { sessionTtlSeconds: number; eventsPerSecond: number; corsOrigins: string[] };
  /** /mcp's extra Origins, and its Host names (the same as http.allowedHosts); server/http/host-origin.ts adds loopback and PUBLIC_URL. */
  mcp: { allowedHosts: string[]; allowedOrigins: string[] };
  recorder: { inProcess: boolean; maxAttempts: number; batchSize: number; claimIdleMs: number; concurrency: number };
  memory: { workingTtlSeconds: number; sessionIdleSeconds: number; preferencesCacheSeconds: number };
  /** Payments with Stripe (server/billing); undefined without STRIPE_SECRET_KEY: no billing at all. */
  billing?: BillingConfig;
}

export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  /** The paid plan's recurring price. */
  priceId: string;
  /** STRIPE_API_BASE as the SDK's options; undefined: Stripe's API. */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
  /** Checkout's success and cancel pages and the portal's return page are under this origin. */
  returnUrl: string;
  plans: { free: PlanLimits; paid: PlanLimits };
}

export class ConfigError extends Error {}

function applyAliases(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') out[k] = v;
  for (const [alias, name] of Object.entries(ENV_ALIASES)) {
    if (out[name] === undefined && out[alias] !== undefined) out[name] = out[alias];
  }
  return out;
}

/** TLS for managed Postgres: sslmode in the URL decides, DATABASE_CA_FILE pins the CA. */
function dbSsl(url: string, caFile?: string): Config['db']['ssl'] {
  const mode = new URL(url).searchParams.get('sslmode');
  const ca = caFile ? readFileSync(caFile, 'utf8') : undefined;
  if (!mode || mode === 'disable') return ca ? { rejectUnauthorized: true, ca } : undefined;
  // 'require'/'prefer' encrypt without verifying (libpq semantics) unless a CA is pinned.
  const verify = mode === 'verify-full' || mode === 'verify-ca' || Boolean(ca);
  return { rejectUnauthorized: verify, ...(ca ? { ca } : {}) };
}

const list = (v?: string) =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** "https://app.example.com/" → "https://app.example.com"; null for anything but an http(s) origin. */
export function originOf(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) return null;
    return u.origin;
  } catch {
    return null;
  }
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(applyAliases(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.VOICE_PROVIDER === 'elevenlabs' && !e.ELEVENLABS_API_KEY) {
    throw new ConfigError('Invalid configuration:\n  VOICE_PROVIDER: elevenlabs needs ELEVENLABS_API_KEY');
  }
  if (Boolean(e.VOICE_S3_ACCESS_KEY_ID) !== Boolean(e.VOICE_S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  VOICE_S3_ACCESS_KEY_ID and VOICE_S3_SECRET_ACCESS_KEY go together (or set neither)',
    );
  }
  if (e.AUTH_MODE === 'jwt') {
    const missing = (['JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const).filter((k) => !e[k]);
    if (missing.length)
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: required with AUTH_MODE=jwt`).join('\n')}`,
      );
  }
  const billing = billingConfig(e);
  const corsOrigins = list(e.CORS_ORIGINS);
  const badOrigins = corsOrigins.filter((o) => o !== '*' && !originOf(o));
  if (badOrigins.length) {
    throw new ConfigError(
      `Invalid configuration:\n  CORS_ORIGINS: ${badOrigins.map((o) => JSON.stringify(o)).join(', ')} ${badOrigins.length === 1 ? 'is not an origin' : 'are not origins'} (e.g. https://app.example.com)`,
    );
  }
  const normalCors = corsOrigins.map((o) => (o === '*' ? o : originOf(o)!));
  const allowedHosts = [...new Set([...list(e.ALLOWED_HOSTS), ...list(e.MCP_ALLOWED_HOSTS)])];
  const endpoint = (baseURL?: string, apiKey?: string, model?: string) =>
    baseURL ? { baseURL, apiKey: apiKey ?? 'none', model: model ?? 'default' } : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    version: readVersion(),
    db: { url: e.DATABASE_URL, ssl: dbSsl(e.DATABASE_URL, e.DATABASE_CA_FILE), poolMax: e.DATABASE_POOL_MAX },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    ai: {
      primary: endpoint(e.AI_BASE_URL, e.AI_API_KEY, e.AI_MODEL),
      burst: endpoint(e.AI_BURST_BASE_URL, e.AI_BURST_API_KEY, e.AI_BURST_MODEL ?? e.AI_MODEL),
      burstThreshold: e.AI_BURST_THRESHOLD,
      timeoutMs: e.AI_TIMEOUT_MS,
      fallback: e.AI_FALLBACK,
    },
    embeddings: e.EMBEDDINGS_BASE_URL
      ? {
          ...endpoint(e.EMBEDDINGS_BASE_URL, e.EMBEDDINGS_API_KEY, e.EMBEDDINGS_MODEL)!,
          dimensions: e.EMBEDDINGS_DIMENSIONS,
        }
      : undefined,
    voice: {
      provider: e.VOICE_PROVIDER,
      elevenLabsApiKey: e.ELEVENLABS_API_KEY,
      elevenLabs: {
        baseUrl: e.ELEVENLABS_BASE_URL,
        modelId: e.ELEVENLABS_MODEL_ID,
        voiceId: e.ELEVENLABS_VOICE_ID,
        outputFormat: e.ELEVENLABS_OUTPUT_FORMAT,
      },
      espeakPath: e.ESPEAK_PATH,
      cacheSeconds: e.VOICE_CACHE_SECONDS,
      maxConcurrentPerUser: e.VOICE_MAX_CONCURRENT_PER_USER,
      maxConcurrent: e.VOICE_MAX_CONCURRENT,
      store: {
        dir: e.VOICE_AUDIO_DIR,
        maxBytes: e.VOICE_CACHE_MAX_BYTES,
        s3: e.VOICE_S3_BUCKET
          ? {
              bucket: e.VOICE_S3_BUCKET,
              prefix: e.VOICE_S3_PREFIX,
              endpoint: e.VOICE_S3_ENDPOINT,
              region: e.VOICE_S3_REGION ?? e.AWS_REGION ?? 'us-east-1',
              credentials:
                e.VOICE_S3_ACCESS_KEY_ID && e.VOICE_S3_SECRET_ACCESS_KEY
                  ? { accessKeyId: e.VOICE_S3_ACCESS_KEY_ID, secretAccessKey: e.VOICE_S3_SECRET_ACCESS_KEY }
                  : undefined,
            }
          : undefined,
      },
    },
    http: {
      bodyLimit: e.BODY_LIMIT,
      trustProxy: e.TRUST_PROXY,
      corsOrigins: normalCors,
      allowedHosts,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    },
    auth: {
      mode: e.AUTH_MODE,
      jwt:
        e.AUTH_MODE === 'jwt'
          ? { jwksUrl: e.JWKS_URL!, issuer: e.JWT_ISSUER!, audience: list(e.JWT_AUDIENCE) }
          : undefined,
      mcpStdioUser: e.MCP_STDIO_USER,
      recheckMs: e.AUTH_RECHECK_SECONDS * 1000,
    },
    limits: {
      enabled: e.RATE_LIMIT_ENABLED,
      modelPerMinute: e.RATE_LIMIT_MODEL_PER_MINUTE,
      cheapPerMinute: e.RATE_LIMIT_CHEAP_PER_MINUTE,
      ipPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      maxConcurrentGenerations: e.MAX_CONCURRENT_GENERATIONS_PER_USER,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      dailyTokensPerUser: e.AI_DAILY_TOKENS_PER_USER,
    },
    recorder: {
      inProcess: e.RECORDER_IN_PROCESS,
      maxAttempts: e.RECORDER_MAX_ATTEMPTS,
      batchSize: e.RECORDER_BATCH_SIZE,
      claimIdleMs: e.RECORDER_CLAIM_IDLE_MS,
      concurrency: e.RECORDER_CONCURRENCY,
    },
    realtime: {
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      eventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
      // CORS_ORIGINS applies to Socket.IO too; SOCKET_CORS_ORIGINS (older) adds origins for Socket.IO only.
      corsOrigins: [...new Set([...normalCors, ...list(e.SOCKET_CORS_ORIGINS)])],
    },
    mcp: {
      allowedHosts,
      allowedOrigins: list(e.MCP_ALLOWED_ORIGINS),
    },
    memory: {
      workingTtlSeconds: e.MEMORY_TTL_SECONDS,
      sessionIdleSeconds: e.SESSION_IDLE_SECONDS,
      preferencesCacheSeconds: e.PREFERENCES_CACHE_SECONDS,
    },
    billing,
  };
}

/** "http://127.0.0.1:12111" → the Stripe SDK's host, port and protocol (it takes no base URL). */
export function stripeApiOptions(base: string): NonNullable<BillingConfig['api']> {
  const u = new URL(base);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

/**
 * Billing is on exactly when STRIPE_SECRET_KEY is set; the webhook secret and the price then must be
 * too, or payments would be taken that Calmly never hears of. The paid plan defaults to today's limits.
 */
function billingConfig(e: Env): BillingConfig | undefined {
  // Without the key the other STRIPE_* and PLAN_* settings are ignored: exactly today's behaviour.
  if (!e.STRIPE_SECRET_KEY) return undefined;
  const missing = (['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_ID'] as const).filter((k) => !e[k]);
  if (missing.length)
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((k) => `  ${k}: required with STRIPE_SECRET_KEY`).join('\n')}`,
    );
  if (e.STRIPE_API_BASE && !/^https?:$/.test(new URL(e.STRIPE_API_BASE).protocol))
    throw new ConfigError('Invalid configuration:\n  STRIPE_API_BASE: must be an http:// or https:// URL');
  const returnBase = e.BILLING_RETURN_URL ?? e.PUBLIC_URL;
  // Stripe would send paying people to a page that does not exist; locally the app itself is the page.
  if (!returnBase && e.NODE_ENV === 'production')
    throw new ConfigError(
      'Invalid configuration:\n  BILLING_RETURN_URL: required with STRIPE_SECRET_KEY in production (or set PUBLIC_URL)',
    );
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET!,
    priceId: e.STRIPE_PRICE_ID!,
    api: e.STRIPE_API_BASE ? stripeApiOptions(e.STRIPE_API_BASE) : undefined,
    returnUrl: (returnBase ?? `http://localhost:${e.PORT || 3000}`).replace(/\/+$/, ''),
    plans: {
      free: {
        modelPerMinute: e.PLAN_FREE_MODEL_PER_MINUTE,
        dailyTokens: e.PLAN_FREE_DAILY_TOKENS,
        hostedModel: e.PLAN_FREE_HOSTED_MODEL,
        hostedVoice: e.PLAN_FREE_HOSTED_VOICE,
      },
      paid: {
        modelPerMinute: e.PLAN_PAID_MODEL_PER_MINUTE ?? e.RATE_LIMIT_MODEL_PER_MINUTE,
        dailyTokens: e.PLAN_PAID_DAILY_TOKENS ?? e.AI_DAILY_TOKENS_PER_USER,
        hostedModel: e.PLAN_PAID_HOSTED_MODEL,
        hostedVoice: e.PLAN_PAID_HOSTED_VOICE,
      },
    },
  };
}

/** For process entry points: a bad configuration ends the process with its message (exit code 2). */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
