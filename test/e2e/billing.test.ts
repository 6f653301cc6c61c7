// Billing in the browser, with Stripe's own mock behind the server: Preferences shows the free plan
// with Upgrade, Upgrade opens Stripe Checkout, the signed events Stripe sends after a payment make the
// page say Paid on the way back, Manage billing opens the portal, and a free budget used up says what
// the paid plan adds, with Upgrade beside it. axe finds nothing serious in these states.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '../support/postgres.ts';
import { billingEnv, payThroughWebhooks, STRIPE_MOCK_URL } from '../support/stripe.ts';
import { launchBrowser, SHOTS, startCalmly, stopCalmly, type Started } from './support.ts';

// Checkout on checkout.stripe.com; stripe-mock names its portal sessions on a dev.stripe.me host.
const STRIPE_PAGES = /^https:\/\/[^/]*stripe\.(?:com|me)\//;

if (!STRIPE_MOCK_URL) {
  describe.skip('billing in the browser (skipped: STRIPE_MOCK_URL not set)', () => {
    it('needs stripe-mock', () => {});
  });
} else {
  let browser: Browser;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Started;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startCalmly(database.url, {
      ...billingEnv({ PLAN_FREE_MODEL_PER_MINUTE: '2', PLAN_PAID_MODEL_PER_MINUTE: '50' }),
      RATE_LIMIT_ENABLED: 'true',
      AI_BASE_URL: '',
      AI_API_KEY: '',
      AI_MODEL: '',
    });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stopCalmly(app);
    await database?.drop();
  }, 60_000);

  const noSerious = async (page: Page, state: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(
        violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} in ${state} (${scheme}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `billing-${state}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  /** Stripe's hosted pages are not ours to load: answer them here and remember where the page went. */
  async function catchStripePages(page: Page): Promise<string[]> {
    const visited: string[] = [];
    await page.route(STRIPE_PAGES, (route) => {
      visited.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Stripe</title><h1>Stripe</h1>' });
    });
    return visited;
  }

  describe('billing in the browser', () => {
    it('free plan with Upgrade; Checkout; back as Paid after the signed events; Manage billing opens the portal', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      try {
        const visited = await catchStripePages(page);
        await page.goto(app.baseUrl);
        const billing = page.getByTestId('billing');
        await billing.waitFor({ state: 'visible', timeout: 20_000 });
        await expect.poll(() => page.getByTestId('billing-plan').textContent()).toMatch(/Free/);
        await billing.scrollIntoViewIfNeeded();
        await noSerious(page, 'free');

        const userId = (await page.evaluate("localStorage.getItem('calmly.userId')")) as string;
        expect(userId).toBeTruthy();
        await billing.getByTestId('upgrade').click();
        await expect.poll(() => visited.length, { timeout: 15_000 }).toBeGreaterThan(0);
        expect(visited[0]).toMatch(STRIPE_PAGES);

        // What Stripe sends once the person has paid.
        await payThroughWebhooks(app.baseUrl, userId);

        // Back from Checkout: thanks, the paid plan, and the address cleaned.
        await page.goto(`${app.baseUrl}/?billing=success&session_id=cs_test_e2e`);
        await page.getByTestId('billing-thanks').waitFor({ state: 'visible', timeout: 20_000 });
        await expect.poll(() => page.getByTestId('billing-plan').textContent(), { timeout: 20_000 }).toMatch(/Paid/);
        await expect.poll(() => new URL(page.url()).search).toBe('');
        await page.getByTestId('billing').scrollIntoViewIfNeeded();
        await noSerious(page, 'paid');

        const before = visited.length;
        await page.getByTestId('billing-manage').click();
        await expect
          .poll(async () => (visited.length > before ? 'opened' : await page.getByTestId('billing').textContent()), {
            timeout: 15_000,
          })
          .toBe('opened');
        expect(visited.at(-1)).toMatch(STRIPE_PAGES);
      } finally {
        await context.close();
      }
    }, 120_000);

    it('a free budget used up says what the paid plan adds, with Upgrade beside it', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      try {
        await catchStripePages(page);
        await page.goto(app.baseUrl);
        await expect
          .poll(() => page.getByTestId('connection').getAttribute('data-status'), { timeout: 20_000 })
          .toBe('connected');
        // Two model calls a minute on the free plan: the third situation is refused.
        for (let i = 0; i < 3; i++) {
          if (i > 0) await page.getByTestId('new-situation').first().click();
          await page.getByTestId('situation').fill(`My roommate keeps leaving dishes in the sink for days (${i}).`);
          await page.getByTestId('submit').click();
          if (i < 2)
            await expect
              .poll(() => page.locator('[data-session-state]').getAttribute('data-session-state'), { timeout: 30_000 })
              .toMatch(/ready|selected/);
        }
        const limit = page.getByText(/paid plan/i).first();
        await limit.waitFor({ state: 'visible', timeout: 20_000 });
        expect(await page.getByTestId('upgrade').count()).toBeGreaterThan(0);
        await noSerious(page, 'limit');
      } finally {
        await context.close();
      }
    }, 120_000);
  });
}
