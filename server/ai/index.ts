// The coach provider the app uses, from config.ai: the built-in coach when no AI_BASE_URL is set,
// otherwise the OpenAI-compatible coach routed over the primary (and optional burst) endpoint. Per
// call, a plan without the hosted model gets the built-in coach instead (coachFor).
import type { Config } from '../config.ts';
import type { BreakerOptions } from './breaker.ts';
import { createBuiltinProvider } from './builtin.ts';
import { Endpoint } from './endpoint.ts';
import { createOpenAICoach } from './openai-provider.ts';
import type { ModelProvider } from './provider.ts';
import { Router, type AiLog } from './router.ts';

export * from './provider.ts';
export { createBuiltinProvider } from './builtin.ts';
export { createOpenAICoach } from './openai-provider.ts';
export { Router, NoEndpointError, type AiLog } from './router.ts';
export { Endpoint } from './endpoint.ts';

export interface CoachProviderOptions {
  log?: AiLog;
  breaker?: BreakerOptions;
  /** Upper bound on generated tokens per upstream call; default 600. */
  maxTokens?: number;
}

export function createModelProvider(ai: Config['ai'], opts: CoachProviderOptions = {}): ModelProvider {
  if (!ai.primary) return createBuiltinProvider();
  const endpoint = (name: string, e: NonNullable<Config['ai']['primary']>) =>
    new Endpoint({
      name,
      baseURL: e.baseURL,
      apiKey: e.apiKey,
      model: e.model,
      timeoutMs: ai.timeoutMs,
      maxTokens: opts.maxTokens,
      breaker: {
        ...opts.breaker,
        onChange: (from, to) => {
          opts.log?.warn({ endpoint: name, from, to }, `AI endpoint circuit ${to}`);
          opts.breaker?.onChange?.(from, to);
        },
      },
    });
  const router = new Router({
    primary: endpoint('primary', ai.primary),
    burst: ai.burst ? endpoint('burst', ai.burst) : undefined,
    burstThreshold: ai.burstThreshold,
    log: opts.log,
  });
  return createOpenAICoach({ router, fallback: ai.fallback, log: opts.log });
}

// One for every call a plan sends to the built-in coach: it holds no state worth separating, and
// the configured provider's fallback counter stays about endpoints failing, not about plans.
let planBuiltin: ModelProvider | undefined;

/** The coach one call uses: the configured one, or the built-in coach when the user's plan has no hosted model. */
export function coachFor(configured: ModelProvider, hostedModel: boolean): ModelProvider {
  if (hostedModel || configured.name === 'builtin') return configured;
  planBuiltin ??= createBuiltinProvider();
  return planBuiltin;
}
