// generate(): authored replies chosen for the frame, in the user's order and register, with the
// specifics slotted in; safety-first words where there is danger, fitted to where it is.
import { assert, describe, expect, it } from 'vitest';
import { generate } from '../../server/coach/index.ts';
import type { LearnedPatterns, Preferences } from '../../machines/domain/types.ts';
import { DEFAULT_PREFERENCES } from '../../machines/domain/types.ts';

const CREDIT = 'My coworker keeps taking credit for my ideas in team meetings.';
const INVOICE = "Mr. Okafor still hasn't paid invoice #1043 for $2,400. It's 60 days overdue and I need it by Friday.";
const CANCEL = 'Jess cancelled on me for the 4th time, an hour before dinner. my best friend since college';
const PARTNER = 'My boyfriend spends every evening gaming instead of spending time with me.';
const prefs = (preferredTone: Preferences['preferredTone'], defaultAssertiveness = 5) => ({
  ...DEFAULT_PREFERENCES,
  preferredTone,
  defaultAssertiveness,
});

describe('generate', () => {
  it.each([
    CREDIT,
    INVOICE,
    CANCEL,
    PARTNER,
    "I forgot my sister's birthday and she's really hurt",
    'my landlord has not fixed the heating in three weeks',
  ])('writes three different, finished replies with their own explanations for "%s"', (situation) => {
    const { responses } = generate({ situation });
    expect(responses.map((r) => r.id)).toEqual(['resp_1', 'resp_2', 'resp_3']);
    expect(new Set(responses.map((r) => r.tone)).size).toBe(3);
    expect(new Set(responses.map((r) => r.text)).size).toBe(3);
    expect(new Set(responses.map((r) => r.explanation)).size).toBe(3);
    for (const r of responses) {
      expect(r.text).not.toMatch(/[{}[\]]/);
      expect(r.text).toMatch(/[.?!]$/);
      expect(r.text.toLowerCase()).not.toContain(situation.toLowerCase().slice(0, 25));
      expect(r.explanation.length).toBeGreaterThan(40);
    }
  });

  it('keeps the specifics the situation gave, in grammatical places', () => {
    const all = generate({ situation: INVOICE })
      .responses.map((r) => r.text)
      .join(' ');
    expect(all).toContain('#1043');
    expect(all).toContain('$2,400');
    expect(all).toContain('Friday');
    expect(all).toContain('Mr Okafor');
    const cancel = generate({ situation: CANCEL })
      .responses.map((r) => r.text)
      .join(' ');
    expect(cancel).toMatch(/\bfourth\b|\bfour times\b/);
  });

  it('uses a name only when it is one', () => {
    const out = generate({
      situation: 'Yesterday, my coworker presented my slides as his own in front of the whole team.',
    });
    for (const r of out.responses) expect(r.text).not.toMatch(/^(Yesterday|Hi Yesterday|Hey Yesterday)\b/);
  });

  it('takes responsibility when the writer is at fault, and asks nothing of the other person', () => {
    const out = generate({ situation: "I completely forgot my best friend's birthday and she's hurt" });
    expect(out.analysis.fault).toBe('self');
    expect(out.responses.map((r) => r.text).join(' ')).toMatch(/sorry|apologi[sz]e|my fault|on me/i);
  });

  it('puts the preferred tone first and follows assertiveness', () => {
    expect(generate({ situation: CREDIT, preferences: prefs('empathetic') }).responses[0]?.tone).toBe('Empathetic');
    const base = generate({ situation: INVOICE, preferences: prefs('balanced', 5) }).responses;
    const firm = generate({ situation: INVOICE, preferences: prefs('balanced', 9) }).responses;
    const soft = generate({ situation: INVOICE, preferences: prefs('balanced', 2) }).responses;
    expect(firm.map((r) => r.tone)).toEqual(base.map((r) => r.tone));
    expect(firm.map((r) => r.text)).not.toEqual(base.map((r) => r.text));
    expect(soft.map((r) => r.text)).not.toEqual(base.map((r) => r.text));
  });

  it('follows learned patterns and says so', () => {
    // The habit is a tone written for this situation, shown last by default.
    const last = generate({ situation: PARTNER }).responses[2];
    assert.isDefined(last);
    const habit = last.tone;
    const patterns: LearnedPatterns = {
      toneByContext: { relationship: { tone: habit, count: 8, total: 10, share: 0.8 } },
      refinementHabits: [{ context: 'relationship', adjustment: 'more_assertive', count: 6, total: 10, share: 0.6 }],
    };
    const out = generate({ situation: PARTNER, patterns });
    expect(out.responses[0]?.tone).toBe(habit);
    expect(out.responses[0]?.explanation).toContain(`You chose ${habit} in 8 of 10 relationship situations`);
    expect(out.notes.join(' ')).toMatch(/more assertive/);
    expect(out.responses.map((r) => r.text)).not.toEqual(generate({ situation: PARTNER }).responses.map((r) => r.text));
  });

  it('respects an explicit context and says when it differs from the detected one', () => {
    const out = generate({ situation: 'They keep interrupting me', context: 'work' });
    expect(out.analysis.context).toBe('work');
    expect(out.analysis.confidence).toBe(1);
  });

  it('asks instead of guessing when the situation says too little, and stays true to what is known', () => {
    const out = generate({ situation: 'help' });
    expect(out.analysis.clarifyingQuestion).toMatch(/\?/);
    expect(out.analysis.quickAnswers?.length).toBeGreaterThan(0);
    expect(out.notes.join(' ')).toMatch(/general/);
    for (const r of out.responses) expect(r.text).not.toMatch(/invoice|weekend|credit|birthday/i);
  });
});

