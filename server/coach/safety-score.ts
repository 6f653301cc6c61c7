// Second safety layer: weighted cues that flag only when the evidence adds up.
//
// The pattern table (lexicon/safety.ts) catches phrasings that are dangerous on their own. Many
// accounts of harm are not: "it's probably nothing but he grabbed me once", "I've been tidying up
// my affairs before I go". Each piece is ordinary; together they are a warning sign. Here each
// category has cues with weights, plus general cues that only add to a category that already has
// evidence of its own (fear, minimising, repetition). A category flags when its own evidence
// reaches MIN_OWN and its total reaches THRESHOLD. Hyperbole ("kill me now, another meeting"),
// jokes and figurative objects do not score because no cue takes them.
import type { SafetyCategory } from '../../machines/domain/types.ts';

interface Cue {
  re: RegExp;
  w: number;
  /** Counts even in a joking message: "jk" after a sign of finality is minimising, not a joke. */
  serious?: boolean;
}

/** Cues that belong to one category. Weight 2: a strong hint; weight 1: suggestive. */
const OWN: Partial<Record<SafetyCategory, Cue[]>> = {
  self_harm: [
    // Finality: putting life in order, saying goodbye, provisions "for after".
    {
      w: 1,
      re: /\b(?:tidy\w*|sort\w*|put\w*|get\w*|settl\w*|finish\w*|wrap\w*) (?:up )?(?:all )?my (?:affairs|things in order|loose ends)/,
    },
    {
      w: 1,
      re: /\bbefore i go(?=\s*(?:[.,;!?]|$|\.\.\.|—|-))|\b(?:after|when|once|for when|for after) i am (?:gone|not here|not around|no longer here|dead)\b/,
    },
    { w: 1, re: /\bjust in case(?=\s*(?:[.,;!?]|$|\.\.\.|—|-|anything happens to me|something happens to me))/ },
    {
      w: 1,
      re: /\b(?:will not|won't|do not|would not|will never) (?:be )?need(?:ing)? (?:them|it|those|any of (?:it|them|this)|my \w+)(?: anymore| any more| where i am going)?(?=\s*(?:[.,;!?]|$|anymore|any more))/,
    },
    {
      w: 1,
      re: /\b(?:giv(?:e|ing|en)|gave) (?:away )?(?:all |most |some |a lot )?(?:of )?my (?:\w+ ){0,5}away\b|\b(?:giv(?:e|ing|en)|gave) away (?:all |most |some )?(?:of )?my (?:stuff|things|belongings|possessions|clothes|books|guitar|records)\b(?![^.]{0,30}\b(?:before (?:i|we) move|moving|declutter\w*|marie kondo|charity shop|donat\w*))/,
    },
    {
      w: 1,
      re: /\bsay(?:ing)? (?:my )?goodbyes\b|\btold (?:\w+ ){0,3}goodbye\b|\b(?:wrote|written|writing|write|left|leaving) (?:\w+ ){0,3}(?:letters?|notes?) (?:to|for) (?:everyone|everybody|each of|all my|my (?:kids|children|family|parents|wife|husband|partner|mom|mum|dad|sister|brother|friends))\b|\bwrote (?:my )?(?:kids|children|family|parents|wife|husband|partner|mom|mum|dad|sister|brother|friends) (?:a |some )?(?:letters?|notes?)\b/,
    },
    { w: 1, re: /\b(?:updated|wrote|made|finalis\w*|finaliz\w*|sorted) (?:out )?my will\b/ },
    { w: 1, re: /\bmy passwords? (?:are |is )?(?:written down|in an envelope|for my)\b/ },
    {
      w: 1,
      re: /\b(?:somewhere|someone|a home|a place) (?:to go|to look after (?:him|her|them)|for my (?:cat|dog|pets?))\b(?=[^.]{0,40}\b(?:cat|dog|pets?|passwords?|will|affairs|letters?)\b)|\bmy (?:cat|dog|pets?) (?:has|have|will have) (?:somewhere|someone|a home)\b/,
    },
    // Distress that often accompanies ideation.
    {
      w: 1,
      re: /\b(?:feel|feeling|felt|am|i am|being|just) (?:like )?(?:such )?(?:a|the) burden\b|\b(?:a|such a) burden (?:to|on) (?:everyone|everybody|all|my)/,
    },
    {
      w: 1,
      re: /\b(?:do not|can not|could not|no longer) (?:really )?see (?:a|any) (?:future|way out|point)(?: for (?:me|myself))?\b(?! (?:in|at|with) (?:this|the|that) (?:job|company|team|role|place|relationship|project))|\bno future for (?:me|myself)\b|\bhopeless\b|\bnothing (?:matters|will ever get better)\b|\bcan not do this anymore\b|\btired of (?:everything|it all)\b|\b(?:empty|numb) (?:inside|all the time)\b/,
    },
    { w: 1, re: /\bi am only \d+\b|\beven though i am (?:young|only)/ },
    // A place to jump from, on the mind: "i keep thinking about the bridge by my house".
    {
      w: 2,
      re: /\b(?:think\w*|thought|dream\w*) (?:about|of) (?:the|that) (?:bridge|tracks|train tracks|ledge|overpass)\b/,
    },
    // A friend's warning signs, reported: giving things away because they "don't need it anymore",
    // wondering whether anyone would notice if they were gone or went quiet.
    {
      w: 1,
      serious: true,
      re: /\b(?:gave|gives|giving) (?:me |away )?(?:his|her|their) [\w ]{2,30}?(?:and|,)? (?:said|saying|says|told me) '?(?:that )?(?:he|she|they)? ?'?(?:does not|do not|did not|will not|would not) need (?:it|them|those|that)(?: anymore| any more)?\b/,
    },
    {
      w: 1,
      serious: true,
      re: /\b(?:would|will) (?:anyone|anybody|people|you|they) (?:even |actually |really )?(?:notice|care|miss me)\b/,
    },
    // A goodbye in thanks ("thanks for everything guys, you've all been better friends than I deserved")
    // and things handed on ("gave his PS5 to his brother"): each a sign, together enough.
    {
      w: 1,
      serious: true,
      re: /\bthank(?:s| you) for everything\b[^.]{0,60}\b(?:than i (?:ever )?deserved?|all been|love you all|take care of)|\bbetter (?:friends?|than) (?:than )?i (?:ever )?deserved?\b/,
    },
    {
      w: 1,
      serious: true,
      re: /\b(?:gave|giving|gives|has given) (?:away )?(?:his|her|their) (?:\w+ ){1,3}(?:to (?:his|her|their|a) \w+|away)\b(?![^.]{0,30}\b(?:moving|declutter\w*|charity|donat\w*|birthday|christmas|upgrade\w*|new one))/,
    },
  ],
  violence: [
    {
      w: 2,
      re: /\b(?:he|she|they|my \w+|someone|a (?:guy|man|woman|customer|coworker|colleague))\b[^.,;]{0,20}\b(?:grabb?(?:ed|ing|s)|yank(?:ed|s)|shov(?:ed|es)|push(?:ed|es)|hit|hits|slapp?(?:ed|s)|punch(?:ed|es)|kick(?:ed|s)|smack(?:ed|s)|threw|throws|dragg?(?:ed|s)|shook|restrain(?:ed|s)|cornered|blocked the door|got in my face|raised (?:his|her) (?:hand|fist))\b (?:me|her|him|us|my \w+(?: \w+)?)?/,
    },
    {
      w: 1,
      re: /\bwith (?:a|his|her|the) (?:belt|bat|cord|shoe|hanger|stick|bottle|knife|pan|wooden spoon|fist|closed fist)\b/,
    },
    { w: 1, re: /\b(?:bruis\w*|bleed\w*|bled|swollen|marks on|hurt (?:me|my)|in pain|hospital|stitches|limp\w*)\b/ },
    {
      w: 1,
      re: /\bwhen i (?:tried|try|wanted|want) to (?:walk away|leave|get away|go|get out|call)\b|\b(?:would not|will not|did not) let me (?:go|leave|out)\b/,
    },
    { w: 1, re: /\bwhen (?:he|she|they|my \w+) (?:is|gets|got|was) (?:angry|mad|drunk|high|furious|upset)\b/ },
    // Contact that protects: "grabbed my arm to stop me stepping into the road".
    {
      w: -3,
      re: /\bto (?:stop|keep|save|protect|steady|catch|pull) (?:me|her|him|them|us) (?:from )?(?:falling|stepping|walking|running|getting hit|tripping|slipping|going into|back from|into the road|out of the road|out of the way|off the road)/,
    },
  ],
  abuse: [
    {
      w: 1,
      re: /\b(?:handles|controls|has|keeps|manages) (?:all )?(?:the|our) money\b|\b(?:he|she|they) (?:decides|decided) (?:everything|what i|who i|where i)\b/,
    },
    { w: 1, re: /\b(?:ask|asking|beg|begging) (?:him|her|them) for (?:money|cash|permission)\b/ },
    {
      w: 1,
      re: /\b(?:walk(?:ing)? on eggshells|(?:not|never) allowed|(?:punish\w*|silent treatment) (?:me )?(?:if|when|whenever|for)|(?:jealous|angry|furious) (?:whenever|every time|if) i)\b/,
    },
    // Coercive control is a pattern: each of these alone is coached, not flagged ("she read my texts
    // once"); three together (MIN_OWN plus the threshold) are a warning sign.
    {
      w: 1,
      re: /\b(?:my )?location\b[^.]{0,30}\b(?:shared|sharing|on|tracked|tracking|24\/7|all the time|at all times)\b|\b(?:tracks?|tracking|tracked) (?:my (?:phone|location|car)|where i)\b/,
    },
    {
      w: 1,
      re: /\b(?:checks?|checking|checked|goes through|going through|went through|reads?|reading|looks? through|demands? to see) (?:through )?my (?:phone|messages|texts|dms|emails|whatsapp)\b/,
    },
    {
      w: 1,
      re: /\b(?:made|makes|make|making) me (?:go (?:back )?(?:home )?(?:and |to )?)?(?:change|get changed|take (?:it|that) off)\b|\b(?:skirt|dress|top|outfit|clothes|shorts|jeans)\b[^.]{0,25}\b(?:asking for it|too short|too tight|too revealing|slutty)\b|\b(?:decides|tells me|chooses) what i (?:can |am allowed to )?wear\b/,
    },
    {
      w: 1,
      re: /\b(?:says?|said|told me) i (?:can not|am not allowed to|should not) (?:go|see|visit|talk to|hang out)\b|\b(?:will not|does not|did not|would not) let me (?:go|see|visit|talk to|hang out|leave)\b/,
    },
    {
      w: 1,
      re: /\b(?:his|her|their) name is on the (?:lease|mortgage|deeds?|tenancy)\b|\bi (?:depend|rely) on (?:him|her|them) for (?:money|a place|housing|everything)\b/,
    },
  ],
  stalking: [
    {
      w: 1,
      re: /\b(?:knows?|knew) (?:things|stuff|details|where i)\b[^.]{0,30}\b(?:could not|can not|should not|never) (?:know|have known)|\bnever told (?:him|her|them|anyone)\b/,
    },
    {
      w: 1,
      re: /\b(?:every|each) (?:day|night|morning|evening|shift|time i)\b|\b(?:three|four|five|several|\d+) (?:nights|days|times) in a row\b/,
    },
    // Being followed on foot: "got off at my stop and walked behind me", "he is outside".
    {
      w: 2,
      re: /\b(?:got off at my stop|walked (?:right )?behind me (?:all the way|till|until|to)|followed me (?:home|off|to|into|from|all the way)|(?:he|she|they) (?:is|are) (?:still )?(?:outside|waiting outside|waiting for me))\b/,
    },
  ],
};

/** General cues: they add only to a category that already has its own evidence. */
const FEAR =
  /\b(?:scared|afraid|terrified|frightened|unsafe|fear for my|in danger|shaking|panic)\b(?! (?:of (?:spiders|heights|flying|public speaking|the dark|missing)|to (?:tell|ask|say|speak|admit|bring)))/;
const MINIMISE =
  /\b(?:probably nothing|it is nothing|not a big deal|no big deal|maybe i am overreacting|i am (?:probably )?overreacting|(?:only|just) (?:once|one time|the once)|once\b|he apologi[sz]ed|she apologi[sz]ed|(?:he|she|they) (?:did not|does not) mean it|it was an accident|i provoked|my fault|does not count|i guess it does not count|not like (?:he|she) hit me)\b/;
const REPEAT = /\b(?:again|every (?:day|night|week|time)|all the time|constantly|keeps?|kept|always|more and more)\b/;

export const MIN_OWN = 2;
/** Total needed to flag. Two independent signs of finality are enough for self-harm on their own. */
const THRESHOLD: Partial<Record<SafetyCategory, number>> & { default: number } = { default: 3, self_harm: 2 };

export interface ScoredCategory {
  category: SafetyCategory;
  score: number;
}

/** Scores each category on normalised text (see normaliseForSafety); flags those reaching the threshold. */
export function scoreSafety(norm: string, opts: { joking?: boolean } = {}): ScoredCategory[] {
  const general = opts.joking
    ? 0
    : (FEAR.test(norm) ? 1 : 0) + (MINIMISE.test(norm) ? 1 : 0) + (REPEAT.test(norm) ? 0.5 : 0);
  const out: ScoredCategory[] = [];
  for (const [category, cues] of Object.entries(OWN) as Array<[SafetyCategory, Cue[]]>) {
    let own = 0;
    for (const c of cues) if ((!opts.joking || c.serious) && c.re.test(norm)) own += c.w;
    if (own < MIN_OWN) continue;
    const score = own + general;
    if (score >= (THRESHOLD[category] ?? THRESHOLD.default)) out.push({ category, score });
  }
  return out.sort((a, b) => b.score - a.score);
}
