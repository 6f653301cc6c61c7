import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/coach/index.ts';

// Warning signs that are general (method research, goodbye notes, conditional threats, being
// slammed into things, someone repeatedly turning up at your places), each with a near miss.
const flagged: Array<[string, string]> = [
  ['self_harm', "I've been reading about how much insulin it would take. I don't see the point anymore."],
  ['self_harm', 'Last night I drafted goodbye messages to my two closest friends and then deleted them.'],
  ['self_harm', 'Since the divorce I keep thinking about ending it, I even looked up how many sleeping pills would do it.'],
  ['threats', 'My landlord warned me that if I complain to the council again, he knows where my kids go to school.'],
  ['threats', 'My ex texted that I would regret it if I kept the dog.'],
  ['violence', 'At the party her brother shoved me into the fridge so hard the handle broke.'],
  ['violence', 'He pushed my face against the window of the car and held it there.'],
  ['stalking', 'A guy I went on one date with keeps showing up at the gym where I train, and he seems to know my schedule.'],
];

const notFlagged = [
  "I looked up how many people usually come to these networking events before agreeing to go.",
  'My coworker left a goodbye card for the team when she moved to Berlin.',
  'I told my partner I want to end things, and he said I would regret it someday when I am older.',
  'We were wrestling with the dog and I bumped my head against the door, totally my fault.',
  'My cousin keeps showing up at family dinners late and it annoys everyone.',
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
});
