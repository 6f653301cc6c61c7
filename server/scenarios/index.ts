export {
  createScenarioIndex,
  createScenarioLibrary,
  openScenarioLibrary,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './library.ts';
export type { ScenarioLibrary, ScenarioSearchResult, CreateScenarioIndexOptions } from './library.ts';
export type {
  ScenarioIndex,
  ScenarioIndexInfo,
  ScenarioIndexKind,
  ScenarioPage,
  ScenarioQuery,
} from './index-types.ts';
export { ScenarioIndexMismatchError } from './index-types.ts';
export { syncScenarios, type SyncOptions, type SyncResult } from './sync.ts';
export { hasQueryEngine } from './probe.ts';
