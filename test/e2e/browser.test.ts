// End to end: Debian's Chromium (headless, driven by playwright-core) against Calmly started the way
// `npm start` starts it, on its own database and Redis prefix, with a stand-in model server so tokens
// visibly stream. Screenshots of the main states go to test-results/e2e/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '../support/postgres.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { waitFor } from '../support/wait.ts';
import { createDb } from '../../db/connection.ts';
import { launchBrowser, SHOTS, startCalmly, stopCalmly, type Started } from './support.ts';

let baseUrl = '';
let browser: Browser;
let page: Page;
let standin: Standin;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

// From the top, so the sticky header does not land in the middle of a full-page capture.
const shot = async (name: string) => {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

let withModel: Started;

beforeAll(async () => {
  standin = await startStandin();
  standin.options.defaults = { tokenDelayMs: 12, model: 'stand-in-model' };
  database = await createTestDatabase();
  withModel = await startCalmly(database.url, {
    AI_BASE_URL: standin.baseURL,
    AI_API_KEY: 'e2e',
    AI_MODEL: 'stand-in-model',
  });
  baseUrl = withModel.baseUrl;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopCalmly(withModel);
  await standin?.close();
  await database?.drop();
}, 60_000);

const card = (i: number) => page.getByTestId(`suggestion-${i}`);

describe('the browser client', () => {
  it('streams suggestions, refines, selects, resumes after a reload, plays voice and applies a preference', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 15_000 }).toMatch(/connected/i);
    await shot('1-empty');

    // Count text changes of the first card while it streams.
    // (Browser code as strings: this file is type-checked without the DOM library.)
    await page.evaluate(`window.__changes = 0;
      new MutationObserver(() => window.__changes++).observe(document.body, { subtree: true, characterData: true, childList: true });`);
    await page
      .getByTestId('situation')
      .fill('My coworker keeps taking credit for my ideas in team meetings and I am tired of it.');
    await page.getByTestId('submit').click();
    await expect.poll(() => card(0).getAttribute('data-state'), { timeout: 15_000 }).toBe('streaming');
    await shot('2-streaming');
    for (const i of [0, 1, 2])
      await expect.poll(() => card(i).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => page.getByTestId('analysis').textContent()).toMatch(/work/i);
    await expect.poll(() => page.getByTestId('coach-name').textContent()).toMatch(/stand-in-model/);
    const changes = Number(await page.evaluate('window.__changes'));
    expect(changes).toBeGreaterThan(10);
    const texts = await Promise.all([0, 1, 2].map(async (i) => (await card(i).textContent()) ?? ''));
    expect(new Set(texts).size).toBe(3);
    await shot('3-suggestions');

    // Refine the first card: the text changes, the earlier version stays reachable.
    const before = (await card(0).getByTestId('suggestion-text').textContent()) ?? '';
    await card(0).getByTestId('refine-assertive').click();
    await expect
      .poll(async () => card(0).getByTestId('suggestion-text').textContent(), { timeout: 30_000 })
      .not.toBe(before);
    await expect.poll(() => card(0).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await card(0).textContent()).toContain(before.slice(0, 30));
    const refined = (await card(0).getByTestId('suggestion-text').textContent()) ?? '';
    await shot('4-refined');

    // "Use this version": the original comes back, then the refined text again.
    await card(0).getByTestId('earlier-toggle').click();
    await card(0).getByTestId('use-version').first().click();
    await expect.poll(() => card(0).getByTestId('suggestion-text').textContent(), { timeout: 15_000 }).toBe(before);
    await expect.poll(() => card(0).getByTestId('earlier-versions').textContent()).toContain(refined.slice(0, 30));
    await card(0).getByTestId('use-version').first().click();
    await expect.poll(() => card(0).getByTestId('suggestion-text').textContent(), { timeout: 15_000 }).toBe(refined);

    // Select it: confirmed, and a Postgres row exists.
    await card(0).getByTestId('select').click();
    await page.getByTestId('saved').waitFor({ state: 'visible' });
    const db = createDb({ url: database.url, poolMax: 1 });
    try {
      await waitFor(
        async () => (await db('interactions').where({ selected_response: refined.trim() }).first()) ?? null,
        { what: 'the interaction row' },
      );
    } finally {
      await db.destroy();
    }
    await shot('5-selected');

    // Reload: the session resumes with its suggestions.
    await page.reload();
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 15_000 }).toMatch(/connected/i);
    await expect.poll(() => card(0).getByTestId('suggestion-text').textContent(), { timeout: 15_000 }).toBe(refined);
    await page.getByTestId('saved').waitFor({ state: 'visible' });

    // Voice: audio data arrives for the card.
    await card(1).getByTestId('play').click();
    await expect
      .poll(async () => Number(await card(1).getAttribute('data-audio-bytes')), { timeout: 20_000 })
      .toBeGreaterThan(1000);
    await shot('6-voice');

    // A preference and its effect: with "assertive" preferred, the first suggestion is Assertive.
    await page.getByTestId('pref-tone').selectOption('assertive');
    await page.getByTestId('pref-save').click();
    await page.getByText(/saved/i).first().waitFor({ state: 'visible' });
    await page.getByTestId('new-situation').click();
    await page.getByTestId('situation').fill('My roommate never does the dishes and leaves them for days.');
    await page.getByTestId('submit').click();
    await expect.poll(() => card(0).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await card(0).textContent()).toMatch(/assertive/i);
    await shot('7-preference');
  }, 180_000);

  it('works at phone width', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
    try {
      await phone.goto(baseUrl);
      await expect.poll(() => phone.getByTestId('connection').textContent(), { timeout: 15_000 }).toMatch(/connected/i);
      const overflow = Number(
        await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      );
      expect(overflow).toBeLessThanOrEqual(1);
      await phone.screenshot({ path: path.join(SHOTS, '8-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  }, 60_000);
});

describe('the browser client with the built-in coach (no keys)', () => {
  let builtin: Started;
  let tab: Page;
  beforeAll(async () => {
    builtin = await startCalmly(database.url, { AI_BASE_URL: '', AI_API_KEY: '', AI_MODEL: '' });
    tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 300_000);
  afterAll(async () => {
    await tab?.close();
    await stopCalmly(builtin);
  }, 60_000);

  const builtinCard = (i: number) => tab.getByTestId(`suggestion-${i}`);
  const snap = async (name: string) => {
    await tab.evaluate('window.scrollTo(0, 0)');
    await tab.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  it('says who it is about and which coach answered, asks when it cannot tell, and regenerates with the answer', async () => {
    await tab.goto(builtin.baseUrl);
    await expect.poll(() => tab.getByTestId('connection').textContent(), { timeout: 15_000 }).toMatch(/connected/i);
    await tab
      .getByTestId('situation')
      .fill(
        "My boss Dana texts me all weekend about things that could wait until Monday, and gets short with me if I don't answer within the hour.",
      );
    await tab.getByTestId('submit').click();
    for (const i of [0, 1, 2])
      await expect.poll(() => builtinCard(i).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => tab.getByTestId('coach-name').textContent()).toMatch(/built-in coach/);
    expect(await tab.getByTestId('analysis-counterpart').textContent()).toMatch(/Dana, your manager/);
    expect(await tab.getByTestId('analysis-goal').textContent()).toMatch(/boundary/i);
    const texts = await Promise.all(
      [0, 1, 2].map(async (i) => (await builtinCard(i).getByTestId('suggestion-text').textContent()) ?? ''),
    );
    expect(new Set(texts).size).toBe(3);
    expect(texts.join(' ')).toMatch(/weekend/i);
    await snap('builtin-1-suggestions');

    // A refinement that cannot be done says why next to its input, and keeps what was typed.
    const input = builtinCard(0).getByTestId('refine-text');
    await input.fill('translate it into Klingon');
    await builtinCard(0).getByTestId('refine-submit').click();
    await builtinCard(0).getByTestId('refine-error').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await builtinCard(0).getByTestId('refine-error').textContent()).toMatch(/for example/i);
    expect(await input.inputValue()).toBe('translate it into Klingon');
    // The placeholder's own example works: the fact is added, the input clears, and changes say so.
    const placeholder = (await input.getAttribute('placeholder')) ?? '';
    const example = /“(.+)”/.exec(placeholder)?.[1] ?? '';
    expect(example).not.toBe('');
    await input.fill(example);
    await builtinCard(0).getByTestId('refine-submit').click();
    await expect
      .poll(() => builtinCard(0).getByTestId('suggestion-text').textContent(), { timeout: 30_000 })
      .toMatch(/It's the third time\./);
    await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe('');
    expect(await builtinCard(0).getByTestId('refine-error').count()).toBe(0);
    expect(await builtinCard(0).getByTestId('changes').textContent()).toMatch(/Added/);
    await snap('builtin-1b-refined');
    // The earlier version is one click away, and "Use this version" is offered on it.
    await builtinCard(0).getByTestId('earlier-toggle').click();
    await builtinCard(0).getByTestId('use-version').first().waitFor({ state: 'visible' });
    expect(await builtinCard(0).getByTestId('earlier-versions').textContent()).toMatch(/Original/);
    // The whole card, from the top of the page (the sticky header would cover an element shot).
    await tab.evaluate('window.scrollTo(0, 0)');
    const box = await builtinCard(0).boundingBox();
    if (box) await tab.screenshot({ path: path.join(SHOTS, 'builtin-1c-versions.png'), fullPage: true, clip: box });

    await tab.getByTestId('new-situation').click();
    await tab.getByTestId('situation').fill('help');
    await tab.getByTestId('submit').click();
    await tab.getByTestId('clarify').waitFor({ state: 'visible', timeout: 30_000 });
    await expect
      .poll(() => tab.locator('[data-session-state]').getAttribute('data-session-state'), { timeout: 30_000 })
      .toBe('ready');
    await snap('builtin-2-clarify');
    const answers = tab.getByTestId('quick-answer');
    expect(await answers.count()).toBeGreaterThan(1);
    await tab.getByRole('button', { name: "It's someone at work." }).click();
    await expect
      .poll(() => tab.getByTestId('situation-shown').textContent(), { timeout: 30_000 })
      .toMatch(/someone at work/);
    await expect
      .poll(() => tab.locator('[data-session-state]').getAttribute('data-session-state'), { timeout: 30_000 })
      .toBe('ready');
    expect(await tab.getByTestId('analysis-counterpart').textContent()).toMatch(/coworker|team|manager/i);
  }, 180_000);
});
