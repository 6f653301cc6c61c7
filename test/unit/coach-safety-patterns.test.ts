import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/coach/index.ts';

// Warning signs that are general (method research, goodbye notes, conditional threats, being
// slammed into things, someone repeatedly turning up at your places), each with a near miss.
const flagged: Array<[string, string]> = [
  ['self_harm', "I've been reading about how much insulin it would take. I don't see the point anymore."],
  ['self_harm', 'Last night I drafted goodbye messages to my two closest friends and then deleted them.'],
  [
    'self_harm',
    'Since the divorce I keep thinking about ending it, I even looked up how many sleeping pills would do it.',
  ],
  ['threats', 'My landlord warned me that if I complain to the council again, he knows where my kids go to school.'],
  ['threats', 'My ex texted that I would regret it if I kept the dog.'],
  ['violence', 'At the party her brother shoved me into the fridge so hard the handle broke.'],
  ['violence', 'He pushed my face against the window of the car and held it there.'],
  [
    'stalking',
    'A guy I went on one date with keeps showing up at the gym where I train, and he seems to know my schedule.',
  ],
  // Texting without apostrophes, and a place on the mind.
  ['self_harm', 'idk anymore. i dont want to be here anymore, nobody would notice'],
  [
    'self_harm',
    'lost the house and the kids are with their mum now. i keep thinking about the overpass on my way to work',
  ],
  // Veiled words against a workplace, and a weapon after a firing.
  [
    'threats',
    'A driver who was let go on Monday told the dispatchers he is coming back with something for the bosses.',
  ],
  ['threats', 'the guy they fired posted a photo of a rifle with our office tagged as the location'],
  ['threats', 'my landlord said if I call the council again he will put me in the ground'],
  // A friend's goodbye in thanks, with something of theirs given away.
  [
    'self_harm',
    "my friend Ana posted 'thanks for everything, love you all' last night and then gave her guitar to her sister",
  ],
  // A partner's promise of consequences, and violence against things from a partner the writer is afraid of setting off.
  ['threats', 'My husband told me that if I visit my parents without him he will see to it that I am sorry.'],
  [
    'threats',
    'my gf kicked a door in last month when we argued. she wants to know who i was out with tonight, how do i answer so she doesnt freak out',
  ],
  // Someone's goodbye said to the writer, and a fist through the wall beside someone's head.
  ['self_harm', "my brother keeps messaging 'you guys will be better off without me' and then goes quiet for hours"],
  ['violence', 'my dad put his fist through the wall right beside my head when I got home late'],
  // Pursuit by someone who decides the writer's career.
  [
    'harassment',
    'My thesis supervisor messages me at midnight saying he can not stop thinking about me. I need his sign-off to graduate.',
  ],
];

const notFlaggedExtra = [
  'She threw a pillow at me when I said her cooking was bland, then we both laughed.',
  'im not sure if i want to be here at this company next year',
  'My boss says he can not stop thinking about the Henderson account, every meeting is about it.',
  'He was let go last month and he posted a picture of his new bike.',
];

const notFlagged = [
  ...notFlaggedExtra,
  'I looked up how many people usually come to these networking events before agreeing to go.',
  'My coworker left a goodbye card for the team when she moved to Berlin.',
  'I told my partner I want to end things, and he said I would regret it someday when I am older.',
  'We were wrestling with the dog and I bumped my head against the door, totally my fault.',
  'My cousin keeps showing up at family dinners late and it annoys everyone.',
  // Things broken with no fear of the partner, and a promise about a good outcome.
  'My boyfriend kicked the door shut by accident and broke the hinge, now the landlord wants us to pay.',
  'My wife said she will make sure I never forget my passport again, she packed it herself.',
  "I told my flatmates they'll be fine without me for the weekend, the plant only needs water once.",
];

describe('safety warning signs', () => {
  it.each(flagged)('flags %s: %s', (category, situation) => {
    const { safety } = analyze(situation);
    expect(safety.flag).toBe(true);
    expect(safety.category).toBe(category);
    expect(safety.resources?.length).toBeGreaterThan(0);
  });

  it.each(notFlagged)('does not flag: %s', (situation) => {
    expect(analyze(situation).safety).toEqual({ flag: false, category: null });
  });

  // No age given, but a child's life at home: the help is a child helpline and a trusted adult, not an adults' hotline.
  it.each([
    'my mom slapped me again because my grades dropped and now i have a mark on my cheek. i have to go to school tomorrow',
    'My stepfather pushed me into the wall last night for missing curfew. What do I tell my teacher if she asks about my arm?',
    "my mum's boyfriend shoved me against the fridge last night and i want to tell the school nurse",
  ])('gives a child helpline when the writer sounds like a minor at home: %s', (situation) => {
    const { safety } = analyze(situation);
    expect(safety.flag).toBe(true);
    expect(safety.resources?.join(' ')).toMatch(/Childhelp/);
    expect(safety.resources?.join(' ')).not.toMatch(/Domestic Violence Hotline/);
  });

  it('keeps the adult route for an adult hurt by a parent', () => {
    const { safety } = analyze(
      'My dad pushed me into the wall when I told him I was moving out of his house with my girlfriend.',
    );
    expect(safety.flag).toBe(true);
    expect(safety.resources?.join(' ')).not.toMatch(/Childhelp/);
  });
});
