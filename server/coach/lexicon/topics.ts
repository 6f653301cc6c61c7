// Topic labels for keyElements, keyed by lemma phrases. Labels are what a coach would call the
// issue, not words from the text, so they generalise across paraphrases.
export const TOPIC_CUES: ReadonlyArray<readonly [string, string]> = [
  ['credit|recognition|acknowledge|acknowledgement|attribution', 'credit attribution'], ['steal my idea, claim my idea, my idea', 'credit attribution'],
  ['boundary, overstep, privacy, space, without ask, without asking, barge, drop by, show up unannounced', 'boundaries'],
  ['money|pay|owe|loan|debt|bill|rent|cost|expensive|cash|venmo|split|borrow|lend|spend|spending', 'money'],
  ['chore|dish|dishes|laundry|clean|cleaning|mess|trash|garbage|vacuum|tidy|housework|grocery', 'chores'],
  ['late, lateness, on time, punctual, wait, waiting, show up late, run late', 'lateness'],
  ['trust|lie|lied|cheat|secret|hide|betray|honest|dishonest', 'trust'],
  ['criticize, criticise, criticism, critique, judge, nitpick, belittle, mock, make fun, put down, insult, comment on', 'criticism'],
  ['workload, overtime, extra work, dump, too much work, weekend, understaffed, task, overload', 'workload'],
  ['reply, respond, ignore, text back, call back, ghost, listen, talk, communicate, communication, message, read receipt', 'communication'],
  ['interrupt, talk over, cut me off, speak over', 'interruptions'],
  ['cancel, flake, bail, last minute, reschedule, stand up, no show, plan', 'reliability'],
  ['left out, exclude, not invite, uninvited, without me, invite', 'feeling excluded'],
  ['promotion, raise, passed over, salary, career, pay rise', 'career growth'],
  ['micromanage, hover, check on, control', 'autonomy'],
  ['disrespect, rude, condescending, dismiss, dismissive, patronize, patronizing, talk down', 'respect'],
  ['gossip, rumor, rumour, behind my back, talk about me', 'gossip'],
  ['jealous|jealousy|envious', 'jealousy'],
  ['quality time, attention, phone, busy, date night, spend time, time together', 'quality time'],
  ['holiday, thanksgiving, christmas, visit, in law, family gathering', 'family expectations'],
  ['apologize, apologise, sorry, my fault, i messed up, make it up, feel bad about, regret', 'making amends'],
  ['deadline|workload|overwhelm|stress|burnout', 'work pressure'],
  ['feedback|review|performance', 'feedback'],
  ['yell, shout, scream, raise voice, snap at, temper', 'heated arguments'],
  ['forget|forgot|birthday|anniversary', 'feeling forgotten'],
  ['noise|loud|music|party', 'shared living'],
  ['move in, moving in, wedding, marriage, kid, future', 'future plans'],
  ['meeting|standup|team|presentation', 'team dynamics'],
];

/** Umbrella label per context (first key element), refined for family situations. */
export const CONTEXT_LABEL = { work: 'workplace conflict', friendship: 'friendship strain', relationship: 'relationship tension' } as const;
export const FAMILY_LABEL = 'family tension';
export const FAMILY_ROLES: ReadonlySet<string> = new Set([
  'mom', 'dad', 'parents', 'sister', 'brother', 'sibling', 'son', 'daughter', 'aunt', 'uncle', 'cousin',
  'grandparent', 'step-parent', 'in-laws', 'mother-in-law', 'father-in-law', 'in-law',
]);
