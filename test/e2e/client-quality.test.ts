// The browser client as a new user meets it, problem by problem: the page does not jump when replies
// finish, it works with WebSockets blocked, History shows a choice at once, Stop keeps what was
// written, a screen reader hears "Option 2 ready" once per reply, Copy and voice give feedback, a
// situation can be corrected and sent again, the phone layout is short with 44 px targets, axe finds
// nothing serious in any state (light and dark), and a tab taken over by another says so calmly.
// Screenshots of every state go to test-results/e2e/quality-*.png.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase } from '../support/postgres.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { proxyWithoutWebSockets } from '../support/proxy.ts';
import { launchBrowser, SHOTS, startCalmly, stopCalmly, type Started } from './support.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings and I am tired of it.';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let standin: Standin;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Started;

beforeAll(async () => {
  standin = await startStandin();
  // Slow enough to see (and stop) a reply half written: about 25 tokens a second.
  standin.options.defaults = { tokenDelayMs: 40, model: 'stand-in-model' };
  database = await createTestDatabase();
  app = await startCalmly(database.url, {
    AI_BASE_URL: standin.baseURL,
    AI_API_KEY: 'e2e',
    AI_MODEL: 'stand-in-model',
    // A model that fails is shown as a failure (not answered by the built-in coach), for the error state.
    AI_FALLBACK: 'none',
  });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopCalmly(app);
  await standin?.close();
  await database?.drop();
}, 60_000);

/** A new user: their own browser context (storage), size and colour scheme. */
async function newUser(
  viewport = DESKTOP,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page }> {
  // Reduced motion: axe reads colours at once after a scheme switch, not halfway through a transition.
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
  return { context, page: await context.newPage() };
}

const card = (page: Page, i: number) => page.getByTestId(`suggestion-${i}`);
const connected = (page: Page) =>
  expect.poll(() => page.getByTestId('connection').getAttribute('data-status'), { timeout: 20_000 }).toBe('connected');
const allDone = async (page: Page) => {
  for (const i of [0, 1, 2])
    await expect.poll(() => card(page, i).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
};
const sessionState = (page: Page) => page.locator('[data-session-state]').getAttribute('data-session-state');

async function shot(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `quality-${name}.png`), fullPage: true });
}

/** axe on the whole page, in both colour schemes: no serious or critical violation. */
async function noSeriousViolations(page: Page, state: string, scheme: 'light' | 'dark' = 'light') {
  for (const each of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: each });
    // Two frames: the new scheme's styles are painted before axe reads colours.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    // label-content-name-mismatch is experimental in axe (off by default); the issue's audit ran it.
    const { violations } = await new AxeBuilder({ page })
      .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
      .analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}) in ${state}, ${each}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.any.map((c) => c.message).join('; ')})`).join(', ')}`,
      );
    // Every state in both schemes, as the person sees it (and as axe judged it).
    await page.screenshot({ path: path.join(SHOTS, `quality-state-${state.replace(/\W+/g, '-')}-${each}.png`) });
    expect(serious).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: scheme });
}

/** Every text the page announced politely, in order (the announcer's additions). */
async function recordAnnouncements(page: Page) {
  await page.evaluate(`window.__said = [];
    new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) window.__said.push(n.textContent); })
      .observe(document.querySelector('[data-testid="announcer"]'), { childList: true });`);
  return async () => (await page.evaluate('window.__said')) as string[];
}

async function submit(page: Page, text = SITUATION) {
  await page.getByTestId('situation').fill(text);
  await page.getByTestId('submit').click();
}

/** A user who has described the situation and has three finished replies in front of them. */
async function userWithReplies(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const user = await newUser(viewport);
  await user.page.goto(app.baseUrl);
  await connected(user.page);
  await submit(user.page);
  await allDone(user.page);
  await expect.poll(() => sessionState(user.page)).toBe('ready');
  return user;
}

