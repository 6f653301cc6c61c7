// Types for scripts/services.mjs (plain JS so it runs before npm ci), used by TypeScript tests.

export interface RedisInstance {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** true when this call started the server; false when one of ours was already running there */
  started: boolean;
  stop(): Promise<void>;
}

export interface RedisStackInstance extends RedisInstance {
  version: string;
}

export interface PostgresInstance {
  /** postgres://user:password@127.0.0.1:port/database */
  url: string;
  /** same role (it has CREATEDB), maintenance database `postgres` */
  adminUrl: string;
  port: number;
  dataDir: string;
  started: boolean;
  stop(): Promise<void>;
}

export const DATA_ROOT: string;
export const TOOLS_DIR: string;
export const DEFAULT_PORTS: Record<'dev' | 'test', { redis: number; postgres: number; redisStack: number }>;

export function findPostgresBinDir(): string | null;
export function ensureSystemPackages(wanted?: {
  redis?: boolean;
  postgres?: boolean;
  espeak?: boolean;
  chromium?: boolean;
}): void;
export function findFreePort(preferred?: number): Promise<number>;

export function startRedis(options: {
  dataDir: string;
  port?: number;
  aof?: boolean;
  logFile?: string;
  bin?: string;
  modules?: string[];
  env?: Record<string, string>;
  /** Redis's maxmemory (e.g. "256mb"); default REDIS_MAXMEMORY or 256mb. The policy is always noeviction. */
  maxmemory?: string;
}): Promise<RedisInstance>;

export function startRedisStack(options: {
  dataDir: string;
  port?: number;
  toolsDir?: string;
}): Promise<RedisStackInstance | null>;

export function startPostgres(options: {
  dataDir: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
}): Promise<PostgresInstance>;

export function provisionEnv(
  env: string,
  options?: { redis?: boolean; postgres?: boolean; redisStack?: boolean; dataRoot?: string },
): Promise<{
  redis: RedisInstance | null;
  postgres: PostgresInstance | null;
  redisStack: RedisStackInstance | null;
  stopStarted(): Promise<void>;
}>;
