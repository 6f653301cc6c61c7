// A small circuit breaker per endpoint. Closed: requests flow, consecutive failures are counted.
// Open (after `failureThreshold` consecutive failures): the endpoint is skipped for `cooldownMs`.
// Half-open (after the cool-down): exactly one real request is let through as the probe; its
// success closes the breaker, its failure opens it for another cool-down.

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker; default 3. */
  failureThreshold?: number;
  /** How long an open breaker skips the endpoint before probing it; default 15 s. */
  cooldownMs?: number;
  now?: () => number;
  onChange?: (from: BreakerState, to: BreakerState) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions = {}) {
    this.threshold = Math.max(1, opts.failureThreshold ?? 3);
    this.cooldownMs = Math.max(0, opts.cooldownMs ?? 15_000);
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.set('half_open');
    return this.current;
  }

  /** Whether a request may go to the endpoint now; in half-open, claims the single probe slot. */
  tryAcquire(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'half_open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  /** Whether tryAcquire() would succeed, without claiming anything. */
  available(): boolean {
    const s = this.state;
    return s === 'closed' || (s === 'half_open' && !this.probing);
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.set('closed');
  }

  failure(): void {
    this.probing = false;
    this.failures++;
    if (this.current === 'half_open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.set('open');
    }
  }

  /** The request ended without a verdict (the caller cancelled): frees the probe slot. */
  release(): void {
    this.probing = false;
  }

  private set(to: BreakerState): void {
    const from = this.current;
    this.current = to;
    this.opts.onChange?.(from, to);
  }
}
