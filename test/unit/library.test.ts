// The reply library (scenarios/library/*.json): the shipped files are valid and complete, and a
// malformed file is rejected with its name and the field at fault. The scenario library is the
// same data seen through the seed's Scenario model.
import { assert, describe, expect, it } from 'vitest';
import { readScenarios, scenarioOf } from '../../scenarios/files.ts';
import {
  checkLibrary,
  LibraryError,
  parseLibraryFile,
  readLibrary,
  SAMPLE_SLOTS,
} from '../../server/coach/library/load.ts';
import { renderReply } from '../../server/coach/library/render.ts';
import { scenarioSchema } from '../../machines/domain/types.ts';

const reply = (strategy: string, explanation: string, extra: Record<string, unknown> = {}) => ({
  strategy,
  segments: [
    { role: 'happened', text: ['The invoice for {amount} is still unpaid.', 'The invoice is still unpaid.'] },
    {
      role: 'request',
      text: 'Could you pay it by Friday?',
      firmer: 'Please pay it by Friday.',
      softer: 'Would Friday work for paying it?',
    },
  ],
  explanation,
  ...extra,
});
const behaviour = (over: Record<string, unknown> = {}) => ({
  id: 'unpaid_invoice',
  title: 'A client has not paid an invoice',
  label: 'an unpaid invoice',
  description: 'A client has not paid your invoice and the due date has passed.',
  roles: ['client'],
  fault: 'other',
  goal: 'repay',
  cues: ['invoice overdue', 'has not paid', 'chasing payment'],
  examples: Array.from({ length: 8 }, (_, i) => `my client still hasn't paid invoice number ${i + 10}`),
  replies: [
    reply('process', 'Names the amount and asks for a date, so the reminder is easy to act on and hard to ignore.'),
    reply(
      'acknowledge',
      'Allows for a slip on their side, which keeps the relationship warm while still asking for payment.',
    ),
    reply('assertive', 'States the deadline as a fact, which is what a second reminder needs to be taken seriously.'),
  ],
  ...over,
});
const file = (behaviours: unknown[]) => JSON.stringify({ domain: 'clients', behaviours });

