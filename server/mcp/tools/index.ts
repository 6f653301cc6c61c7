import type { AnyTool } from '../tool.ts';
import { analyzeSituationTool } from './analyzeSituation.ts';
import { generateResponsesTool } from './generateResponses.ts';
import { getUserHistoryTool } from './getUserHistory.ts';
import { refineResponseTool } from './refineResponse.ts';
import { saveInteractionTool } from './saveInteraction.ts';
import { searchScenariosTool } from './searchScenarios.ts';

/** Every tool, in the order tools/list shows them (the order of a coaching conversation). */
export const tools: ReadonlyArray<AnyTool> = [
  analyzeSituationTool,
  generateResponsesTool,
  refineResponseTool,
  saveInteractionTool,
  getUserHistoryTool,
  searchScenariosTool,
];
