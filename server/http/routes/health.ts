import { z } from 'zod';
import { getHealth } from '../../usecases/getHealth.ts';
import { defineRoute } from '../route.ts';

const state = z.enum(['operational', 'down']);
const healthResponse = z.object({
  status: z.enum(['healthy', 'degraded']),
  version: z.string(),
  services: z.object({ ai: state, memory: state, storage: state }),
  providers: z.record(z.string(), z.string()),
  down: z.array(z.string()).optional(),
  queue: z
    .object({
      length: z.number().int(),
      pending: z.number().int(),
      deadLettered: z.number().int(),
      recorder: z
        .object({ running: z.boolean(), processed: z.number().int(), deadLettered: z.number().int(), lagMsP50: z.number(), lagMsP99: z.number() })
        .optional(),
    })
    .optional()
    .meta({ description: 'Interaction queue depth, pending and dead-lettered entries, and the in-process recorder (when it runs here)' }),
});

export const healthRoute = defineRoute({
  method: 'get',
  path: '/health',
  summary: 'Health check: real round trips to Redis and Postgres',
  description: 'Answers 200 when healthy and 503 with the same body (status "degraded", `down` naming what is down) otherwise.',
  tags: ['operations'],
  success: { status: 200, description: 'Healthy (503 with the same shape when degraded)', schema: healthResponse },
  errors: [],
  public: true,
  handle: async ({ deps }) => {
    const health = await getHealth(deps);
    return { status: health.status === 'healthy' ? 200 : 503, body: health };
  },
});
