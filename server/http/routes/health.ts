import { getHealthOperation, type Health } from '../../usecases/getHealth.ts';
import { defineRoute } from '../route.ts';

export const healthRoute = defineRoute(getHealthOperation, {
  method: 'get',
  path: '/health',
  summary: 'Health check: real round trips to Redis and Postgres',
  description:
    'Answers 200 when healthy and 503 with the same body (status "degraded", `down` naming what is down) otherwise.',
  tags: ['operations'],
  success: { description: 'Healthy (503 with the same shape when degraded)' },
  errors: [],
  send: (health, _req, res) => {
    res.status((health as Health).status === 'healthy' ? 200 : 503).json(health);
  },
});
