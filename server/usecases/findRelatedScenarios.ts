import type { Ports } from '../ports.ts';
import type { Context, ScenarioMatch } from '../../machines/domain/types.ts';
import { orientScenarios } from '../coach/orient.ts';

const RELATED_LIMIT = 3;

/**
 * The library's closest scenarios for a situation. Coaching still works without them, so a failing
 * index degrades the answer (logged) instead of failing the request.
 */
export async function findRelatedScenarios(
  deps: Pick<Ports, 'scenarios' | 'log'>,
  situation: string,
  context: Context | undefined,
  signal?: AbortSignal,
): Promise<ScenarioMatch[]> {
  try {
    const { scenarios } = await deps.scenarios.search(
      { query: situation, context, page: 1, pageSize: RELATED_LIMIT * 4 },
      signal,
    );
    return orientScenarios(situation, scenarios).slice(0, RELATED_LIMIT);
  } catch (err) {
    deps.log.warn({ err }, 'scenario search failed; coaching without scenarios');
    return [];
  }
}
