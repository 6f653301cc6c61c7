// Refinement by the built-in coach: free wording read into requests, applied to the reply's own
// library segments, with `changes` that list only what changed and `notes` for what could not be done.
import { assert, describe, expect, it } from 'vitest';
import { classifyAdjustment, generate, refine } from '../../server/coach/index.ts';
import { parseAdjustment } from '../../server/coach/refine/index.ts';
import { factSentence } from '../../server/coach/refine/ops.ts';
import { AppError } from '../../server/errors.ts';

const WEEKEND = 'my boss texts me all weekend and gets annoyed when I dont answer';
const INVOICE = "Mr. Okafor still hasn't paid invoice #1043 for $2,400. It's 60 days overdue and I need it by Friday.";
const BIRTHDAY = 'I completely forgot my best friends birthday and she is hurt';
const suggestion = (situation: string, i = 0) => generate({ situation }).responses[i];
const run = (situation: string, adjustment: string, i = 0, originalText?: string) => {
  const s = suggestion(situation, i);
  assert.isDefined(s, `suggestion ${i}`);
  return {
    before: originalText ?? s.text,
    after: refine({ responseId: s.id, originalText: originalText ?? s.text, adjustment, tone: s.tone, situation }),
  };
};

describe('parseAdjustment: free wording and combinations', () => {
  it.each([
    ['can you sound less like a robot', ['plainer']],
    ["say it like I'm texting", ['text_message']],
    ['add that this has happened three times', ['add_fact']],
    ['mention the deadline', ['specific']],
    ['shorter please', ['shorter']],
    ['make it a more formal email', ['email', 'formal']],
    ['less apologetic', ['less_apologetic']],
    ['warmer but keep the deadline', ['warmer']],
    ['leave out the bit about feelings', ['drop']],
    ['ask rather than tell', ['ask']],
    ['end with a question', ['end_question']],
    ["use her name, it's Jess", ['use_name']],
    ["don't use their name", ['no_name']],
    ['add that it happened again today, and make it shorter', ['add_fact', 'shorter']],
    ['firmer but still kind', ['firmer']],
    ["don't mention the money", ['drop']],
    ['say how much it was', ['specific']],
    ['add a question at the end', ['end_question']],
    ['make it sound less desperate', ['firmer', 'less_apologetic']],
    ['idk make it better', ['plainer']],
    // "too X" asks for the opposite of X.
    ['lol this is way too formal, its the group chat', ['casual']],
    ['can this be a text instead? an email feels too serious', ['text_message', 'softer']],
    ['this sounds like a robot wrote it', ['plainer']],
    ['can it be more like a question? like asking not telling', ['ask']],
    ['make this an email pls', ['email']],
    ["can it ask him instead of telling him what he's doing", ['ask']],
    ['idk its just off', ['plainer']],
    ['softer and maybe ask what she thinks', ['softer', 'end_question']],
    // What the person says about themselves is not a fact to add.
    ["less stiff, more like how i'd talk to him. we say bro a lot lol", ['casual']],
  ])('"%s" → %j', (wording, ops) => {
    expect(parseAdjustment(wording).map((r) => r.op)).toEqual(ops);
  });

  it("keeps the fact in the person's words and a name they give", () => {
    expect(parseAdjustment('say I already paid my half')[0]).toEqual({
      op: 'add_fact',
      fact: 'I already paid my half',
    });
    expect(parseAdjustment("use her name, it's Jess")[0]).toEqual({ op: 'use_name', name: 'Jess' });
  });

  it('reads "mention the X thing" and "say exactly what I will do" as what to be specific about, not words to paste', () => {
    expect(parseAdjustment('mention the winter break thing specifically')).toEqual([
      { op: 'specific', target: 'the winter break thing specifically' },
    ]);
    expect(parseAdjustment("say exactly what I'll do differently")).toEqual([
      { op: 'specific', target: "exactly what I'll do differently" },
    ]);
  });

  it('reads typing as typed, and a day or time in the wording as something to say', () => {
    expect(parseAdjustment('mak it les harsh plz').map((r) => r.op)).toEqual(['softer']);
    expect(parseAdjustment('shorterrr and dont say sorry so much').map((r) => r.op)).toEqual([
      'shorter',
      'less_apologetic',
    ]);
    expect(parseAdjustment("this isn't sorry enough").map((r) => r.op)).toEqual(['more_apologetic']);
    expect(parseAdjustment('less passive aggressive').map((r) => r.op)).toEqual(['softer']);
    expect(parseAdjustment('warmer but keep the friday 5pm deadline clear')).toEqual([
      { op: 'warmer' },
      { op: 'add_fact', fact: 'the deadline is Friday 5pm' },
    ]);
    expect(parseAdjustment("give a date I'll have it to her, Friday by noon")).toContainEqual({
      op: 'add_fact',
      fact: "I'll have it to you on Friday by noon",
    });
    expect(parseAdjustment('more casual but keep that my last day is the 28th')).toEqual([
      { op: 'casual' },
      { op: 'add_fact', fact: 'my last day is the 28th' },
    ]);
    // "something to say" is not a fact to add.
    expect(
      parseAdjustment('longer, I want to have something to say for the whole conversation').map((r) => r.op),
    ).toEqual(['longer']);
  });

  it('reads vague, typo-laden and indirect wording', () => {
    expect(parseAdjustment('cna u mak it les lik a robut').map((r) => r.op)).toEqual(['plainer']);
    expect(parseAdjustment('its 2 long n 2 nice').map((r) => r.op)).toEqual(['shorter', 'firmer']);
    expect(parseAdjustment('meh').map((r) => r.op)).toEqual(['plainer']);
    for (const vague of ["hmm idk, it just doesn't feel right", "i dunno, something's off", 'better'])
      expect(parseAdjustment(vague).map((r) => r.op)).toEqual(['plainer']);
    expect(parseAdjustment("less like a letter, i'm gonna say this to her face").map((r) => r.op)).toEqual(['plainer']);
    expect(parseAdjustment('dont bring up 2019, he knows')).toEqual([{ op: 'drop', target: '2019' }]);
    expect(parseAdjustment("ask her what's going on instead of just telling her off")).toEqual([
      { op: 'end_question', target: 'what is going on' },
    ]);
    expect(parseAdjustment('make it an email, and cut the sorrys down, once is enough').map((r) => r.op)).toEqual([
      'email',
      'less_apologetic',
    ]);
    expect(parseAdjustment("less apologetic. I've set up calendar reminders for every deadline")).toContainEqual({
      op: 'add_fact',
      fact: "I've set up calendar reminders for every deadline",
    });
  });

  it('splits two facts, ends a fact where another request starts, and reads "not this polished" as casual', () => {
    expect(
      parseAdjustment("add my number 07700 900431 and that I'll pay for the repair, and sound a bit more sorry"),
    ).toEqual([
      { op: 'add_fact', fact: 'my number 07700 900431' },
      { op: 'add_fact', fact: "I'll pay for the repair" },
      { op: 'more_apologetic' },
    ]);
    expect(parseAdjustment('add that it was $400, and start with her name')).toEqual([
      { op: 'add_fact', fact: 'it was $400' },
      { op: 'use_name' },
    ]);
    expect(parseAdjustment("i'm not this polished").map((r) => r.op)).toEqual(['casual']);
    expect(parseAdjustment('make it clear this is the last warning')).toContainEqual({
      op: 'add_fact',
      fact: 'this is the last warning',
    });
    expect(parseAdjustment('make it sound less like im his teacher').map((r) => r.op)).toEqual(['softer']);
    expect(factSentence('my number 07700 900431')).toBe('My number is 07700 900431.');
    expect(factSentence("she said she'd pay it back by end of april")).toBe(
      "You said you'd pay it back by end of April.",
    );
  });

  it('finds nothing in wording with nothing to act on', () => {
    expect(parseAdjustment('translate into Klingon')).toEqual([]);
    expect(parseAdjustment('asdfgh')).toEqual([]);
  });

  it("still counts habits in the recorder's vocabulary", () => {
    expect(classifyAdjustment('make it more assertive')).toEqual(['more_assertive']);
    expect(classifyAdjustment('shorter and more direct')).toEqual(['shorter', 'more_assertive']);
  });

  it('reads every kind its history reports ("more_assertive", "add_specifics") as the request it names', () => {
    const kinds = [
      'more_assertive',
      'softer',
      'more_empathetic',
      'shorter',
      'longer',
      'more_formal',
      'more_casual',
      'less_apologetic',
      'add_specifics',
    ];
    for (const kind of kinds) expect(classifyAdjustment(kind), kind).toEqual([kind]);
    // Only a bare kind is read that way: an underscore inside a fact stays as written.
    expect(JSON.stringify(parseAdjustment('add that my handle is sam_lee'))).toContain('sam_lee');
  });
});

