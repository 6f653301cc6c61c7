// Emotion cues: words people use for the feeling itself ("frustrated") and situations that
// reliably evoke it even when the feeling is unnamed ("keeps interrupting" → frustration,
// "left out" → hurt). Weight 2 = named feeling, 1 = evoking situation.
export const EMOTIONS = [
  'frustration', 'hurt', 'anger', 'anxiety', 'sadness', 'guilt', 'jealousy', 'disappointment',
  'overwhelm', 'embarrassment', 'loneliness', 'resentment', 'confusion', 'betrayal', 'fear',
] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** Adjective used in tone labels and in "I felt ___". */
export const EMOTION_ADJECTIVE: Record<Emotion, string> = {
  frustration: 'frustrated', hurt: 'hurt', anger: 'angry', anxiety: 'anxious', sadness: 'sad',
  guilt: 'guilty', jealousy: 'jealous', disappointment: 'disappointed', overwhelm: 'overwhelmed',
  embarrassment: 'embarrassed', loneliness: 'lonely', resentment: 'resentful', confusion: 'confused',
  betrayal: 'betrayed', fear: 'scared',
};

/** Emotions that a work register keeps "professional" rather than voicing raw. */
export const HEATED: ReadonlySet<Emotion> = new Set(['frustration', 'anger', 'resentment', 'disappointment', 'jealousy']);

export const EMOTION_CUES: ReadonlyArray<readonly [string, Emotion, number]> = [
  // named feelings
  ['frustrate, frustrated, frustrating, frustration, annoyed, annoying, irritated, irritating, fed up', 'frustration', 2],
  ['tired of, sick of', 'frustration', 2], ['exasperated|exhausting', 'frustration', 1.5],
  ['hurt|hurtful|wounded|stung', 'hurt', 2], ['feel unappreciated, unappreciated, unvalued, invisible', 'hurt', 2],
  ['angry|mad|furious|livid|pissed|rage|enraged|outraged|infuriating', 'anger', 2], ['so angry', 'anger', 3],
  ['anxious, anxiety, nervous, worried, worry, stressed, stress, panic, dread, uneasy, on edge', 'anxiety', 2],
  ['scared|afraid|frightened|terrified|fear', 'fear', 2],
  ['sad|upset|down|depressed|heartbroken|crushed|miserable|cry|crying|tear', 'sadness', 2],
  ['guilty, guilt, ashamed, regret, my fault, feel bad about, feel terrible about, i messed up, i screwed up', 'guilt', 2],
  ['apologize|apologise|sorry', 'guilt', 1.2],
  ['jealous|jealousy|envious|envy', 'jealousy', 2],
  ['disappointed, disappointing, disappointment, let down, letdown', 'disappointment', 2],
  ['overwhelmed, overwhelming, swamped, drowning, burned out, burnt out, burnout, too much', 'overwhelm', 2],
  ['embarrassed|embarrassing|humiliated|humiliating|mortified|awkward', 'embarrassment', 2],
  ['lonely, alone, isolated, left out, excluded, no one', 'loneliness', 2],
  ['resent, resentful, resentment, bitter, unfair, not fair', 'resentment', 2],
  ['confused, confusing, mixed signal, do not know what, unsure', 'confusion', 1.5],
  ['betrayed, betrayal, backstab, backstabbed, behind my back, stab in the back', 'betrayal', 2],
  // evoking situations
  ['keep|keeps|constantly|always|again', 'frustration', 0.6], ['interrupt, talk over, cut me off', 'frustration', 1],
  ['take|taking|took credit', 'frustration', 1.5], ['steal my idea', 'frustration', 1.5], ['ignore|ignoring', 'hurt', 1],
  ['micromanage', 'frustration', 1.2], ['dump|dumping', 'frustration', 1], ['late|lateness', 'frustration', 0.8],
  ['cancel|cancelled|bail|flake', 'disappointment', 1.2], ['forget|forgot', 'hurt', 1], ['not invite, not invited, uninvited', 'hurt', 1.5],
  ['criticize, criticise, criticism, belittle, mock, make fun', 'hurt', 1.2], ['in front of', 'embarrassment', 0.8],
  ['yell|yelled|shout|scream', 'anxiety', 1], ['lie|lied|lying', 'betrayal', 1.2], ['cheat|cheated', 'betrayal', 2],
  ['ghost|ghosted', 'hurt', 1.5], ['never listen, do not listen', 'hurt', 1], ['deadline', 'anxiety', 0.6],
  ['passed over', 'disappointment', 1.5], ['owe|owes|borrowed', 'resentment', 0.8], ['mess|messy|dishes', 'frustration', 0.8],
  ['dismiss|dismissive|condescending|patronizing|rude|disrespect|disrespectful', 'frustration', 1.2],
  ['i forgot, i missed, i said something, i yelled, i snapped, i lied, i broke, i hurt', 'guilt', 2],
];

/** Intensifiers make a named feeling stronger ("really hurt", "so angry"). */
export const INTENSIFIERS: ReadonlySet<string> = new Set(['so', 'really', 'very', 'extremely', 'incredibly', 'absolutely', 'totally', 'completely', 'deeply']);
