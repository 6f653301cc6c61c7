// What a user's plan gives them, asked where limits already are (the model budget per minute, the
// daily hosted-model tokens, which coach writes and which voice speaks). With billing off (no
// STRIPE_SECRET_KEY) everyone gets exactly what the settings give today; with billing on, the plan
// of the user's subscription decides (server/billing). Asked on every call, so a plan change takes
// effect on the next one.
import type { Config } from '../config.ts';

export type PlanName = 'free' | 'paid';

export interface PlanLimits {
  /** Model-backed calls a minute (analyze, generate, refine, voice). */
  modelPerMinute: number;
  /** Hosted-model tokens a day; 0: unlimited. */
  dailyTokens: number;
  /** The hosted model writes (when one is configured); otherwise the built-in coach. */
  hostedModel: boolean;
  /** ElevenLabs speaks (when configured); otherwise the local voice. */
  hostedVoice: boolean;
}

export interface Entitlement {
  /** null when billing is off. */
  plan: PlanName | null;
  limits: PlanLimits;
}

export interface Entitlements {
  /** Billing is on (a Stripe key is set). */
  readonly enabled: boolean;
  of(userId: string): Promise<Entitlement>;
  /**
   * With billing on, what each plan gives: refusals name what the paid plan adds, and callers
   * without a user get the free plan. Optional: without it a refusal only says the paid plan allows
   * more, and callers without a user get today's settings.
   */
  readonly plans?: Readonly<Record<PlanName, PlanLimits>>;
}

/** Billing off: today's limits for everyone, from the existing settings. */
export function entitlementsWithoutBilling(config: Config): Entitlements {
  const entitlement: Entitlement = Object.freeze({
    plan: null,
    limits: Object.freeze({
      modelPerMinute: config.limits.modelPerMinute,
      dailyTokens: config.limits.dailyTokensPerUser,
      hostedModel: true,
      hostedVoice: true,
    }),
  });
  return { enabled: false, of: async () => entitlement };
}