describe('the shipped reply library', () => {
  const lib = readLibrary();
  const specific = lib.filter((b) => !b.general);

  it('has at least 250 behaviours across every domain people bring', () => {
    expect(specific.length).toBeGreaterThanOrEqual(250);
    for (const domain of ['work', 'clients', 'school', 'friends', 'partners', 'family', 'roommates', 'neighbours']) {
      expect(specific.filter((b) => b.domain === domain).length, domain).toBeGreaterThanOrEqual(15);
    }
  });

  it('has replies written for the writer at fault, for saying no, for ending things and for hard news', () => {
    for (const goal of ['repair', 'decline', 'end', 'inform', 'repay', 'boundary'])
      expect(
        specific.some((b) => b.goal === goal),
        goal,
      ).toBe(true);
    expect(specific.filter((b) => b.fault === 'self').length).toBeGreaterThanOrEqual(20);
  });

  it('renders every reply with every specific and with none, in every register, with no seams', () => {
    for (const b of lib) {
      for (const r of b.replies) {
        for (const slots of [SAMPLE_SLOTS, {}]) {
          for (const register of ['default', 'firmer', 'softer'] as const) {
            const text = renderReply(r, slots, register);
            expect(text, `${b.key} ${r.strategy}`).not.toMatch(/[{}]|\s{2}|\s[,.?!]|\.\./);
            expect(text, `${b.key} ${r.strategy}`).toMatch(/[.?!]["”]?$/);
          }
        }
      }
    }
  });

  it('never repeats an explanation, and every behaviour has three different moves', () => {
    const seen = new Set<string>();
    for (const b of lib) {
      expect(new Set(b.replies.map((r) => r.strategy)).size).toBe(b.replies.length);
      for (const r of b.replies) {
        expect(seen.has(r.explanation), r.explanation).toBe(false);
        seen.add(r.explanation);
      }
    }
  });

  it('has a general entry for every role people name, and the unclear and self entries', () => {
    const keys = new Set(lib.filter((b) => b.general).map((b) => b.key));
    for (const k of [
      'general.unclear',
      'general.self',
      'work.general_manager',
      'work.general_coworker',
      'family.general_parent',
      'partners.general_partner',
      'friends.general_friend',
    ]) {
      expect(keys.has(k), k).toBe(true);
    }
  });

  it('is the scenario library: one valid Scenario per recognisable behaviour, unique ids, all three contexts', async () => {
    const scenarios = await readScenarios();
    expect(scenarios.length).toBe(specific.length);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
    expect(new Set(scenarios.map((s) => s.context))).toEqual(new Set(['work', 'friendship', 'relationship']));
    for (const s of scenarios) expect(() => scenarioSchema.parse(s)).not.toThrow();
    const invoice = scenarios.find((s) => s.id === 'scn_clients_invoice_overdue');
    expect(invoice?.suggestedApproaches.length).toBeGreaterThanOrEqual(3);
    expect(invoice?.suggestedApproaches[0]?.template).not.toMatch(/[{}]/);
  });
});

describe('a malformed library file', () => {
  const reject = (text: string) => {
    try {
      parseLibraryFile('scenarios/library/clients.json', text);
    } catch (err) {
      expect(err).toBeInstanceOf(LibraryError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('is accepted when valid and becomes a scenario', () => {
    const [b] = parseLibraryFile('scenarios/library/clients.json', file([behaviour()]));
    assert.isDefined(b);
    expect(b.key).toBe('clients.unpaid_invoice');
    expect(b.context).toBe('work');
    expect(scenarioOf(b).id).toBe('scn_clients_unpaid_invoice');
  });

  it('names the file and the field at fault', () => {
    expect(reject('{ "domain": ')).toMatch(/^scenarios\/library\/clients\.json: invalid JSON/);
    expect(reject(file([behaviour({ roles: ['boss'] })]))).toMatch(/behaviours\.0\.roles\.0/);
    expect(reject(file([behaviour({ examples: ['too few examples here'] })]))).toMatch(
      /behaviours\.0\.examples: at least 8 examples/,
    );
    expect(reject(file([behaviour({ extra: 1 })]))).toMatch(/Unrecognized key|unrecognized/i);
  });

  it('rejects slots that could leave a gap, unknown slots and stray braces', () => {
    const withSegment = (segment: unknown) =>
      file([
        behaviour({
          replies: [
            reply('process', 'An explanation long enough to pass the minimum length check here.', {
              segments: [segment],
            }),
            ...behaviour().replies.slice(1),
          ],
        }),
      ]);
    expect(reject(withSegment({ role: 'happened', text: ['It is {duration} overdue.'] }))).toMatch(
      /last alternative must have no slots/,
    );
    expect(reject(withSegment({ role: 'happened', text: ['It is {colour} now.', 'It is late.'] }))).toMatch(
      /unknown slot \{colour\}/,
    );
    expect(reject(withSegment({ role: 'happened', text: 'it is late' }))).toMatch(/must start with a capital letter/);
    expect(reject(withSegment({ role: 'request', text: 'Please pay.' }))).toMatch(/needs "firmer" and "softer"/);
    expect(reject(withSegment({ role: 'happened', text: 'It is late — again.' }))).toMatch(/no dashes/);
  });

  it('rejects stiff template phrases and a repeated explanation', () => {
    const stiff = file([
      behaviour({
        replies: [
          reply('process', 'An explanation long enough to pass the minimum length check here.', {
            segments: [{ role: 'close', text: "Let's talk about how we handle this from here." }],
          }),
          ...behaviour().replies.slice(1),
        ],
      }),
    ]);
    expect(reject(stiff)).toMatch(/generic request/);
    const twice = behaviour({
      replies: [
        reply('process', 'Same words.'.padEnd(50, '!')),
        reply('direct', 'Same words.'.padEnd(50, '!')),
        reply('assertive', 'Different words, long enough to pass the minimum length.'),
      ],
    });
    expect(() => readLibraryFrom([twice])).toThrow(/same explanation/);
  });
});

function readLibraryFrom(behaviours: unknown[]) {
  return checkLibrary(parseLibraryFile('scenarios/library/clients.json', file(behaviours)));
}
