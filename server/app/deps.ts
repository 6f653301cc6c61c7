import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import type { Db } from '../../db/connection.ts';
import type { Redis } from '../redis/client.ts';
import type { UsersRepo } from '../../db/repositories/users.ts';
import type { PreferencesRepo } from '../../db/repositories/preferences.ts';
import type { InteractionsRepo } from '../../db/repositories/interactions.ts';
import type { ApiKeysRepo } from '../../db/repositories/apiKeys.ts';
import type { Context, ScenarioMatch } from '../domain/types.ts';

export interface ScenarioSearchQuery {
  query?: string;
  context?: Context;
  page: number;
  pageSize: number;
}
export interface ScenarioSearchResult {
  scenarios: ScenarioMatch[];
  pagination: { total: number; page: number; pageSize: number };
}
/** What the use-cases need of the scenario library. */
export interface ScenarioSearch {
  readonly kind: string;
  search(q: ScenarioSearchQuery, signal?: AbortSignal): Promise<ScenarioSearchResult>;
}

/** Everything a use-case may touch, built once by the composition root (server/app/build.ts). */
export interface AppDeps {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis;
  repos: {
    users: UsersRepo;
    preferences: PreferencesRepo;
    interactions: InteractionsRepo;
    apiKeys: ApiKeysRepo;
  };
  scenarios: ScenarioSearch;
  /** Names of the active implementations, shown by /health. */
  providers: { ai: string; embedder: string; scenarioIndex: string; voice: string; memory: string; storage: string };
}
