import { describe, expect, it } from 'vitest';
import { classifyAdjustment, refine } from '../../server/coach/index.ts';
import { AppError } from '../../server/errors.ts';

const HEDGED = "I'm so sorry to bother you, but I was wondering if maybe we could just talk about how we credit ideas in meetings? I think it would really help, if that's okay with you. I don't want to make a big deal of it, honestly. Thanks for hearing me out.";
const run = (adjustment: string, originalText = HEDGED) => refine({ responseId: 'resp_2', originalText, adjustment, situation: 'My coworker keeps taking credit for my ideas in team meetings.' });

describe('classifyAdjustment', () => {
  it.each([
    ['can you make it a bit firmer?', ['more_assertive']],
    ['stronger please', ['more_assertive']],
    ['too soft', ['more_assertive']],
    ['make it warmer', ['softer']],
    ['too harsh', ['softer']],
    ['too long', ['shorter']],
    ['trim it', ['shorter']],
    ['more professional', ['more_formal']],
    ['less formal', ['more_casual']],
    ['sound more like a friend', ['more_casual']],
    ['add an example', ['add_specifics']],
    ['less sorry-sounding', ['less_apologetic']],
    ['stop saying sorry', ['less_apologetic']],
    ['shorter and more direct', ['shorter', 'more_assertive']],
  ])('"%s" → %j', (text, kinds) => {
    expect(classifyAdjustment(text)).toEqual(kinds);
  });

  it('returns nothing for requests it cannot act on', () => {
    expect(classifyAdjustment('translate into Klingon')).toEqual([]);
    expect(classifyAdjustment('asdfgh')).toEqual([]);
  });
});

describe('refine', () => {
  it('makes it assertive: removes hedges, turns questions into needs, adds an expectation', () => {
    const r = run('make it more assertive');
    expect(r.id).toBe('resp_2_refined');
    expect(r.tone).toMatch(/^Assertive/);
    expect(r.text).not.toMatch(/I was wondering|maybe|\bjust\b/);
    expect(r.text).toMatch(/I need us to talk about how we credit ideas in meetings\./);
    expect(r.text).toMatch(/Going forward, I expect/);
    expect(r.changes[0]).toMatch(/Removed hedging \(.*"maybe|Removed hedging \(.*"i was wondering/);
  });

  it('shortens for real, keeps the request, and reports true word counts', () => {
    const r = run('too long');
    const before = HEDGED.split(/\s+/).length;
    const after = r.text.split(/\s+/).length;
    expect(after).toBeLessThan(before);
    expect(r.text).toMatch(/talk about how we credit ideas/);
    expect(r.changes).toEqual([`Shortened from ${before} to ${after} words, keeping the request`]);
  });

  it('says so honestly when already short', () => {
    const r = run('shorter', 'Please credit my ideas.');
    expect(r.text).toBe('Please credit my ideas.');
    expect(r.changes[0]).toMatch(/Already concise/);
  });

  it('formalises and casualises', () => {
    const formal = run('more formal');
    expect(formal.text).not.toMatch(/\b(I'm|don't|that's)\b/);
    expect(formal.text).toMatch(/I am so sorry|I do not/);
    expect(formal.changes[0]).toMatch(/"i'm"/);
    const casual = run('more casual', 'I would like to discuss the schedule. I do not think it is fair. Thank you.');
    expect(casual.text).toMatch(/^Hey, I'd like to talk about the schedule\. I don't think it's fair\. Thanks\.$/);
  });

  it('removes apologies, and admits when there are none', () => {
    const r = run('less apologetic');
    expect(r.text).not.toMatch(/sorry/i);
    expect(r.changes[0]).toMatch(/Removed apologetic phrases/);
    expect(run('stop saying sorry', 'I need you to credit my ideas.').changes[0]).toMatch(/No apologies found/);
  });

  it('softens, adds specifics and empathy', () => {
    const firm = 'I need you to credit my ideas. You always skip my name!';
    const soft = run('gentler please', firm);
    expect(soft.text).toMatch(/it would mean a lot to me if you could credit my ideas/i);
    expect(soft.text).toMatch(/Sometimes you skip my name/);
    const specific = run('add specifics', firm);
    expect(specific.text).toMatch(/For example, in our last team meeting/);
    const empathetic = run('more empathetic', firm);
    expect(empathetic.text).toMatch(/^I know you've had a lot going on/);
  });

  it('applies several kinds together', () => {
    const r = run('firmer and shorter');
    expect(r.text).not.toMatch(/maybe/);
    expect(r.changes.some((c) => c.startsWith('Removed hedging'))).toBe(true);
    expect(r.changes.some((c) => c.startsWith('Shortened'))).toBe(true);
  });

  it('rejects adjustments it cannot act on with a helpful AppError', () => {
    try {
      run('translate into Klingon');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('unsupported_adjustment');
      expect(((err as AppError).extra?.supported as string[]).length).toBeGreaterThan(5);
    }
  });
});