describe('the browser client, problem by problem', () => {
  it('shows the composer at once, streams without moving the page, announces each reply once, and passes axe', async () => {
    const { context, page } = await newUser();
    try {
      // The first connection held back: the composer is there and takes text before it connects.
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      await page.routeWebSocket(/socket\.io/, async (ws) => {
        await held;
        ws.connectToServer();
      });
      await page.goto(app.baseUrl);
      await page.getByTestId('situation').fill(SITUATION);
      expect(await page.getByTestId('connection').getAttribute('data-status')).not.toBe('connected');
      expect(await page.getByTestId('submit').isDisabled()).toBe(true);
      await shot(page, '01-first-screen-connecting');
      release();
      await connected(page);
      expect(await page.getByTestId('situation').inputValue()).toBe(SITUATION);
      // Billing is off here (no Stripe key): nothing about plans is shown.
      expect(await page.getByTestId('billing').count()).toBe(0);
      await noSeriousViolations(page, 'first screen');
      await shot(page, '02-first-screen');

      const said = await recordAnnouncements(page);
      await page.getByTestId('submit').click();
      await expect.poll(() => card(page, 0).getAttribute('data-state'), { timeout: 15_000 }).toBe('streaming');
      await expect.poll(async () => ((await card(page, 0).textContent()) ?? '').length).toBeGreaterThan(20);
      // Nothing inside a card is a live region: three streams would be read over each other.
      expect(
        await page.locator('[data-testid^="suggestion-"] [aria-live], [data-testid^="suggestion-"][aria-live]').count(),
      ).toBe(0);
      await noSeriousViolations(page, 'streaming');
      await shot(page, '03-streaming');

      const before = await page.evaluate(
        '({ y: window.scrollY, focus: document.activeElement?.id || document.activeElement?.tagName })',
      );
      await allDone(page);
      await expect.poll(() => sessionState(page)).toBe('ready');
      const after = await page.evaluate(
        '({ y: window.scrollY, focus: document.activeElement?.id || document.activeElement?.tagName })',
      );
      expect(after).toEqual(before);
      await expect
        .poll(said)
        .toEqual(expect.arrayContaining(['Option 1 ready.', 'Option 2 ready.', 'Option 3 ready.']));
      const ready = (await said()).filter((t) => /ready/.test(t));
      expect(ready.sort()).toEqual(['Option 1 ready.', 'Option 2 ready.', 'Option 3 ready.']);
      await noSeriousViolations(page, 'suggestions');
      await shot(page, '04-suggestions');

      // A card brought into view stops below the sticky header, not under it.
      await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
      await card(page, 2).evaluate((el) => el.scrollIntoView());
      const header = await page.locator('.topbar').boundingBox();
      const top = await card(page, 2).boundingBox();
      expect(top!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('keeps focus while refining, copies with feedback, plays with progress in place, and shows a choice in History at once', async () => {
    const { context, page } = await userWithReplies();
    try {
      // Refining: the clicked chip is disabled, so focus goes to its card, not the page body.
      await card(page, 0).getByTestId('refine-softer').click();
      await expect.poll(() => card(page, 0).getAttribute('data-refining')).toBe('true');
      expect(await page.evaluate('document.activeElement?.dataset?.testid')).toBe('suggestion-0');
      await noSeriousViolations(page, 'refining');
      await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('ready');
      await noSeriousViolations(page, 'refined');
      await shot(page, '05-refined');

      // Copy says so on the button, and the text is on the clipboard.
      const text = (await card(page, 1).getByTestId('suggestion-text').textContent()) ?? '';
      await card(page, 1).getByTestId('copy').click();
      await expect.poll(() => card(page, 1).getByTestId('copy').textContent()).toMatch(/Copied/);
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(text);
      await expect.poll(() => card(page, 1).getByTestId('copy').textContent(), { timeout: 5_000 }).toMatch(/^Copy$/);

      // Voice: Play becomes Stop in place (nothing beside it moves), and the time is shown while it plays.
      const use = card(page, 1).getByTestId('select');
      const useBefore = await use.boundingBox();
      const playBefore = await card(page, 1).getByTestId('play').boundingBox();
      await card(page, 1).getByTestId('play').click();
      await card(page, 1).getByTestId('voice-time').waitFor({ state: 'visible', timeout: 20_000 });
      expect(await card(page, 1).getByTestId('voice-time').textContent()).toMatch(/\d:\d\d/);
      expect(await card(page, 1).locator('progress').count()).toBe(1);
      expect(await card(page, 1).getByTestId('stop').boundingBox()).toEqual(playBefore);
      expect(await use.boundingBox()).toEqual(useBefore);
      await noSeriousViolations(page, 'playing');
      await shot(page, '06-voice');
      await card(page, 1).getByTestId('stop').click();

      // Choose: History shows it at once, counted, without a reload.
      await card(page, 1).getByTestId('select').click();
      await page.getByTestId('saved').waitFor({ state: 'visible' });
      const history = page.getByTestId('history');
      await expect.poll(() => history.getByTestId('history-item').count(), { timeout: 3_000 }).toBe(1);
      expect(await history.textContent()).toContain('(1 reply)');
      expect(await history.getByTestId('history-item').first().textContent()).toContain(text.slice(0, 40));
      // …and the stored row replaces the placeholder once the server has it.
      await expect
        .poll(() => history.getByTestId('history-item').first().getAttribute('data-pending'), { timeout: 20_000 })
        .toBe(null);
      // The dimmed options keep readable text (axe checks contrast in both schemes).
      await noSeriousViolations(page, 'selected');
      await shot(page, '07-selected');
      await page.getByTestId('nav-preferences').click();
      await noSeriousViolations(page, 'preferences');
      await page.getByTestId('nav-history').click();
      await noSeriousViolations(page, 'history');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('corrects and resends: the situation stays to edit, and a wrong context can be switched', async () => {
    const { context, page } = await userWithReplies();
    try {
      await page.getByTestId('change-context').click();
      await page.getByTestId('context-friendship').click();
      await expect
        .poll(() => page.getByTestId('analysis-context').textContent(), { timeout: 30_000 })
        .toMatch(/Friendship.*you chose it/);
      await allDone(page);
      await shot(page, '08-context-switched');

      await page.getByTestId('edit-situation').first().click();
      expect(await page.getByTestId('situation').inputValue()).toBe(SITUATION);
      await page.getByTestId('situation').fill(`${SITUATION} It happened again today.`);
      await page.getByTestId('submit').click();
      await expect
        .poll(() => page.getByTestId('situation-shown').textContent(), { timeout: 15_000 })
        .toMatch(/again today/);
      await allDone(page);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows a failure next to what failed, with Try again, and nothing serious for axe', async () => {
    const { context, page } = await newUser(DESKTOP, 'dark');
    try {
      standin.script((req) => (req.kind === 'variant' ? { status: 500, errorMessage: 'boom' } : undefined));
      await page.goto(app.baseUrl);
      await connected(page);
      await submit(page);
      await page.getByTestId('failed').waitFor({ state: 'visible', timeout: 30_000 });
      await noSeriousViolations(page, 'error', 'dark');
      await shot(page, '09-error-dark');
      standin.script(undefined);
      await page.getByTestId('retry').click();
      await allDone(page);
      await shot(page, '10-suggestions-dark');
    } finally {
      standin.script(undefined);
      await context.close();
    }
  }, 120_000);

  it('works on a phone: short results, 44 px targets', async () => {
    const { context, page } = await newUser(PHONE);
    try {
      await page.goto(app.baseUrl);
      await connected(page);
      await shot(page, '11-phone-first-screen');
      await submit(page);
      await allDone(page);
      await expect.poll(() => sessionState(page)).toBe('ready');
      await shot(page, '12-phone-suggestions');
      const screens = Number(await page.evaluate('document.documentElement.scrollHeight')) / PHONE.height;
      // The coach part (situation, analysis, the three replies) within about two screens; the
      // panels below it are reached by the header links.
      const coachScreens =
        Number(await page.evaluate("document.getElementById('coach').getBoundingClientRect().height")) / PHONE.height;
      expect(coachScreens).toBeLessThan(2.2);
      expect(screens).toBeLessThan(4.7);
      const small =
        (await page.evaluate(`[...document.querySelectorAll('button, a[href], summary, select, input:not([type=range]):not([type=checkbox])')]
        .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.sr-only, .skip-link'))
        .map((el) => ({ what: (el.dataset.testid || el.textContent || el.tagName).trim().slice(0, 40), h: el.getBoundingClientRect().height }))
        .filter((t) => t.h < 44)`)) as Array<{ what: string; h: number }>;
      expect(small).toEqual([]);
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      );
      expect(overflow).toBeLessThanOrEqual(1);
      await noSeriousViolations(page, 'phone suggestions');
      await page.getByTestId('adjust-toggle').first().click();
      await shot(page, '13-phone-adjust-open');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('says calmly when another tab takes the session, with one button to take it back', async () => {
    // A session that has been used (one only connected is not stored, so there is nothing to take over).
    const { context, page } = await userWithReplies();
    try {
      const other = await context.newPage();
      await other.goto(app.baseUrl);
      await connected(other);
      await expect.poll(() => page.getByTestId('connection').getAttribute('data-status')).toBe('elsewhere');
      expect(await page.getByTestId('connection').textContent()).toMatch(/another tab/i);
      expect(await page.getByTestId('reconnect').count()).toBe(0);
      expect(await page.getByTestId('continue-here').count()).toBe(1);
      await page.bringToFront();
      await noSeriousViolations(page, 'taken over');
      await shot(page, '14-taken-over');
      await page.getByTestId('continue-here').click();
      await connected(page);
      await other.close();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('Stop (or Esc) keeps what was written, usable; a reload mid-generation shows the text so far', async () => {
    const { context, page } = await newUser();
    try {
      await page.goto(app.baseUrl);
      await connected(page);
      await submit(page);
      for (const i of [0, 1, 2])
        await expect
          .poll(async () => ((await card(page, i).getByTestId('suggestion-text').textContent()) ?? '').length, {
            timeout: 20_000,
          })
          .toBeGreaterThan(15);
      // A reload now: the text so far is there at once, not typing dots until the end.
      await page.reload();
      await connected(page);
      await expect
        .poll(async () => ((await card(page, 0).getByTestId('suggestion-text').textContent()) ?? '').length, {
          timeout: 2_000,
        })
        .toBeGreaterThan(15);
      expect(await sessionState(page)).toBe('generating');
      await page.keyboard.press('Escape');
      await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('ready');
      const stopped = await page.getByTestId('stopped').count();
      expect(stopped).toBeGreaterThan(0);
      const kept = (await card(page, 0).getByTestId('suggestion-text').textContent()) ?? '';
      expect(kept.length).toBeGreaterThan(15);
      await noSeriousViolations(page, 'stopped');
      await shot(page, '15-stopped');
      // A stopped reply is used like any other.
      await card(page, 0).getByTestId('select').click();
      await page.getByTestId('saved').waitFor({ state: 'visible' });
      await expect
        .poll(() => page.getByTestId('history').getByTestId('history-item').first().textContent())
        .toContain(kept.trim().slice(0, 30));
    } finally {
      await context.close();
    }
  }, 120_000);

  it('after a choice, an earlier version can be brought back and chosen instead', async () => {
    const { context, page } = await userWithReplies();
    try {
      const original = (await card(page, 0).getByTestId('suggestion-text').textContent()) ?? '';
      await card(page, 0).getByTestId('refine-shorter').click();
      await expect
        .poll(() => card(page, 0).getByTestId('suggestion-text').textContent(), { timeout: 30_000 })
        .not.toBe(original);
      await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('ready');
      await card(page, 0).getByTestId('select').click();
      await page.getByTestId('saved').waitFor({ state: 'visible' });
      await card(page, 0).getByTestId('earlier-toggle').click();
      await card(page, 0).getByTestId('use-version').first().click();
      await expect.poll(() => card(page, 0).getByTestId('suggestion-text').textContent()).toBe(original);
      await expect.poll(() => sessionState(page)).toBe('ready');
      await card(page, 0).getByTestId('select').click();
      await page.getByTestId('saved').waitFor({ state: 'visible' });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('works with WebSockets blocked (long-polling), and the client files come compressed and cached', async () => {
    const { context, page } = await newUser();
    let proxy: Awaited<ReturnType<typeof proxyWithoutWebSockets>> | null = null;
    try {
      // Behind a proxy that refuses WebSocket upgrades (403), as many corporate proxies do.
      proxy = await proxyWithoutWebSockets(app.baseUrl);
      const transports = new Set<string>();
      page.on('request', (r) => {
        if (r.url().includes('/socket.io/')) transports.add(new URL(r.url()).searchParams.get('transport') ?? '');
      });
      await page.goto(proxy.url);
      await connected(page);
      expect(proxy.upgradesRefused()).toBeGreaterThan(0);
      expect([...transports]).toEqual(['polling']);
      await submit(page);
      await allDone(page);
      await card(page, 2).getByTestId('select').click();
      await page.getByTestId('saved').waitFor({ state: 'visible' });
      await shot(page, '16-long-polling');

      const html = await (await fetch(app.baseUrl, { headers: { accept: 'text/html' } })).text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeTruthy();
      const res = await fetch(`${app.baseUrl}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
    } finally {
      await context.close();
      proxy?.server.closeAllConnections();
      await new Promise((r) => proxy?.server.close(r) ?? r(undefined));
    }
  }, 120_000);

  it('counts characters over the limit in plain words', async () => {
    const { context, page } = await newUser();
    try {
      await page.goto(app.baseUrl);
      await page.getByTestId('situation').fill('x'.repeat(2001));
      await expect.poll(() => page.locator('form.composer').textContent()).toMatch(/1 character over the limit/);
      await page.getByTestId('situation').fill('x'.repeat(2002));
      await expect.poll(() => page.locator('form.composer').textContent()).toMatch(/2 characters over the limit/);
    } finally {
      await context.close();
    }
  }, 60_000);
});
