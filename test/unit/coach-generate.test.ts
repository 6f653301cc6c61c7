import { describe, expect, it } from 'vitest';
import { generate } from '../../server/coach/index.ts';
import type { LearnedPatterns, ScenarioMatch } from '../../server/domain/types.ts';
import { DEFAULT_PREFERENCES } from '../../server/domain/types.ts';

const CREDIT = 'My coworker keeps taking credit for my ideas in team meetings.';
const SITUATIONS = [
  CREDIT,
  "My sister's been ignoring my texts and cancelled our plans twice.",
  'Sam keeps asking me to cover his shifts at the cafe.',
  'My boyfriend never listens when I talk about my day.',
];

describe('generate', () => {
  it.each(SITUATIONS)('writes three distinct, situation-specific replies for "%s"', (situation) => {
    const { responses } = generate({ situation });
    expect(responses.map((r) => r.id)).toEqual(['resp_1', 'resp_2', 'resp_3']);
    expect(new Set(responses.map((r) => r.tone)).size).toBe(3);
    expect(new Set(responses.map((r) => r.text.split('.')[1])).size).toBe(3); // second sentences differ too
    for (const r of responses) {
      expect(r.text).toMatch(/\byou\b/i); // spoken to the counterpart
      expect(r.text).not.toMatch(/\{\w+\}/);
      expect(r.text).not.toMatch(/\bmy (coworker|sister|boyfriend)\b/i);
      expect(r.text.toLowerCase()).not.toContain(situation.toLowerCase().slice(0, 25));
      expect(r.explanation.length).toBeGreaterThan(20);
    }
  });

  it('paraphrases a known behaviour and names a named counterpart', () => {
    expect(generate({ situation: CREDIT }).responses[0].text).toMatch(/ideas I came up with were presented as yours/);
    const sam = generate({ situation: SITUATIONS[2] }).responses;
    expect(sam[0].text.startsWith('Sam,')).toBe(true);
    expect(sam[0].text).toContain('your shifts');
  });

  it('uses a warmer first tone outside work', () => {
    expect(generate({ situation: CREDIT }).responses[0].tone).toBe('Calm and Professional');
    expect(generate({ situation: SITUATIONS[3] }).responses[0].tone).toBe('Calm and Warm');
  });

  it('puts the preferred tone first and follows assertiveness', () => {
    const prefs = (preferredTone: typeof DEFAULT_PREFERENCES.preferredTone, defaultAssertiveness = 5) => ({ ...DEFAULT_PREFERENCES, preferredTone, defaultAssertiveness });
    expect(generate({ situation: CREDIT, preferences: prefs('empathetic') }).responses[0].tone).toBe('Empathetic');
    expect(generate({ situation: CREDIT, preferences: prefs('assertive') }).responses[0].tone).toBe('Assertive');
    const soft = generate({ situation: CREDIT, preferences: prefs('balanced', 2) }).responses[0].text;
    const firm = generate({ situation: CREDIT, preferences: prefs('balanced', 9) }).responses[0].text;
    expect(soft).toMatch(/I was wondering if maybe/);
    expect(firm).toMatch(/I need us to/);
  });

  it('follows learned patterns and says so', () => {
    const patterns: LearnedPatterns = {
      toneByContext: { relationship: { tone: 'Empathetic', count: 8, total: 10, share: 0.8 } },
      refinementHabits: [{ context: 'relationship', adjustment: 'more_assertive', count: 6, total: 10, share: 0.6 }],
    };
    const out = generate({ situation: SITUATIONS[3], patterns });
    expect(out.responses[0].tone).toBe('Empathetic');
    expect(out.responses[0].explanation).toContain('You chose Empathetic in 8 of 10 relationship situations');
    expect(out.notes.join(' ')).toMatch(/more assertive/);
    expect(out.responses[0].text).toMatch(/I need you to/);
    const weak = generate({ situation: SITUATIONS[3], patterns: { toneByContext: { relationship: { tone: 'Empathetic', count: 2, total: 4, share: 0.5 } }, refinementHabits: [] } });
    expect(weak.responses[0].tone).toBe('Calm and Warm');
  });

  it('fills scenario templates, drops unfillable placeholders and credits the scenario', () => {
    const scenario: ScenarioMatch = {
      id: 'scn_credit', title: 'Credit Attribution Conflict', context: 'work', description: 'Colleague taking credit for your work',
      emotionalSignals: ['frustration'], commonRefinements: ['more assertive'], keywords: [], aliases: [], relevanceScore: 0.9,
      suggestedApproaches: [
        { tone: 'Professional', template: "I'd like to talk about how we acknowledge contributions, since I felt {feeling}. {unknown_slot} is odd.", effectiveness: 0.85 },
        { tone: 'Direct', template: 'I noticed that {behavior}. I need {need}.', effectiveness: 0.78 },
      ],
    };
    const out = generate({ situation: CREDIT, scenarios: [scenario] });
    expect(out.responses[0].explanation).toContain("Draws on the 'Credit Attribution Conflict' approach");
    expect(out.responses[0].text).toContain('since I felt overlooked');
    for (const r of out.responses) expect(r.text).not.toMatch(/[{}]/);
    expect(out.responses[2].text).toMatch(/^I noticed that ideas I came up with/);
  });

  it('puts safety first when the situation is dangerous', () => {
    const out = generate({ situation: "My husband hit me again last night and I'm scared to go home" });
    expect(out.analysis.safety.flag).toBe(true);
    expect(out.responses.map((r) => r.tone)).toEqual(['Safety First', 'Reaching Out for Support', 'Setting a Boundary from a Safe Place']);
    expect(out.responses.map((r) => r.text + r.explanation).join(' ')).toMatch(/emergency|hotline|1-800-799-7233/i);
    for (const r of out.responses) expect(r.text).not.toMatch(/calm (him|things) down|apologi[sz]e to him/i);
    const selfHarm = generate({ situation: "I don't want to live anymore" });
    expect(selfHarm.responses.map((r) => r.explanation).join(' ')).toContain('988');
  });

  it('respects an explicit context', () => {
    const out = generate({ situation: 'They keep interrupting me', context: 'work' });
    expect(out.analysis.context).toBe('work');
    expect(out.responses[0].tone).toBe('Calm and Professional');
  });
});