describe("refine: the reply's own segments", () => {
  it('makes the request firmer with the words written for it, keeping the rest', () => {
    const { before, after } = run(WEEKEND, 'make it more assertive');
    expect(after.text).not.toBe(before);
    expect(after.changes).toHaveLength(1);
    expect(after.changes[0]).toMatch(/firmer/);
    // The opening sentence of the reply is untouched.
    expect(after.text.split('. ')[0]).toBe(before.split('. ')[0]);
  });

  it("adds a fact in the person's words before the request, and shorter never cuts it", () => {
    const { after } = run(WEEKEND, 'add that this has happened three weekends in a row, and make it shorter');
    expect(after.text).toMatch(/This has happened three weekends in a row\./);
    expect(after.changes[0]).toMatch(/^Added "This has happened three weekends in a row\."/);
  });

  it('sets it out as an email, and refines the email again', () => {
    const { after } = run(INVOICE, 'as an email', 2);
    expect(after.text).toMatch(/^Subject: .+\n\nHi Mr Okafor,\n\n/);
    expect(after.text).toMatch(/\n\nBest regards,$/);
    // The name moves to the greeting: it is not said twice.
    expect(after.text.match(/Mr Okafor/g)).toHaveLength(1);
    const again = refine({
      responseId: 'resp_3_refined',
      originalText: after.text,
      adjustment: 'softer',
      situation: INVOICE,
    });
    expect(again.text).toMatch(/^Subject: /);
    expect(again.text).not.toBe(after.text);
  });

  it('keeps one plain apology when the writer is at fault and is asked to apologise less', () => {
    const { after } = run(BIRTHDAY, 'less apologetic');
    expect(after.text).toMatch(/sorry/i);
    expect(after.text).not.toMatch(/really sorry|so sorry/i);
  });

  it('shortens without losing the apology the reply is for', () => {
    const { before, after } = run(BIRTHDAY, 'shorter');
    expect(after.text.split(/\s+/).length).toBeLessThan(before.split(/\s+/).length);
    expect(after.text).toMatch(/sorry/i);
  });

  it('ends with a question and asks rather than tells', () => {
    expect(run(WEEKEND, 'end with a question').after.text).toMatch(/\?$/);
    expect(run(WEEKEND, 'ask rather than tell').after.text).toMatch(/\?/);
  });

  it('uses a name the person gives, and takes a name out', () => {
    expect(run(BIRTHDAY, "use her name, it's Maya").after.text).toMatch(/^Maya, /);
    const { after } = run(INVOICE, "don't use his name", 2);
    expect(after.text).not.toMatch(/Okafor/);
    expect(after.changes).toEqual(["Took Mr Okafor's name out"]);
  });
});

