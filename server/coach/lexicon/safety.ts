// Safety patterns. They run on normalised text (lower case, straight apostrophes, contractions
// expanded: "won't" → "will not", "she'd" → "she would"), so each pattern has one spelling.
//
// Written to catch how people actually describe harm — indirectly, in their own words ("he
// grabbed my wrist so hard it bruised", "he takes my whole paycheck", "it would be easier if I
// wasn't here") — while everyday hyperbole stays out: violent verbs need a person as object and
// someone other than the writer as the doer, threats need reported speech or a condition, and
// figurative objects (deadlines, proposals) never match because no pattern takes them.
// Guards (see safety.ts): `negatable` skips "he has never hit me"; `agent` skips the writer as
// the doer ("I'm going to strangle my brother"); `figurative` patterns are skipped when the text
// is marked as a joke ("lol"); `also` requires a second piece of evidence somewhere in the text.
import type { SafetyCategory } from '../../domain/types.ts';

export interface SafetyPattern {
  category: SafetyCategory;
  re: RegExp;
  negatable?: boolean;
  agent?: boolean;
  figurative?: boolean;
  /** Physical patterns: skipped when the writer says it was play ("as a joke", "play fighting"). */
  physical?: boolean;
  also?: RegExp;
}

const src = (re: RegExp): string => re.source;
const rx = (...parts: Array<string | RegExp>): RegExp => new RegExp(parts.map((p) => (typeof p === 'string' ? p : src(p))).join(''), 'g');

/** A person the harm is done to. */
const PERSON = String.raw`(?:me|us|her|him|them|my (?:kids?|child(?:ren)?|son|daughter|baby|mom|mum|mother|dad|father|sister|brother|wife|husband|partner|girlfriend|boyfriend|dog|cat)|our (?:kids?|children|son|daughter|baby|dog)|the (?:kids|children|baby))`;
/** "he", "she", "they", a role ("my ex"), or a name: the one making a threat. */
const THEY = String.raw`(?:he|she|they|he is|she is|they are)`;
const WILL = String.raw`(?:would|will|is going to|was going to|are going to|were going to|could|might)`;
const REPORT = String.raw`(?:said|says|told (?:me|us|her|him|everyone)|tells (?:me|us)|texted(?: me)?|messaged(?: me)?|wrote(?: to me)?|warned(?: me)?|swore|screamed|yelled|shouted|threatened(?: me)?|keeps saying|kept saying|reminded me)`;
const BODY = String.raw`(?:wrists?|arms?|neck|throat|hair|face|jaw|shoulders?|chin|ponytail|head|ribs?|stomach|chest|legs?|eyes?|nose|mouth|lips?|cheek|hands?|fingers?)`;
const ONGOING = /\b(?:keeps?|kept|keep on|still|again|every (?:day|night|morning|week|weekend)|all the time|constantly|repeatedly|even though|even after|after i (?:told|asked|said|blocked)|uninvited|unannounced|at night|for hours)\b/;