describe('scenario templates', () => {
  const roommate: ScenarioMatch = {
    id: 'scn_friendship_roommate_test',
    title: 'Roommate Not Doing Their Share',
    context: 'friendship',
    description: 'A friend you live with does not clean up.',
    emotionalSignals: ['frustration'],
    suggestedApproaches: [
      { tone: 'Collaborative', template: "Hey {person}, could we sit down this week and sort out a chore plan? I've been doing most of the cleaning.", effectiveness: 0.84 },
      { tone: 'Direct but Kind', template: 'When {behavior}, I feel {feeling}. Could you {request}?', effectiveness: 0.8 },
    ],
    commonRefinements: ['shorter'],
    keywords: [],
    aliases: [],
    relevanceScore: 0.9,
  };
  const situation = 'My roommate never does the dishes and leaves a mess in the kitchen for days.';

  it('never addresses an unnamed person as "you" and never asks twice', () => {
    const out = generate({ situation, scenarios: [roommate] });
    const used = out.responses.filter((r) => r.explanation.includes('Roommate Not Doing Their Share'));
    expect(used.length).toBeGreaterThan(0);
    for (const r of out.responses) {
      expect(r.text).not.toMatch(/\bHey you\b/i);
      expect(r.text).not.toMatch(/\{\w+\}/);
      expect((r.text.match(/\?/g) ?? []).length, r.text).toBeLessThanOrEqual(2);
    }
  });

  it('uses the name when the situation gives one', () => {
    const out = generate({ situation: 'My roommate Jess never does the dishes and leaves a mess for days.', scenarios: [roommate] });
    expect(out.responses[0].text).toMatch(/^Hey Jess, could we sit down/);
  });
});
