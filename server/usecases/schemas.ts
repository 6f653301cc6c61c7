// Shapes the use-cases answer with, shared by several operations (and by tests, which check real
// answers against them), and the error envelope every edge sends.
import { z } from 'zod';
import { ERROR_STATUS } from '../errors.ts';
import { CONTEXTS, GOALS, PREFERRED_TONES, SAFETY_CATEGORIES } from '../../machines/domain/types.ts';

export const errorResponse = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...Array<keyof typeof ERROR_STATUS>]),
        message: z.string(),
        details: z.array(z.object({ field: z.string(), problem: z.string() })).optional(),
        requestId: z.string().optional(),
      })
      .catchall(z.unknown()),
  })
  .meta({ id: 'Error' });

export const safetyResponse = z
  .object({
    flag: z.boolean(),
    category: z.enum(SAFETY_CATEGORIES).nullable(),
    message: z.string().optional(),
    resources: z.array(z.string()).optional(),
    atRisk: z
      .enum(['writer', 'someone_else'])
      .optional()
      .meta({ description: 'Who is in danger: the writer, or someone they are worried about' }),
  })
  .meta({ id: 'Safety' });

export const analysisResponse = z
  .object({
    context: z.enum(CONTEXTS),
    confidence: z.number().min(0).max(1),
    emotionalTone: z.string().meta({ example: 'frustrated_but_professional' }),
    keyElements: z.array(z.string()),
    safety: safetyResponse,
    counterpart: z
      .object({
        role: z.string().nullable().meta({
          description:
            'manager, coworker, direct_report, client, teacher, friend, partner, ex, parent, sibling, child, in_law, roommate, neighbour, …',
        }),
        name: z.string().nullable().meta({ description: 'Their name, only when the situation gives one' }),
      })
      .optional()
      .meta({ description: 'Who the situation is about', example: { role: 'manager', name: 'Dana' } }),
    behaviour: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'What they did, as recognised', example: 'weekend messages' }),
    goal: z.enum(GOALS).optional().meta({ description: 'What the writer wants to happen' }),
    fault: z
      .enum(['other', 'self', 'both', 'none'])
      .optional()
      .meta({ description: 'Who is at fault, as the writer tells it' }),
    clarifyingQuestion: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'Asked when the situation does not say enough' }),
    quickAnswers: z
      .array(z.string())
      .optional()
      .meta({ description: "Answers to the question, in the writer's words" }),
  })
  .meta({ id: 'Analysis' });

export const analyzeResponse = analysisResponse
  .extend({
    metadata: z.object({
      model: z.string().meta({ description: 'The model that answered' }),
      source: z.enum(['ai', 'builtin']).meta({ description: 'A hosted model, or the built-in analyzer' }),
    }),
  })
  .meta({ id: 'AnalyzeResponse' });

export const suggestionResponse = z
  .object({ id: z.string(), tone: z.string(), text: z.string(), explanation: z.string() })
  .meta({ id: 'Response' });

export const preferencesResponse = z
  .object({
    userId: z.string(),
    preferredTone: z.enum(PREFERRED_TONES),
    defaultAssertiveness: z.number().int().min(1).max(10),
    voiceEnabled: z.boolean(),
    elevenLabsVoiceId: z.string().nullable(),
  })
  .meta({ id: 'UserPreferences' });

export const scenarioResponse = z
  .object({
    id: z.string(),
    title: z.string(),
    context: z.enum(CONTEXTS),
    description: z.string(),
    emotionalSignals: z.array(z.string()),
    suggestedApproaches: z.array(z.object({ tone: z.string(), template: z.string(), effectiveness: z.number() })),
    commonRefinements: z.array(z.string()),
    keywords: z.array(z.string()).optional(),
    aliases: z.array(z.string()).optional(),
    relevanceScore: z.number().min(0).max(1),
  })
  .meta({ id: 'Scenario' });

export const paginationResponse = z
  .object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'Pagination' });