export const SAFETY_PATTERNS: readonly SafetyPattern[] = [
  // ── self-harm, including passive ideation ────────────────────────────────────────────────
  { category: 'self_harm', re: /\b(?:kill(?:ing)? myself|suicid\w*|self[- ]?harm\w*|(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving) myself|end(?:ing)? my (?:own )?life|take my (?:own )?life|end(?:ing)? it all|overdos(?:e|ed|ing)\b(?! on (?:coffee|caffeine|sugar|netflix))|not worth living|(?:no reason|nothing (?:left )?) to live for|no reason to (?:live|go on|keep going))/g, figurative: true },
  { category: 'self_harm', re: /\b(?:want|wanted|wanting|wanna) to die\b(?! (?:of|from|laughing|inside|a little|when|because))/g },
  { category: 'self_harm', re: /\bwish (?:i (?:was|were|could be) (?:dead|gone|never born)|i (?:had )?never (?:been born|existed)|i could (?:just )?(?:disappear|die|stop existing|not exist|vanish)\b(?! (?:for (?:a|the)|from (?:this|the)|into)))/g },
  { category: 'self_harm', re: /\b(?:do not|does not|did not|no longer|never) want to (?:be alive|live|exist|be here|wake up|go on)\b(?! (?:with|in|at|near|on|there|if|like|for|early|until|anywhere|somewhere))/g },
  { category: 'self_harm', re: /\b(?:better off|happier|easier|simpler|lighter)(?: for (?:everyone|everybody|them|all of them|my family|my kids))? (?:dead|without me|if i (?:just |simply |finally )?(?:was not|were not|was never|were never|did not|was|were|am not)? ?(?:here|around|alive|gone|dead|born|exist|disappeared|died|vanished|left for good)\b)(?! (?:on|for|this|next|tomorrow|today|at|when|during|by|until|while|to|in)\b)/g },
  { category: 'self_harm', re: /\b(?:can not|cannot) (?:go on|keep going) (?:anymore|any longer|living|like this anymore)|(?:what is|what's) the point (?:of|in) (?:living|being alive|going on|life)|thoughts? (?:of|about) (?:dying|death|suicide|killing myself|ending (?:it|my life))|(?:disappear|vanish) forever|stop existing|cease to exist|not (?:be|being) (?:here|alive) anymore/g },
  { category: 'self_harm', re: /\b(?:stockpil\w*|sav(?:e|ed|ing) up|hoard\w*|collect\w*) (?:my |all my |up |up my )?(?:pills|meds|medication|sleeping pills|painkillers)|(?:take|taking|took|swallow\w*) (?:all|a (?:bunch|handful) of|the (?:whole|entire) bottle of|every one of) (?:my |the |of my )?(?:pills|meds|medication|painkillers)|(?:drive|driving|drove|swerv\w*|crash\w*) (?:my car |the car )?(?:off (?:the|a) (?:road|bridge|cliff)|into (?:a tree|traffic|oncoming traffic|a wall|the river|a truck))|(?:jump|jumping) (?:off|from) (?:a|the|my) (?:bridge|building|roof|balcony|cliff)|(?:step|stepping|walk|walking) in front of (?:a|the) (?:train|bus|truck|car)|suicide (?:note|letter)|goodbye (?:letters?|notes?) (?:to|for) (?:my|everyone)|giving away (?:all )?my (?:things|stuff|belongings)|noose/g },
  { category: 'self_harm', re: /\b(?:started|start|been|keep|kept|began|begun|am|was|back to|relapsed and started|urge to start) cutting(?: myself| my (?:arms?|wrists?|legs?|thighs?|skin)| again)?(?=\s*(?:[.!,;?]|$|and\b|because\b|when\b|to cope\b|since\b|again\b))|\b(?:hide|hiding|cover|covering) (?:the )?(?:cuts|scars|burns) on my/g },
  { category: 'self_harm', re: /\b(?:everyone|everybody|they|people|the world|my (?:family|kids|children|parents|friends|partner|wife|husband))(?: would| will)(?: all)?(?: honestly| probably| just| really)? be (?:fine|okay|ok|better|happier|relieved) (?:without me|if i (?:was|were) gone)\b(?! (?:on|for|while|during|when|at|this|next|until|in)\b)|\b(?:think(?:ing)? about|fantasiz\w* about|dream(?:ing)? (?:of|about)|imagin\w*|obsess\w* (?:over|about)) (?:not waking up|never waking up|dying\b(?! (?:my|her|his) hair)|being dead|not existing|not being (?:here|alive)|disappearing forever|ending my life|killing myself)/g },
  { category: 'self_harm', re: /\b(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up|(?:hope|hoping) i (?:do not|never) wake up/g },
  // Researching a method, or saying goodbye, is a warning sign whatever words surround it.
  { category: 'self_harm', re: /\b(?:look(?:ed|ing)? up|googl\w*|search(?:ed|ing)? (?:for|up)?|research\w*|read(?:ing)? about|check(?:ed|ing)?) (?:online )?how (?:many|much) (?:\w+ ){0,2}(?:pills|tablets|meds|medication|painkillers|sleeping pills|insulin)|\bhow to (?:kill myself|end (?:my life|it all)|overdose|hang myself|die (?:quickly|painlessly|in my sleep))|\b(?:wrote|write|writing|written|left|leaving|drafted|drafting) (?:a |my |some )?(?:goodbye|farewell|suicide) (?:notes?|letters?|messages?|texts?)/g, negatable: true },
  {
    category: 'self_harm',
    re: /\b(?:thinking (?:about|of)|want to|going to|planning to|ready to|think about) end(?:ing)? (?:it|things|everything)\b(?! (?:with|between|off|for good with))/g,
    also: /\b(?:(?:no|not see the|what is the) point (?:in |of )?(?:anything|living|going on|life|trying|any of it)|nothing matters|hopeless|can not (?:do|take) (?:this|it) anymore|tired of (?:living|being alive|everything|it all)|no way out|a burden|everyone would|without me|pills|overdose|goodbye|rope|bridge|(?:do not|never) want to (?:be here|wake up))/,
  },

  // ── violence ─────────────────────────────────────────────────────────────────────────────
  {
    category: 'violence',
    re: rx(String.raw`\b(?:hit|hits|hitting|punch(?:ed|es|ing)?|slap(?:ped|s|ping)?|kick(?:ed|s|ing)?|chok(?:e|ed|es|ing)|strangl(?:e|ed|es|ing)|shov(?:e|ed|es|ing)|push(?:ed|es|ing)?|smack(?:ed|s|ing)?|headbutt(?:ed|s)?|kneed|stabb?(?:ed|s|ing)?|assault(?:ed|s|ing)?|spit on|spat on|thr[eo]w(?:s|n|ing)? (?:\w+ ){0,3}at|hurl(?:ed|s)? (?:\w+ ){0,3}at|grabb?(?:ed|s|ing)? (?:me )?by)\s+`, PERSON, String.raw`\b(?! (?:up|with|out|off|from|away|back|in the back|into (?:\w+ing|doing|taking|applying|it)|to (?!the (?:ground|floor|wall|door))|at (?:chess|cards|the game|games|poker|pool)|in (?:a|the) (?:game|race|match|contest)|around (?:the|a) (?:idea|topic))\b)`),
    negatable: true, agent: true, figurative: true, physical: true,
  },
  { category: 'violence', re: rx(String.raw`\b(?:beat|beats|beating|beaten) (?:me|us|her|him|them|my \w+)\b(?! (?:at|in|to|by|on|out of (?:the|a) (?:job|promotion|spot)))`), negatable: true, agent: true, figurative: true },
  { category: 'violence', re: rx(String.raw`\b(?:hit|hits|punch(?:ed|es)?|slap(?:ped|s)?|kick(?:ed|s)?|scratch(?:ed|es)|bit|bites|bitten|burn(?:ed|t|s)|cut|stabb?(?:ed|s)|smash(?:ed|es)|thr[eo]w(?:s|n)? (?:\w+ ){0,3}at|hurl(?:ed|s)? (?:\w+ ){0,3}at|(?:\w+ ){0,2}(?:into|against) (?:the|a) (?:wall|door|table|floor|counter) (?:with|by))\s+(?:me |her |him )?(?:in |on )?(?:the |my |her |his )`, BODY, String.raw`\b`), negatable: true, agent: true, physical: true, figurative: true },
  { category: 'violence', re: rx(String.raw`\b(?:grabb?(?:ed|s|ing)?|twist(?:ed|s|ing)?|yank(?:ed|s|ing)?|squeez(?:ed|es|ing)|pull(?:ed|s|ing)?|pinn?(?:ed|s|ing)?|held|holds?) my `, BODY, String.raw`\b|\bby (?:the|my) (?:hair|throat|neck|arm|wrist|collar)\b|\bpinn?(?:ed|s|ing)? (?:me|her|him) (?:down|against)|\bdragg?(?:ed|s|ing)? (?:me|her|him) (?:by|across|down|along|out of bed by)`), negatable: true, agent: true },
  { category: 'violence', re: rx(String.raw`\b(?:slamm?(?:ed|s|ing)?|shov(?:e|ed|es|ing)|push(?:ed|es|ing)?|thr[eo]w(?:s|n|ing)?|smash(?:ed|es|ing)?|pinn?(?:ed|s|ing)?) (?:`, PERSON, String.raw`|my `, BODY, String.raw`) (?:\w+ ){0,2}(?:into|against|onto|down (?:on|onto)|through) (?:the |a |my |his |her |our )?(?:\w+ )?(?:wall|walls|boards|floor|ground|car|door|locker|lockers|table|counter|fridge|stairs|window|fence|bed)\b`), negatable: true, agent: true, physical: true },
  { category: 'violence', re: /\b(?:bruis(?:e|es|ed|ing)\b(?! (?:ego|pride|feelings|my ego))|black eye|split lip|broken (?:rib|nose|wrist|arm|tooth)|left (?:a )?marks? on (?:me|my)|(?:hand|finger) ?prints on my|concussion)/g },
  { category: 'violence', re: /\b(?:put (?:his|her|their) hands on (?:me|her|him)|laid (?:a )?hands? on (?:me|her|him)|got physical with me|gets physical with me|physically (?:hurt\w*|attack\w*|abus\w*|violent|aggressive|harm\w*)|domestic (?:violence|abuse)|(?:pulled|has|had|waved|pointed|held) a (?:knife|gun|weapon)|(?:knife|gun) (?:at|to) (?:me|my|her|him)|(?:scared|afraid|terrified) (?:that )?(?:he|she|they) (?:will|would|is going to|are going to|might) (?:hurt|hit|kill|beat)|(?:punch\w*|kick\w*|smash\w*) (?:a hole in )?the (?:wall|door) (?:next to|beside|near|by|behind|right by) (?:me|my head|my face)|(?:scared|afraid|terrified) to go home)/g, negatable: true },
  { category: 'violence', re: rx(String.raw`\battack(?:ed|s|ing)? `, PERSON, String.raw`\b(?! (?:verbally|in front|online|on (?:twitter|social|slack)|in (?:the|a|our) (?:meeting|email|chat|review|call|thread|group chat)|for|about|over|with (?!an? (?:knife|bat|bottle|hammer|weapon|gun|belt|pan)))\b)`), negatable: true, agent: true, figurative: true },

  // ── threats ──────────────────────────────────────────────────────────────────────────────
  { category: 'threats', re: /\bthreat(?:en|ened|ening|ens)(?: me| us)?(?: that)? (?:to |he would |she would |they would |he will |she will )?(?:kill|hurt|harm|hit|beat|shoot|stab|burn|ruin|leak|post|expose|out me|share (?:my|our|the)|send (?:my|our|the)|take (?:the|my|our) (?:kids|children|son|daughter|baby)|take away (?:the|my|our) (?:kids|children)|come after|destroy|get me|end me|tell everyone)\b|\bthreatening (?:me|us|my)\b|\bthreatened me\b|\b(?:death|rape|bomb) threats?\b|\b(?:blackmail\w*|sextort\w*|extort\w*)/g, negatable: true },
  {
    category: 'threats',
    re: rx(REPORT, String.raw`(?: that)?(?: if [^.]{1,70}?,?)? `, THEY, ' ', WILL, String.raw` (?:(?:make sure|see to it) (?:that )?i (?:never|do not|will not|would not|can not|can never)|(?:kill|hurt|harm|hit|beat|shoot|stab|strangle|choke|burn|smash|destroy|wreck|trash|slash|ruin|end) (?:me|us|my|you|your|her|him|everything|all|it all|the kids|our|himself|herself|themselves|them)\b|(?:post|leak|share|send|show|expose|release) (?:me\b|my (?:nudes|naked|private|intimate|photos|pictures|pics|videos|messages|texts|secrets)|our (?:private|intimate|sex|texts|messages)|(?:the|those) (?:nudes|private|intimate|naked|sex)|everything)|take (?:the kids|my kids|the children|our (?:kids|children|son|daughter|baby)|my (?:son|daughter|baby|children)|everything)|come (?:after|for) (?:me|us|my)|find (?:me|us|where)\b(?! (?:a|an|some|the|another|someone|something))|get (?:me|you) (?:fired|back|for this)|get back at me|make (?:me|my life) (?:pay|regret|hell|miserable)|be waiting (?:for me|outside|at))`),
    negatable: true, figurative: true,
  },
  { category: 'threats', re: rx(String.raw`\bif i (?:ever )?(?:tr(?:y|ied) to |dare |decide to |dared to )?(?:leave|left|go|went|break up|broke up|tell|told|report|reported|call|called|go to (?:hr|the police|the cops)|went to (?:hr|the police|the cops)|divorce|walk out)[^.]{0,60}? `, THEY, String.raw` (?:will|would|is going to|are going to|said (?:he|she|they) (?:will|would)) (?:kill|hurt|harm|take|make sure|never let|ruin|come after|find|destroy|post|tell everyone|end|hunt)`), negatable: true },
  { category: 'threats', re: rx(String.raw`\bif (?:i|we) [^.]{1,60}? `, THEY, String.raw` (?:will|would|is going to|are going to) (?:burn (?:the|my|our|down)|slash|smash (?:my|our)|destroy (?:my|our|me)|ruin my life|take (?:the|my|our) (?:kids|children|son|daughter|baby)|hurt (?:me|us|the kids|my|our)|kill (?:himself|herself|themselves|us|my|our|the)|come after (?:me|us|my)|make sure i never|post (?:my|our|the)|leak|expose me)`), negatable: true },
  { category: 'threats', re: rx(REPORT, String.raw`(?: that)?(?: if [^.]{1,70}?,?)? `, THEY, String.raw` (?:know|knows|knew) (?:where|which) (?:i|we|my|you|your|our|school)`), negatable: true },
  { category: 'threats', re: rx(REPORT, String.raw`[^.]{0,80}?\b(?:i|you|we) (?:will|would|are going to|am going to) (?:regret|pay for) (?:it|this|that|crossing)\b(?! (?:someday|one day|later|eventually|in (?:the|a few) (?:future|years)|when (?:i|you) (?:am|are|get) older))`), negatable: true },
  { category: 'threats', re: /\b(?:know|knows) (?:where|which school) my (?:kids?|children|son|daughter) (?:go|goes|live|lives)|regret (?:it|this|that) if i (?:go|went|tell|told|report|reported|leave|left|call|called|talk|talked|say|said|ever)|(?:make|makes|made) (?:me|you) regret (?:it|this|leaving|telling|reporting)|watch your back|better watch (?:your|my) back|nobody (?:will|would) (?:ever )?find (?:my|your|the) body|(?:i|you) will not see it coming/g, negatable: true },

  // ── stalking, monitoring and unwanted contact ────────────────────────────────────────────
  { category: 'stalking', re: /\bstalk(?:s|ed|er|ers|ing)?\b(?! (?:his|her|their|my ex's|your) (?:profile|instagram|page|socials|linkedin))/g, negatable: true, agent: true },
  { category: 'stalking', re: /\bfollow(?:s|ed|ing)? (?:me|us|her) (?:home|to (?:my|work|the|school|her|his|class)|around\b(?! like)|everywhere|in (?:his|her|their|a) car)/g, negatable: true },
  { category: 'stalking', re: /\b(?:track(?:s|ed|ing)?|monitor(?:s|ed|ing)?|watch(?:es|ed|ing)?) (?:my|where i) (?:location|gps|phone location|whereabouts|every move|am at all times)|(?:gps|tracker|tracking app|tracking device|airtag|air tag|tile tracker|spyware|stalkerware) (?:on|in|under|hidden in) my|(?:found|find|discovered) (?:an? |his |her )?(?:airtag|air tag|tracker|tracking device|gps tracker|hidden camera)|(?:make|makes|made|forces|forced) me (?:share|keep on|turn on) my location|(?:installed|put|hid) (?:an? )?(?:app|spyware|tracker|camera) (?:on|in) my/g, negatable: true },
  { category: 'stalking', re: /\b(?:keeps?|kept|keep|is|was) (?:showing|turning) up (?:at|outside|to) my\b|\b(?:shows?|showed|turns?|turned|turning|showing) up (?:wherever|everywhere) (?:i|we) (?:am|go|went|are)|\b(?:drives?|drove|driving|walks?|walked|walking|circl\w*) (?:past|by|around) my (?:house|home|place|apartment|flat|work|office|job|building)|\bwatching my (?:house|home|apartment|place|window)|\bshow(?:s|ed)? up (?:at|outside) my (?:house|home|apartment|work|job|door|office)\b.*\b(?:uninvited|unannounced|after i (?:said|told|asked|blocked))/g, negatable: true },
  {
    category: 'stalking',
    re: /\b(?:keeps?|kept|has been|have been|started) (?:showing|turning) up (?:at|outside|to|near|by) (?:the|my|our|where|wherever)\b/g,
    also: /\b(?:where i (?:work|live|study|train|am)|my (?:work|job|house|home|place|apartment|flat|schedule|shifts?|gym|class)|knows? (?:my|when i|where i)|uninvited|unannounced|(?:asked|told) (?:him|her|them) to stop|blocked|scared|afraid|creep\w*)\b/,
    negatable: true,
  },
  { category: 'stalking', re: /\b(?:sends?|sent|sending|takes?|took|taking|posts?|posted|posting) (?:me )?(?:photos?|pictures?|pics|videos?) of (?:my (?:house|home|car|apartment|flat|front door|window|building)|me (?:sleeping|leaving|walking|at home|through))/g, also: ONGOING, negatable: true },
  { category: 'stalking', re: /\b(?:wait|waits|waited|waiting|park|parks|parked|parking|sits|sat|sitting|lurk\w*|hang(?:s|ing)? around) (?:outside|by|near|at|in front of|across from|around) my (?:house|home|place|apartment|flat|door|car|work|office|job|school|gym|building|classes)/g, also: ONGOING, negatable: true },
  {
    category: 'stalking',
    re: /\b(?:new|fake|different|another|multiple|burner|other|second|anonymous|secret) (?:accounts?|numbers?|profiles?|emails?|phone numbers?|usernames?)/g,
    also: /\b(?:block(?:ed|ing)?|unfriended|told (?:him|her|them) to stop|asked (?:him|her|them) to stop|said no|leave me alone|cut (?:him|her|them) off)/,
  },
  { category: 'stalking', re: /\b(?:keeps?|kept|still|continues to|will not stop|won't stop|does not stop) (?:messaging|texting|calling|emailing|contacting|dming|writing to|showing up|sending me|turning up|coming to)[^.]{0,50}?(?:after|even though|although|despite|since|when) (?:i|me) (?:blocked|block|having blocked|told (?:him|her|them) to stop|asked (?:him|her|them) to stop|said (?:no|to stop|stop)|cut (?:him|her|them) off|changed my number|moved)|\bwill not leave me alone\b|\b(?:read|reads|reading|goes through|went through|checks) my (?:phone|messages|texts|email) (?:without|behind)/g, negatable: true },

  // ── abuse: physical, emotional, financial, coercive control ─────────────────────────────
  { category: 'abuse', re: /\b(?<!(?:substance|alcohol|drug|drugs|opioid|child|elder|animal) )abus(?:e|ed|es|ing|ive|er)\b(?! (?:my|our|his|her|the|their) (?:trust|kindness|generosity|patience|hospitality|privileges?|system|policy|position|sick days|power))|gasligh\w*|coercive control|emotional(?:ly)? (?:abus\w*|manipulat\w*|blackmail\w*)/g, negatable: true },
  { category: 'abuse', re: /\b(?:will not|does not|would not|did not|never|refuses to) let(?:s)? me (?:see (?:my (?:own )?)?(?:friends|family|anyone|other people|parents|mom|mum|dad|sister|brother)|visit (?:my|anyone|friends|family)|talk to (?:my|anyone|other|friends|family|people)|text (?:my|anyone|friends)|call (?:my|anyone)|leave (?:the house|him|her|them|home)|go (?:out|anywhere)|have (?:my own|a|any) (?:money|bank|account|card|phone|password|friends|job|car|keys|privacy)|spend (?:my own |any |our )?money|spend time with (?:my|friends|family|anyone)|access (?:my|our|the) (?:money|bank|account|accounts|card)|use (?:the car|my phone|the phone|my money|my card)|work|get a job|wear|drive|lock|close the door)/g, negatable: true },
  { category: 'abuse', re: /\b(?:not allowed|am not allowed|is not allowed|are not allowed|forbids? me|forbidden) (?:to )?(?:have (?:a |my own |any )?(?:password|passcode|phone|money|friends|bank|account|job|car|keys)|see (?:my|friends|family|anyone)|go out|leave the house|talk to (?:my|anyone|other|friends|family)|spend|work|wear|lock|close the door|drive|eat)|\bpermission (?:before|to) (?:i )?(?:spend|buy|go out|see (?:my|friends|family)|leave the house|eat|talk to|wear|use the car|visit|call)|\b(?:makes?|made|forces?|forced) me (?:to )?ask (?:for )?(?:his |her |their )?permission/g, negatable: true },
  { category: 'abuse', re: /\b(?:takes?|took|taking|keeps?|kept|controls?|controlled|controlling|holds?|withholds?|withheld|confiscat\w*|hides?|hid) (?:all (?:of )?|away )?(?:my|all my|my whole|my entire|our) (?:paycheck|pay|salary|wages|money|earnings|income|bank card|cards?|debit card|credit cards?|bank account|finances|spending|passport|id|documents|car keys|keys|phone|medication|meds)\b(?!\s(?:for (?:safekeeping|a (?:walk|ride|spin))|to (?:the|be fixed|repair)|charger|case))|(?:gives?|gave) me (?:an? )?allowance|on an allowance|(?:loans?|credit cards?|debt) in my name|(?:has|changed|kept) (?:all )?the passwords? to (?:my|our) (?:bank|accounts?)|(?:will not|does not|did not) (?:let me have|give me) access (?:to )?(?:my|our|the) (?:money|bank|account|accounts|card)/g, negatable: true, also: /\b(?:paycheck|salary|wages|earnings|income|money|bank|passport|documents|allowance|so (?:that )?i (?:can not|could not)|and (?:will not|would not|refuses to|never) give|without (?:asking|telling|my)|every (?:month|week|time)|all (?:of )?my|my whole|my entire|controls?|withh[eo]ld|hides?|hid|confiscat|loans?|debt|access)\b/ },
  { category: 'abuse', re: /\b(?:makes?|made|forces?|forced|demands?|demanded) (?:that )?(?:me )?(?:to )?(?:hand over|give (?:him|her|them)|sign over|transfer|turn over) (?:all (?:of )?)?my (?:wages|paycheck|salary|money|pay|earnings|income|cards?|pin|passwords?|savings)/g, negatable: true },
  { category: 'abuse', re: /\b(?:isolat(?:es|ed|ing) me|keeps? me (?:away )?from (?:my|seeing|talking|working|leaving|going)|kept me (?:away )?from (?:my|seeing|talking|working|leaving)|(?:decides|decided|chooses|controls|dictates) (?:who|where|what) i (?:can |am allowed to |get to )?(?:see|talk|go|wear|eat|text|hang out|spend)|cut me off from (?:my|all my|everyone)|(?:tries|trying|tried) to turn (?:me|my (?:family|friends)) against|turn(?:ing)? me against (?:him|her|them))/g, negatable: true },
  { category: 'abuse', re: /\b(?:checks?|checked|checking|goes through|went through|going through|reads?|reading|looks? through|monitors?|monitoring) my (?:phone|messages|texts|emails?|dms|social media|call log|browser history|bank statements?|receipts|spending|location|calls)\b[^.]{0,40}?\b(?:every (?:day|night|morning|time|evening)|all the time|constantly|daily|without|behind|while i|when i sleep|whenever|not allowed|password|if i|gets (?:angry|mad|furious)|and (?:accuses|screams|yells))|\b(?:not allowed|am not allowed) (?:to )?(?:have )?(?:a )?(?:password|passcode|lock)|\b(?:demands|demanded|makes me give|forces me to give|made me give) (?:him |her |them )?my (?:passwords?|passcode|phone)|\bmonitors? my (?:phone|location|messages|texts|calls|spending)/g, negatable: true },
  { category: 'abuse', re: /\b(?:no one|nobody) (?:else )?(?:would|will|could) (?:ever )?(?:love|want|date|put up with|marry) (?:me|you)\b|lucky (?:he|she|they) (?:puts?|put) up with me|\b(?:calls|calling|keeps calling|always calls|constantly calls|kept calling) me (?:a |an )?(?:worthless|stupid|useless|pathetic|disgusting|fat|ugly|crazy|psycho|insane|whore|slut|bitch|loser|idiot|moron|retard\w*|failure|piece of (?:shit|garbage|trash)|nothing|names)\b|\bcalled me (?:a |an )?(?:whore|slut|bitch|cunt|retard\w*|piece of (?:shit|garbage|trash)|worthless)\b|\b(?:tells?|told|says|said) (?:me )?(?:that )?i (?:am|was) (?:worthless|useless|nothing|pathetic|imagining (?:it|things)|disgusting|a burden|unlovable|lucky (?:he|she|they))|\b(?:makes?|made) me (?:feel|think) (?:like )?i (?:am|was) (?:crazy|going crazy|losing my mind|imagining)|\b(?:says|said|tells me|told me|insists|insisted|keeps saying)\b[^.]{0,40}\bi (?:am |was )?(?:imagin(?:e|ed|ing) (?:it|things|everything)|making (?:it|things|everything) up|remember(?:ing)? (?:it|things|everything) wrong|misremember\w*|crazy (?:and|for remembering|whenever|every time))/g, negatable: true },
  { category: 'abuse', re: /\b(?:forced|forces|pressured|pressures|pressuring|coerced|coerces|guilted|guilts) me (?:to have sex|into sex|into having sex|to do sexual|into sexual|into sleeping with|to sleep with|into doing things)|made me have sex|without (?:my )?consent|\brap(?:ed|e|ing)\b|sexual(?:ly)? assault\w*|molest\w*|(?:sex|touching me|kept going|did not stop)[^.]{0,40}(?:after|even though|when) i said (?:no|stop)/g, negatable: true },
  { category: 'abuse', re: /\b(?:afraid|scared|terrified) of (?:him|her|them|my (?:husband|wife|partner|boyfriend|girlfriend|dad|mom|mum|father|mother|stepdad|stepmom|ex|brother|sister|son))\b(?! (?:leaving|finding out|being|getting|judging|thinking|not))|\blocks? me (?:in|inside|out of the house)\b|\blocked me (?:in|inside)(?: my| the| a)? (?:room|house|bathroom|closet|car)?|tells me what (?:i can|to) wear/g, negatable: true },

  // ── harassment: sexual (work, online), discriminatory, repeated unwanted attention ───────
  { category: 'harassment', re: /\b(?:harass\w*|hostile work environment|quid pro quo|unwanted (?:advances|touch\w*|comments|messages|attention|sexual)|touch(?:es|ed|ing)? me (?:inappropriately|without)|inappropriate(?:ly)? (?:touch\w*|comments? about my body|photos|pictures|messages)|racial slurs?|discriminat\w*|bully\w*|bullied)/g, negatable: true },
  { category: 'harassment', re: /\b(?:keeps?|kept|always|constantly|will not stop|won't stop|keep on) (?:touching|rubbing|grabbing|stroking|groping|pinching|patting|massaging|brushing against|sniffing) (?:me|my)\b|\b(?:touch\w*|rub\w*|grab\w*|grop\w*|pinch\w*|slap\w*|squeez\w*|strok\w*|fondl\w*) (?:me on )?my (?:butt|ass|bum|bottom|behind|breasts?|boobs?|chest|thighs?|crotch|groin|privates?)\b|\bgrop(?:e|ed|es|ing)\b|\bfondl\w*|\b(?:tried|tries|keeps trying) to kiss me|\bkissed me (?:without|even though|after i)|\bflash(?:ed|es|ing) me\b|\bexpos(?:ed|es|ing) (?:himself|herself)/g, negatable: true },
  { category: 'harassment', re: /\b(?:comes?|coming|came|walks?|walking|walked|sneaks?|sneaking|snuck|lets? (?:himself|herself) into) (?:in)?to my (?:room|bedroom|bed|shower|bathroom)\b[^.]{0,40}(?:asleep|sleeping|showering|in the shower|changing|undress\w*|naked)|\b(?:post\w*|shar\w*|leak\w*|spread\w*|sen[dt]\w*|upload\w*|show\w*) (?:my |our )?(?:nudes|naked (?:photos|pics|pictures)|sex tape)/g, negatable: true },
  { category: 'harassment', re: /\b(?:comments?|commenting|commented|remarks?|jokes?|joking) (?:on|about) (?:my|her) (?:body|breasts?|boobs|chest|butt|ass|legs|figure|curves|sex life)\b|\bsexual (?:comments?|jokes?|remarks?|memes?|messages?|texts?|photos?|pictures?|innuendo|advances?|favou?rs?)|\b(?:sends?|sent|sending|keeps sending) me (?:\w+ )?(?:explicit|nude|naked|sexual|dirty|lewd|graphic|porn\w*) |\b(?:asks?|asking|asked) (?:me )?(?:what i am wearing|about my sex life|if i am a virgin|for (?:nudes|pics of me|photos of me))|\b(?:what|things) (?:he|she|they) (?:would|wants to|want to|would like to) do to me\b|\b(?:stares?|staring|leers?|leering) at my (?:chest|body|breasts|butt)|\b(?:dick pics?|unsolicited (?:pics|photos|nudes))|\b(?:crude|lewd|degrading|sexist|racist|homophobic|transphobic|ableist|antisemitic|islamophobic|hateful) (?:\w+ )?(?:comments?|jokes?|remarks?|names|slurs?|messages?|gestures) (?:about|at|to|toward|towards) (?:me|my)\b|\b(?:sends?|sent|sending|keeps sending|posts?|posting|leaves?|leaving) (?:me )?(?:\w+ )?(?:racist|sexist|homophobic|transphobic|hateful|antisemitic|islamophobic) (?:messages?|comments?|notes?|dms|texts?|emails?)/g, negatable: true },
  { category: 'harassment', re: /\b(?:promotion|raise|job|review|shifts?|contract|grade|hours|position|reference|bonus)\b[^.]{0,60}\b(?:depends? on|if i|unless i|in exchange for|as long as i)\b[^.]{0,50}\b(?:dinner|drinks|date|sleep|alone|hotel|sex|go out with|kiss|come over|his place|her place|his room|her room|the night|night with|hotel room)\b|\b(?:sleep with|date|go out with) (?:him|her|them) (?:or|to keep|if i want|to get)/g, negatable: true },
  { category: 'harassment', re: /\b(?:post\w*|shar\w*|leak\w*|spread\w*|sent|send\w*|upload\w*|circulat\w*) (?:my |our )?(?:private|intimate|nude|naked|explicit|sexual) (?:photos?|pictures?|pics|videos?|images?)|\b(?:edited|photoshopped|fake|doctored|deepfake\w*|manipulated) (?:\w+ )?(?:photos?|pictures?|pics|videos?|images?) of me|\bdoxx?(?:ed|ing)?\b|\brevenge porn|\b(?:hate|death) (?:messages|mail|comments|dms)|\bslurs?\b|\bthe n[- ]word|\bgo back to (?:my|your|their|his|her) (?:own )?country|\b(?:mock\w*|making fun of|imitat\w*) my (?:accent|race|religion|disability|skin|hijab|turban|stutter|ethnicity|culture)|\b(?:pil(?:e|ed|ing) on|dogpil\w*|brigad\w*) (?:me|on me)|\b(?:fake|impersonat\w*) (?:an? )?(?:account|profile) (?:of|pretending to be) me/g, negatable: true },
  { category: 'harassment', re: /\b(?:keeps?|kept|will not stop|won't stop|continues to) (?:asking me out|hitting on me|flirting with me|sending me (?:messages|texts|gifts|flowers)|asking me (?:for )?(?:a date|to go out|on a date|to come over))[^.]{0,40}?(?:after|even though|although|despite|when) i (?:said no|told|asked|turned|rejected|made it clear|declined)|\b(?:said no|turned (?:him|her|them) down|rejected (?:him|her|them))[^.]{0,40}?(?:keeps?|kept|still|continues) (?:asking|messaging|texting|calling|showing up|hitting)/g, negatable: true },
];

/** More urgent categories win when several match. */
export const SAFETY_PRIORITY: readonly SafetyCategory[] = ['self_harm', 'violence', 'threats', 'abuse', 'stalking', 'harassment'];

export const EMERGENCY = 'Emergency services (911 in the US and Canada, 112 in the EU, 999 in the UK, 000 in Australia) if you are in immediate danger';
export const CRISIS_LINE = '988 Suicide & Crisis Lifeline (call or text 988 in the US); findahelpline.com lists free crisis lines in other countries';
export const DV_HOTLINE = 'National Domestic Violence Hotline: 1-800-799-7233 or text START to 88788 (US); hotline.org, or findahelpline.com for local domestic-violence services elsewhere';
export const TRUSTED_PERSON = 'A trusted friend, family member, doctor or counsellor you can tell today';
export const HR_ROUTE = 'Your HR department, a manager you trust, or a union representative; in the US the EEOC (eeoc.gov), elsewhere your national equality or labour authority';
export const POLICE = 'Local police (non-emergency line) to report threats or stalking, and to ask about a protective order';

export const SAFETY_HELP: Record<SafetyCategory, { message: string; resources: string[] }> = {
  self_harm: {
    message:
      'It sounds like you may be thinking about hurting yourself. You deserve support right now: if you might act on these thoughts, call emergency services; in the US you can call or text 988 any time, and findahelpline.com lists crisis lines in other countries.',
    resources: [CRISIS_LINE, EMERGENCY, TRUSTED_PERSON],
  },
  violence: {
    message:
      'What you describe involves physical harm. Your safety comes first: if you are in danger, call emergency services; a domestic-violence hotline can help you plan next steps confidentially.',
    resources: [EMERGENCY, DV_HOTLINE, POLICE, TRUSTED_PERSON],
  },
  threats: {
    message:
      'Being threatened is serious. If you feel in danger, call emergency services; keep a record of the threats and consider reporting them to the police or a support line.',
    resources: [EMERGENCY, POLICE, DV_HOTLINE, TRUSTED_PERSON],
  },
  abuse: {
    message:
      'What you describe sounds like abuse or controlling behaviour, which is never your fault. A domestic-violence hotline can talk through options and safety planning confidentially; call emergency services if you are in danger.',
    resources: [DV_HOTLINE, EMERGENCY, TRUSTED_PERSON],
  },
  stalking: {
    message:
      'Being followed or watched is not something to handle alone. Keep a log of each incident, tell someone you trust, and contact the police or a victim support line; call emergency services if you feel unsafe.',
    resources: [EMERGENCY, POLICE, 'Stalking support: SPARC (stalkingawareness.org, US) or a local victim support service', TRUSTED_PERSON],
  },
  harassment: {
    message:
      'This sounds like harassment. You do not have to handle it alone: write down dates and details, and report it to HR or the relevant authority; call emergency services if you are in danger.',
    resources: [HR_ROUTE, EMERGENCY, TRUSTED_PERSON],
  },
};