describe('refine: honest about what changed', () => {
  const ADJUSTMENTS = [
    'firmer',
    'softer',
    'warmer',
    'cooler',
    'shorter',
    'longer',
    'more formal',
    'more casual',
    'as an email',
    'as a text',
    'less apologetic',
    'more specific',
    'mention the deadline',
    'leave out the bit about feelings',
    'ask rather than tell',
    'end with a question',
    'less like a robot',
    'use their name',
  ];
  it.each([WEEKEND, INVOICE, BIRTHDAY])(
    'never reports an unchanged text as changed, and says why nothing changed: %s',
    (situation) => {
      for (const s of generate({ situation }).responses) {
        for (const adjustment of ADJUSTMENTS) {
          const r = refine({ responseId: s.id, originalText: s.text, adjustment, situation });
          if (r.text === s.text) {
            expect(r.changes, `${adjustment} on "${s.text}"`).toEqual([]);
            expect(r.notes?.length, `${adjustment} on "${s.text}"`).toBeGreaterThan(0);
          } else {
            expect(r.changes.length, `${adjustment} on "${s.text}"`).toBeGreaterThan(0);
          }
          expect(r.text).not.toMatch(/\{[a-z]+\}|undefined|\u200b/);
        }
      }
    },
  );

  it('says what could not be done alongside what was done', () => {
    const { after } = run(BIRTHDAY, 'firmer and leave out the bit about the weather');
    expect(after.notes?.join(' ')).toMatch(/weather/);
  });

  it('answers wording with nothing to act on with unsupported_adjustment that says what works', () => {
    try {
      run(WEEKEND, 'translate into Klingon');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('unsupported_adjustment');
      expect((err as AppError).message).toMatch(/for example/i);
      expect(((err as AppError).extra?.supported as string[] | undefined)?.length).toBeGreaterThan(10);
    }
  });

  it("firms up a reply the library did not write (the seed's example)", () => {
    const text =
      "I appreciate our collaboration. I'd like to discuss how we can better acknowledge individual contributions going forward.";
    const r = refine({ responseId: 'resp_1', originalText: text, adjustment: 'Make it more assertive' });
    expect(r.text).not.toBe(text);
    expect(r.changes.length).toBeGreaterThan(0);
  });

  it('says a fact to the person it is about', () => {
    expect(factSentence("he's been late 4 times this month")).toBe("You've been late 4 times this month.");
    expect(factSentence('i already paid my half')).toBe('I already paid my half.');
    expect(factSentence('its been two weeks since he said hed come')).toBe(
      "It's been two weeks since you said you'd come.",
    );
    expect(factSentence('the quiet hours rule')).toBe('Just a reminder about the quiet hours rule.');
    // Typed as people type: the apostrophe, the adverb and the amount.
    expect(factSentence('he still hasnt paid back the 800')).toBe("You still haven't paid back the $800.");
    expect(factSentence('she keeps cancelling last minute')).toBe('You keep cancelling last minute.');
    // Written to someone who can help, the fact stays about the other person.
    expect(factSentence('he waited by my car', { toHelper: true })).toBe('He waited by my car.');
  });

  it('takes specifics from the situation when asked to be more specific', () => {
    const situation =
      "thank you note to my thesis advisor who's retiring. she read like 4 drafts of my chapter 3 over winter break and basically talked me out of quitting";
    const r = refine({
      responseId: 'resp_x',
      originalText: 'Thank you for everything you have done for me. I could not have finished without you.',
      adjustment: 'mention the winter break thing specifically',
      situation,
    });
    expect(r.text).toMatch(/You read 4 drafts of my chapter 3 over winter break/);
    expect(r.text).not.toMatch(/winter break thing|specifically/);
    expect(r.changes[0]).toMatch(/specifics from your situation/);
  });

  it('finds a titled name in the situation, keeps names capitalised, and writes "what has been"', () => {
    const neighbour = 'neighbour (Mr. Delgado, 70s, lives alone) lets his dog bark in the yard from like 6am';
    const named = refine({
      responseId: 'resp_n',
      originalText: 'The barking comes right into our place. Could we talk about it?',
      adjustment: 'use his name',
      situation: neighbour,
    });
    expect(named.text).toMatch(/Mr\. Delgado/);
    const casual = refine({
      responseId: 'resp_c',
      originalText: 'Theo, it was meant as a laugh, I get that. Can that one be off limits?',
      adjustment: 'more casual',
      situation: 'my buddy Theo keeps making jokes about my accent',
    });
    expect(casual.text).toMatch(/^Hey, Theo,/);
    const formal = refine({
      responseId: 'resp_f',
      originalText: "Hi Professor Okafor, could we look at what's been happening with question 4?",
      adjustment: 'more formal',
    });
    expect(formal.text).toBe('Dear Professor Okafor, could we look at what has been happening with question 4?');
  });

  it('does something visible for a vague "it\'s just off", and apologises more fully when asked', () => {
    const vague = run(BIRTHDAY, 'idk its just off', 1);
    expect(vague.after.text).not.toBe(vague.before);
    expect(vague.after.changes.length).toBeGreaterThan(0);
    const sorry = run(BIRTHDAY, 'more apologetic, I really messed up', 0);
    expect(sorry.after.text).not.toBe(sorry.before);
    expect(sorry.after.text.match(/no excuse/gi)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('firmer drops a cushioning opening; softer to someone close starts from the relationship; a text keeps what happened', () => {
    const fee =
      "I understand things come up, and I'm not doubting your reason. The fee covers a slot I can't fill. It needs to be paid by Friday.";
    const firm = refine({ responseId: 'resp_a', originalText: fee, adjustment: 'firmer pls' });
    expect(firm.text).not.toMatch(/I understand/);
    expect(firm.changes.join(' ')).toMatch(/left out "I understand things come up/i);
    const mum = 'my mum calls me like 6 times a day at work and gets upset if I dont pick up';
    const soft = run(mum, 'make it softer, she will cry', 2);
    expect(soft.after.text.length).toBeGreaterThan(soft.before.length);
    expect(soft.after.changes.join(' ')).toMatch(/opened warmly/i);
    const barking =
      "The barking from your place comes right into ours, and it's been hard to live with. Could I keep a note of when it happens for a week and send it to you?";
    expect(refine({ responseId: 'resp_b', originalText: barking, adjustment: 'make it a text message' }).text).toMatch(
      /^The barking/,
    );
  });

  it('one request does not undo another: "shorter and casual" adds no "Hey", "shorter and gentler" keeps the kind opening', () => {
    const text =
      "Hi Theo, I've really enjoyed getting to know you. I'm not feeling the romantic spark I'm looking for, though. I'd rather not go on another date, but I really do wish you all the best.";
    expect(refine({ responseId: 'resp_t', originalText: text, adjustment: 'shorter + gentler' }).text).toMatch(
      /enjoyed getting to know you/,
    );
    const dishes = 'From now on I am only washing my own dishes. Please do yours the same day you use them.';
    expect(
      refine({ responseId: 'resp_d', originalText: dishes, adjustment: 'shorter and more chill' }).text,
    ).not.toMatch(/^Hey/);
  });

  it('leaves out only the part asked for, matched on whole words', () => {
    const deposit =
      "Dear Mr Castellano, I moved out six weeks ago and haven't yet received my deposit of $1,800. Please return it within 14 days.";
    const r = refine({ responseId: 'resp_l', originalText: deposit, adjustment: "don't mention the lawyer yet" });
    expect(r.text).toBe(deposit);
    expect(r.notes?.join(' ')).toMatch(/could not find/);
  });

  it("finds a full name in the situation, and keeps a fact about the writer's own child in the third person", () => {
    const boiler =
      "The boiler has been broken for 9 days. I've emailed the letting agency three times and haven't heard back from Sarah Whitlock, who manages our flat.";
    expect(
      refine({
        responseId: 'resp_w',
        originalText: 'Could you tell me when the boiler will be fixed?',
        adjustment: 'use her name',
        situation: boiler,
      }).text,
    ).toMatch(/^Sarah, /);
    const coach =
      "My daughter Maya (12) was cut from the club soccer team. The coach told her she doesn't have the right attitude.";
    const r = refine({
      responseId: 'resp_m',
      originalText: 'Could we talk about the decision? I would like to understand it.',
      adjustment: "add that she's played for them 3 years",
      situation: coach,
    });
    expect(r.text).toMatch(/She's played for them 3 years\./);
  });

  it('a vague "it\'s weird" never cuts the apology a reply for the writer\'s own fault is for', () => {
    const situation =
      "I snapped at my coworker Jess in front of the whole team in yesterday's sprint review. I want to apologise";
    const text =
      "Jess, I was out of line earlier, and I want to apologise properly. You didn't deserve to be spoken to like that. Next time I'm under pressure, I'll step away first.";
    expect(refine({ responseId: 'resp_j', originalText: text, adjustment: "idk it's weird", situation }).text).toMatch(
      /apologise/,
    );
  });

  it('shortening a message that asks for help keeps what is happening', () => {
    const situation =
      'theres a guy whos been on the same bus as me 4 days in a row and today he got off at my stop and walked behind me till i went into the corner shop. hes outside';
    const text =
      "Hi, someone keeps following me and showing up where I am. I'd like advice on documenting it and staying safe.";
    expect(refine({ responseId: 'resp_f', originalText: text, adjustment: 'shorter', situation }).text).toMatch(
      /following me/,
    );
  });

  it('a safety reply to someone who can help keeps an added fact about the other person', () => {
    const situation =
      'guy from my climbing gym (Nate) keeps asking me out even after I said no twice. last time he waited by my car';
    const r = refine({
      responseId: 'resp_s',
      originalText:
        "Hi, someone keeps following me and showing up where I am. I'd like advice on documenting it and staying safe.",
      adjustment: 'add that he waited by my car',
      situation,
    });
    expect(r.text).toMatch(/He waited by my car\./);
    expect(r.text).not.toMatch(/You waited/);
  });

  it('cuts way down to the request when asked, and never undoes what was just added', () => {
    const { after } = run(WEEKEND, 'way shorter, one line');
    expect(after.text).toMatch(/ring me|call me/i);
    expect(after.text.split(/\s+/).length).toBeLessThan(25);
    const both = run(WEEKEND, 'make it a text and warmer');
    expect(both.after.changes.some((c) => /warm/i.test(c))).toBe(true);
  });
});