describe('generate: safety', () => {
  it('puts safety first for violence at home, with help that fits', () => {
    const out = generate({ situation: "My husband hit me again last night and I'm scared to go home" });
    expect(out.analysis.safety.flag).toBe(true);
    expect(out.responses.map((r) => r.text + r.explanation).join(' ')).toMatch(/emergency|hotline|1-800-799-7233/i);
    for (const r of out.responses) expect(r.text).not.toMatch(/calm (him|things) down|apologi[sz]e to him/i);
  });

  it('sends a threat at work to HR and security, not to a domestic-violence line', () => {
    const out = generate({
      situation: "a guy on my team said if I report him he'll make sure I don't make it to my car. we work nights",
    });
    expect(out.analysis.safety.category).toBe('threats');
    const all =
      out.responses.map((r) => r.text + r.explanation).join(' ') + (out.analysis.safety.resources ?? []).join(' ');
    expect(all).toMatch(/HR/);
    expect(all).toMatch(/security/i);
    expect(all).not.toMatch(/domestic/i);
  });

  it('does not place danger at work because a work behaviour matched', () => {
    const out = generate({
      situation:
        "We can't agree on the holiday. He wants Ibiza with two couples from his work. Last time we argued about it he threw my phone at the wall and said it was my fault for pushing him.",
    });
    expect(out.analysis.safety.flag).toBe(true);
    const all = out.responses.map((r) => r.text + r.explanation).join(' ');
    expect(all).not.toMatch(/at work|HR\b/);
  });

  it.each([
    [
      'theres a kid in my year who keeps getting shoved into lockers and some guys filmed it. im 14',
      /trusted adult|teacher|counsellor/i,
    ],
    ['my son got jumped after school by three older boys and they took his shoes', /school|police/i],
    ['my stepdad hits my mum when he is drunk. im 15', /Childhelp|Childline|trusted adult/i],
  ])('gives a witness of harm words for helping the person hurt: %s', (situation, help) => {
    const out = generate({ situation });
    expect(out.analysis.safety).toMatchObject({ flag: true, atRisk: 'someone_else' });
    const texts = out.responses.map((r) => r.text).join(' ');
    expect(texts).not.toMatch(/hurt me|hurting me|hits me|not safe at home right now/i);
    expect(texts + (out.analysis.safety.resources ?? []).join(' ')).toMatch(help);
  });

  it('flags a pattern of control, not a single look at a phone', () => {
    const control = generate({
      situation:
        'my bf wants my location shared 24/7, checks my phone when i shower, and made me go home and change because my skirt was too short. his name is on the lease',
    });
    expect(control.analysis.safety).toMatchObject({ flag: true, category: 'abuse' });
    expect(
      generate({ situation: 'my gf looked through my phone once while i slept and got upset about a chat with my ex' })
        .analysis.safety.flag,
    ).toBe(false);
  });

  it("reads a friend's signs of finality through a 'jk', and asks them directly", () => {
    const out = generate({
      situation:
        "my friend gave me his guitar and said he doesnt need it anymore. then he texted 'would anyone even notice if i disappeared lol jk'. im 15",
    });
    expect(out.analysis.safety).toMatchObject({ flag: true, category: 'self_harm', atRisk: 'someone_else' });
    const texts = out.responses.map((r) => r.text).join(' ');
    expect(texts).toMatch(/thinking about hurting yourself|ending your life/);
    expect(texts).toMatch(/trusted|talk to you about/i);
  });

  it("sends an adult worried about someone else's child to child protection, in their own voice", () => {
    const out = generate({
      situation:
        "My nephew (9) stays with us some weekends. He has bruises on his back he won't explain and he flinches when anyone raises their voice. I don't know if I should say something to my brother.",
    });
    expect(out.analysis.safety).toMatchObject({ flag: true, atRisk: 'someone_else' });
    expect((out.analysis.safety.resources ?? []).join(' ')).toMatch(/child protective|NSPCC|Childhelp/);
    expect(out.responses.map((r) => r.text).join(' ')).not.toMatch(/hurt me|I'm under 18/);
  });

  it('gives a parent whose own child was hurt the same route in the message and in the replies', () => {
    const out = generate({
      situation: 'my son (9) got beaten up after school by two older boys and he has bruises on his back',
    });
    expect(out.analysis.safety).toMatchObject({ flag: true, atRisk: 'someone_else' });
    expect(out.responses.map((r) => r.tone)).toContain('Reporting It to the School');
    expect((out.analysis.safety.resources ?? []).join(' ')).not.toMatch(/NSPCC/);
    expect(out.analysis.safety.message).toMatch(/school/);
  });

  it("reads a friend's posts as their warning signs, and a child's friend as another child", () => {
    const friend = generate({
      situation:
        "my friend jonah has been posting stuff like 'wont be a problem for anyone much longer' and gave me back a hoodie with a note saying 'thanks for everything'",
    });
    expect(friend.analysis.safety).toMatchObject({ flag: true, category: 'self_harm', atRisk: 'someone_else' });
    expect(friend.responses.map((r) => r.text).join(' ')).not.toMatch(/thoughts of hurting myself|ending my life/);
    const child = generate({
      situation:
        "my daughter's friend (she's 9) told my daughter that her stepdad 'hits her with the belt when she's bad' and showed her a bruise on her leg",
    });
    expect(child.analysis.safety).toMatchObject({ flag: true, atRisk: 'someone_else' });
    expect((child.analysis.safety.resources ?? []).join(' ')).toMatch(/Childhelp|NSPCC/);
    expect(child.responses.map((r) => r.text).join(' ')).not.toMatch(/hurting me|hurt me/);
  });

  it("reads a friend's quoted words as theirs, and the same words unquoted as the writer's", () => {
    const friend = generate({
      situation:
        "my friend Dev texted me at 2am 'honestly everyone would be better off without me' and then 'jk lol ignore me'",
    });
    expect(friend.analysis.safety).toMatchObject({ flag: true, atRisk: 'someone_else' });
    expect(
      generate({ situation: 'I keep thinking everyone would be better off without me' }).analysis.safety,
    ).toMatchObject({ flag: true, atRisk: 'writer' });
  });

  it('flags being followed off a bus, and a goodbye in thanks with things given away, but not a farewell email', () => {
    expect(
      generate({
        situation:
          'theres a guy whos been on the same bus as me 4 days in a row and today he got off at my stop and walked behind me till i went into the corner shop. hes outside',
      }).analysis.safety,
    ).toMatchObject({ flag: true, category: 'stalking' });
    expect(
      generate({
        situation:
          "My friend Leo sent a message in our group chat saying 'thanks for everything guys, you've all been better friends than I deserved' and then gave his PS5 to his brother",
      }).analysis.safety,
    ).toMatchObject({ flag: true, category: 'self_harm', atRisk: 'someone_else' });
    expect(
      generate({
        situation: 'my last day at the company is friday, I want to send a thanks for everything email to the team',
      }).analysis.safety.flag,
    ).toBe(false);
  });

  it('flags money kept from a partner, not pocket money', () => {
    expect(
      generate({
        situation:
          "my husband has all our money in his account, i get $50 a week 'allowance' and have to show him receipts",
      }).analysis.safety,
    ).toMatchObject({ flag: true, category: 'abuse' });
    expect(
      generate({ situation: 'I get $20 a week allowance from my parents and my brother keeps taking it' }).analysis
        .safety.category,
    ).not.toBe('abuse');
  });

  it('never names the person the writer is writing to as the one they fear', () => {
    const out = generate({
      situation:
        'help me write a message to my manager asking to stop closing on fridays. a guy from my old school keeps waiting by my car after my shift and followed me home twice',
    });
    expect(out.analysis.safety.flag).toBe(true);
    expect(out.responses.map((r) => r.text).join(' ')).not.toMatch(/my manager (?:keeps|has)/i);
  });

  it('flags a teenager shut out of home overnight', () => {
    const out = generate({
      situation:
        'i need to email my math teacher about missing the test. my mom locked me out of the house overnight again and i slept on the porch',
    });
    expect(out.analysis.safety).toMatchObject({ flag: true });
    expect(out.responses.map((r) => r.text).join(' ')).toMatch(/trusted|under 18|at home/i);
  });

  it('flags no injury or exclusion that nobody did to anyone', () => {
    expect(
      generate({
        situation:
          "I used chatgpt for my essay and I'm terrified of getting kicked out of the program. how do I own it to my professor",
      }).analysis.safety.flag,
    ).toBe(false);
    expect(
      generate({
        situation:
          'I need a 3 week extension from my supervisor. I already had one this year for a broken wrist in spring and my dad is having surgery',
      }).analysis.safety.flag,
    ).toBe(false);
    expect(
      generate({ situation: 'my bf punched me last night and I think I have a broken nose' }).analysis.safety.flag,
    ).toBe(true);
  });

  it('keeps the writer as the one at risk when it is done to them, and flags no horseplay', () => {
    expect(generate({ situation: 'my boyfriend pushed me into the wall last night' }).analysis.safety.atRisk).not.toBe(
      'someone_else',
    );
    expect(generate({ situation: 'we got pushed into the pool at the party lol' }).analysis.safety.flag).toBe(false);
    expect(
      generate({ situation: 'i got thrown into the deep end at my new job and nobody trains me' }).analysis.safety.flag,
    ).toBe(false);
  });

  it('gives a minor harmed at home words for a trusted adult and a child helpline', () => {
    const out = generate({
      situation: "I'm 16 and my dad hits me when he's drunk. last night he threw me into a door",
    });
    expect(out.analysis.safety.flag).toBe(true);
    const all =
      out.responses.map((r) => r.text + r.explanation).join(' ') + (out.analysis.safety.resources ?? []).join(' ');
    expect(all).toMatch(/Childhelp|Childline|Kids Help Phone/);
    expect(all).toMatch(/teacher|counsellor|trusted adult/i);
    expect(all).not.toMatch(/partner|relationship/i);
  });

  it('helps the writer help someone else who talks of hurting themselves', () => {
    const out = generate({
      situation:
        'my friend keeps saying she is going to hurt herself and last night sent me a pic of a bottle of pills',
    });
    expect(out.analysis.safety).toMatchObject({ flag: true, category: 'self_harm', atRisk: 'someone_else' });
    expect(out.responses.map((r) => r.text).join(' ')).toMatch(/safe right now|988/);
  });

  it("reads a warning sign in someone else's reported words as theirs, not the writer's", () => {
    const out = generate({
      situation:
        'my cousin has gone really quiet and when I asked if she was okay she said "it won\'t matter, I won\'t be around much longer"',
    });
    expect(out.analysis.safety).toMatchObject({ flag: true, category: 'self_harm', atRisk: 'someone_else' });
    expect(out.responses.map((r) => r.text).join(' ')).not.toMatch(/thoughts of (?:hurting myself|ending my life)/);
  });

  it('asks for more time without naming the old deadline as the new one', () => {
    for (const situation of [
      'I need to ask my professor for an extension on the essay that is due Friday',
      'my report is due thursday and I need to ask my manager for more time',
    ]) {
      const text = generate({ situation })
        .responses.map((r) => r.text)
        .join(' ');
      expect(text).not.toMatch(/\b(?:by|until) (?:Friday|Thursday)\b/i);
    }
  });

  it('coaches one look at a phone as a trust conversation, and flags a pattern of control', () => {
    const once = generate({
      situation: 'my girlfriend read my messages once while I was in the shower and got upset about a chat with my ex',
    });
    expect(once.analysis.safety.flag).toBe(false);
    expect(once.responses[0]?.tone).not.toMatch(/Safety/);
    const control = generate({
      situation:
        'my husband checks my phone every night, has all my passwords and gets angry if I see my sister without him',
    });
    expect(control.analysis.safety.flag).toBe(true);
  });

  it('gives ordinary replies when the writer says it is not about safety', () => {
    const situation = "My husband hit me again last night and I'm scared to go home";
    const out = generate({ situation, notSafety: true });
    expect(out.responses.every((r) => !/Safety/.test(r.tone))).toBe(true);
    expect(out.notes.join(' ')).toMatch(/not about your safety/);
  });
});
