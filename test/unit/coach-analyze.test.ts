import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/coach/index.ts';
import type { Context, ScenarioMatch } from '../../machines/domain/types.ts';

// A small dev set written for these tests; the lexicons were not tuned sentence by sentence.
const DEV: Array<[string, Context]> = [
  ['My coworker keeps taking credit for my ideas in team meetings.', 'work'],
  ['My manager scheduled a performance review without telling me why.', 'work'],
  ['A client keeps emailing me at midnight expecting instant answers.', 'work'],
  ['The new intern ignores every instruction I give during standup.', 'work'],
  ["I was passed over for promotion again and my boss won't explain.", 'work'],
  ['My team lead assigns me all the boring tickets every sprint.', 'work'],
  ["My best friend forgot my birthday and didn't even text.", 'friendship'],
  ['My roommate never cleans up after her parties.', 'friendship'],
  ['My buddy keeps bailing on our plans at the last minute.', 'friendship'],
  ['Everyone in the group chat made plans for the weekend without me.', 'friendship'],
  ['An old friend only calls when she needs money.', 'friendship'],
  ['My boyfriend spends every evening on his phone instead of talking to me.', 'relationship'],
  ['My wife wants to move in with her parents for a year.', 'relationship'],
  ['My mother-in-law criticizes how we raise our kids.', 'relationship'],
  ['My sister always makes family dinners about her problems.', 'relationship'],
  ['We forgot our anniversary and my husband acted like it was nothing.', 'relationship'],
  ['My ex keeps texting me late at night asking to get back together.', 'relationship'],
  ['My girlfriend gets jealous when I go out with my coworkers.', 'relationship'],
];

describe('analyze: context', () => {
  it('gets the dev set right with meaningful confidence', () => {
    const wrong = DEV.filter(([s, c]) => analyze(s).context !== c).map(([s]) => s);
    expect(wrong).toEqual([]);
    for (const [s] of DEV) expect(analyze(s).confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('is unsure about text with no cues or mixed cues', () => {
    expect(analyze('I feel bad about what happened yesterday').confidence).toBeLessThan(0.6);
    expect(analyze('My husband and my boss both want me to work this weekend').confidence).toBeLessThan(0.6);
  });

  it('reads "my friend\'s husband" as being about the friend', () => {
    expect(analyze("My best friend's husband keeps making rude jokes about me").context).toBe('friendship');
  });

  it('blends scenario matches modestly', () => {
    const scenario = (context: Context, relevanceScore: number) =>
      ({
        id: 'scn_x',
        title: 'X',
        context,
        description: 'd'.repeat(10),
        emotionalSignals: ['x'],
        suggestedApproaches: [],
        commonRefinements: ['x'],
        keywords: [],
        aliases: [],
        relevanceScore,
      }) as ScenarioMatch;
    const plain = analyze('They keep cancelling on me at the last minute');
    const withScn = analyze('They keep cancelling on me at the last minute', {
      scenarios: [scenario('friendship', 0.9)],
    });
    expect(withScn.context).toBe('friendship');
    expect(withScn.confidence).toBeGreaterThan(plain.context === 'friendship' ? plain.confidence : 0);
    // A strong role cue is not overturned by one scenario.
    expect(
      analyze('My boss yelled at me in front of the team', { scenarios: [scenario('relationship', 0.9)] }).context,
    ).toBe('work');
  });
});

describe('analyze: emotional tone and key elements', () => {
  it('labels tone from emotion and register', () => {
    expect(analyze('My coworker keeps taking credit for my ideas in team meetings.').emotionalTone).toBe(
      'frustrated_but_professional',
    );
    expect(analyze("I feel so guilty, I forgot my sister's wedding rehearsal").emotionalTone).toBe(
      'guilty_and_apologetic',
    );
    expect(analyze("I'm so angry!!! My roommate ate all my food AGAIN").emotionalTone).toBe('angry');
    expect(analyze('My partner said something hurtful and now I am worried we are drifting apart').emotionalTone).toBe(
      'hurt_and_anxious',
    );
    expect(analyze('I want to ask my friend to help me move next month').emotionalTone).toBe('calm');
  });

  it('names the relationship, the behaviour, how often, the specifics and the goal in a few words each', () => {
    const a = analyze('My coworker keeps taking credit for my ideas in team meetings.');
    expect(a.keyElements.length).toBeGreaterThanOrEqual(3);
    expect(a.keyElements.length).toBeLessThanOrEqual(6);
    expect(a.keyElements[0]).toBe('workplace conflict');
    expect(a.keyElements.join(' | ')).toMatch(/credit/);
    expect(a.keyElements).toContain('recurring');
    const b = analyze("My client still hasn't paid invoice #1043 for $2,400, 60 days overdue.");
    expect(b.keyElements).toContain('client relationship');
    expect(b.keyElements).toContain('$2,400, 60 days overdue');
    expect(b.keyElements).toContain('wants to be paid');
    for (const e of [...a.keyElements, ...b.keyElements]) expect(e).not.toMatch(/\b(im|tbh|babe)\b/);
  });

  it('reports who it is about, what they did and what the writer wants', () => {
    const a = analyze('my boss Dana texts me all weekend and expects answers');
    expect(a.counterpart).toEqual({ role: 'manager', name: 'Dana' });
    expect(a.goal).toBe('boundary');
    expect(a.behaviour).toBeTruthy();
    expect(a.clarifyingQuestion).toBeNull();
  });
});

describe('analyze: safety', () => {
  it.each([
    ['My husband hit me last night and I am scared to go home', 'violence'],
    ['My ex threatened to kill me if I see anyone else', 'threats'],
    ['Someone keeps following me home from work and waits outside my apartment', 'stalking'],
    ["My boyfriend won't let me see my friends and controls all my money", 'abuse'],
    ["I don't want to be alive anymore and I've thought about ending my life", 'self_harm'],
    ['My manager keeps making comments about my body and sending me explicit messages', 'harassment'],
  ])('flags %s', (s, category) => {
    const { safety } = analyze(s);
    expect(safety.flag).toBe(true);
    expect(safety.category).toBe(category);
    expect(safety.message).toMatch(/emergency|988|hotline|HR|police/i);
    expect(safety.resources?.length).toBeGreaterThan(0);
  });

  it.each([
    'This deadline is killing me',
    'I could kill him for eating my leftovers',
    'She attacked the problem with real energy',
    'My friend hit me up about dinner plans',
    'My mom is going to kill me when she sees my grades',
    'I wanted to die of embarrassment when my boss read my email aloud',
    'My coach pushes me to do better every week',
  ])('does not flag the idiom "%s"', (s) => {
    expect(analyze(s).safety).toEqual({ flag: false, category: null });
  });
});
