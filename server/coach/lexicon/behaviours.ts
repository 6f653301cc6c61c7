// Paraphrase table: a recognised behaviour (keyed by lemma phrases from the writer's account)
// turned into what the writer can say *to* the other person. `did` is a second-person clause
// ("you ..."), `request` a verb phrase for "could we / please ...", `process` a concrete
// routine to propose, `theirSide` a charitable reading of the other person's view.
export interface BehaviourFrame {
  topic: string;
  did: string;
  feeling: string;
  need: string;
  request: string;
  process: string;
  theirSide: string;
  sharedGoal: string;
}

type Frame = Omit<BehaviourFrame, 'topic'>;

const FRAMES: Record<string, Frame & { topic: string }> = {
  credit: {
    topic: 'credit attribution',
    did: 'ideas I came up with were presented as yours',
    feeling: 'overlooked', need: 'my contributions to be visible to the team',
    request: 'mention my name when you bring up an idea that started with me',
    process: 'agree that whoever came up with an idea presents it, or note who contributed what in the meeting notes',
    theirSide: 'things move fast in meetings and it is easy to lose track of where an idea started',
    sharedGoal: 'we both want the team to do great work and to trust each other',
  },
  interrupt: {
    topic: 'interruptions',
    did: 'you have cut in before I finished my point',
    feeling: 'unheard', need: 'to be able to finish my thoughts',
    request: 'let me finish before you jump in',
    process: 'agree that we each get to finish a point before the other responds',
    theirSide: 'you probably get excited and want to keep the conversation moving',
    sharedGoal: 'we both want conversations where everyone gets heard',
  },
  late: {
    topic: 'lateness',
    did: 'you have arrived well after the time we agreed on',
    feeling: 'unimportant', need: 'to be able to count on the times we set',
    request: 'let me know as early as you can if you are running late',
    process: 'pick times that actually work for you, and send a quick message when you are running behind',
    theirSide: 'you have a lot going on and time gets away from you',
    sharedGoal: 'I want our time together to start on a good note',
  },
  cancel: {
    topic: 'reliability',
    did: 'you have cancelled our plans at the last minute',
    feeling: 'let down', need: 'to be able to rely on the plans we make',
    request: 'tell me as early as you can if plans need to change',
    process: 'only lock in plans you are sure about, and give each other a day’s notice if something changes',
    theirSide: 'things come up and you may be stretched thin right now',
    sharedGoal: 'I really value the time we spend together',
  },
  ignore: {
    topic: 'communication',
    did: 'my messages have gone unanswered for days',
    feeling: 'shut out', need: 'to know where we stand',
    request: 'send a short reply, even just to say you need some time',
    process: 'agree on a quick “saw this, will reply later” when one of us is busy',
    theirSide: 'you may be overwhelmed, and replying can feel like one more thing to do',
    sharedGoal: 'I care about staying connected with you',
  },
  criticise: {
    topic: 'criticism',
    did: 'you have pointed out problems with my work in front of other people',
    feeling: 'embarrassed', need: 'feedback in a way I can actually use',
    request: 'bring concerns to me privately first',
    process: 'keep critical feedback for one-on-one conversations and use group settings for decisions',
    theirSide: 'you want things to be right and may not notice how public comments land',
    sharedGoal: 'we both want the work to be as good as it can be',
  },
  workload: {
    topic: 'workload',
    did: 'extra work has been handed to me at short notice on top of my current tasks',
    feeling: 'stretched thin', need: 'a workload I can deliver well',
    request: 'check my capacity before assigning new work',
    process: 'review priorities together when new work comes in, so we decide what moves',
    theirSide: 'you are under pressure to get a lot done and I am someone you trust to deliver',
    sharedGoal: 'we both want the work delivered well and on time',
  },
  micromanage: {
    topic: 'autonomy',
    did: 'you have been checking on each step of my work',
    feeling: 'second-guessed', need: 'room to do my work my way',
    request: 'let me own the details and come to you with updates',
    process: 'set up a regular check-in where I share progress, so you do not need to ask in between',
    theirSide: 'you are accountable for the outcome and want to feel sure it is on track',
    sharedGoal: 'we both want this to go well',
  },
  yell: {
    topic: 'heated arguments',
    did: 'your voice has gotten raised at me when we disagree',
    feeling: 'shaken', need: 'to feel calm enough to talk things through',
    request: 'take a break and come back to it when we are both calmer',
    process: 'agree that either of us can pause a heated conversation and pick it up later',
    theirSide: 'you feel strongly and the frustration spills over',
    sharedGoal: 'I want us to be able to disagree without hurting each other',
  },
  borrow: {
    topic: 'money',
    did: 'the money I lent you has not been paid back yet',
    feeling: 'uncomfortable', need: 'to sort this out so it does not sit between us',
    request: 'agree on a date to pay it back',
    process: 'set a repayment plan that works for you, even in small amounts',
    theirSide: 'money may be tight for you right now',
    sharedGoal: 'our friendship matters more to me than the money',
  },
  chores: {
    topic: 'chores',
    did: 'most of the cleaning up has been left to me',
    feeling: 'taken for granted', need: 'to share the load at home fairly',
    request: 'take on your share of the chores',
    process: 'write down the chores and split them in a way that feels fair to both of us',
    theirSide: 'you may not notice the little things piling up the way I do',
    sharedGoal: 'I want our home to feel good for both of us',
  },
  exclude: {
    topic: 'feeling excluded',
    did: 'plans have been made without including me',
    feeling: 'left out', need: 'to feel like I still belong in the group',
    request: 'include me when you are making plans',
    process: 'keep me in the loop in the group chat when plans come together',
    theirSide: 'it might not have been on purpose',
    sharedGoal: 'our friendship means a lot to me',
  },
  forget: {
    topic: 'feeling forgotten',
    did: 'something important to me slipped past without a word',
    feeling: 'forgotten', need: 'to feel like I matter to you',
    request: 'make a point of remembering the dates that matter to me',
    process: 'put the important dates in a shared calendar so neither of us misses them',
    theirSide: 'you have had a lot on your plate',
    sharedGoal: 'I care about us and want us to feel special to each other',
  },
  phone: {
    topic: 'quality time',
    did: 'you have been on your phone during the time we set aside for each other',
    feeling: 'lonely', need: 'some time together where I have your attention',
    request: 'put the phones away during dinner and our evenings together',
    process: 'set aside phone-free time together each week',
    theirSide: 'your phone is how you unwind after a long day',
    sharedGoal: 'I love spending time with you and want more of it to really count',
  },
  lie: {
    topic: 'trust',
    did: 'what you told me did not match what actually happened',
    feeling: 'hurt and unsure what to believe', need: 'honesty, even when it is uncomfortable',
    request: 'tell me the truth, even if you think I will be upset',
    process: 'agree that we can bring hard things to each other without it blowing up',
    theirSide: 'you may have been trying to avoid a fight',
    sharedGoal: 'I want us to be able to trust each other',
  },
  gossip: {
    topic: 'gossip',
    did: 'things about me have been shared with other people behind my back',
    feeling: 'betrayed', need: 'to trust that what I share stays between us',
    request: 'come to me directly if something about me bothers you',
    process: 'agree that we bring concerns to each other first',
    theirSide: 'you may have been venting without thinking it would get back to me',
    sharedGoal: 'I want us to be straight with each other',
  },
  dismiss: {
    topic: 'respect',
    did: 'my input has been brushed aside before we talked it through',
    feeling: 'dismissed', need: 'my input to be taken seriously',
    request: 'hear me out before deciding',
    process: 'give each view a fair hearing before we settle on a direction',
    theirSide: 'you may have already had a direction in mind',
    sharedGoal: 'we both want to make good decisions together',
  },
  boundaries: {
    topic: 'boundaries',
    did: 'you have come by or used my things without checking with me first',
    feeling: 'uncomfortable', need: 'a bit of notice and a say in my own space',
    request: 'check with me first',
    process: 'agree on a quick heads-up before dropping by or borrowing anything',
    theirSide: 'you feel close enough to me that asking seems unnecessary',
    sharedGoal: 'I want us to stay close and comfortable with each other',
  },
  criticiseFamily: {
    topic: 'criticism',
    did: 'you have commented on my choices in a way that feels critical',
    feeling: 'judged', need: 'to feel respected in the decisions I make',
    request: 'trust me with my own choices, and share concerns kindly when you have them',
    process: 'agree that some topics are mine to decide',
    theirSide: 'you care about me and worry about how things will turn out',
    sharedGoal: 'I want us to be close without it turning into criticism',
  },
};

/** Lemma phrases → frame key. Longer phrases win (see PhraseMatcher). */
export const BEHAVIOUR_CUES: ReadonlyArray<readonly [string, keyof typeof FRAMES]> = [
  ['take|taking|took|steal|stealing|stole|claim|claiming credit', 'credit'], ['steal|stealing|stole|claim|claiming|present|presenting my idea|work', 'credit'],
  ['credit for my idea|work', 'credit'], ['pass|passing|pass off my idea|work', 'credit'],
  ['interrupt|interrupting', 'interrupt'], ['talk|talking over me', 'interrupt'], ['cut|cutting me off', 'interrupt'],
  ['late|lateness', 'late'], ['run|running late', 'late'], ['keep me wait|waiting', 'late'],
  ['cancel|cancelling|canceling|cancelled|canceled', 'cancel'], ['bail|bailing on', 'cancel'], ['flake|flaking', 'cancel'], ['stand me up', 'cancel'],
  ['ignore|ignoring my text|message|call', 'ignore'], ['ghost|ghosting', 'ignore'], ['not reply|respond|answer', 'ignore'], ['leave me on read', 'ignore'],
  ['never reply|respond|text back|call back', 'ignore'],
  ['criticize|criticise|criticizing|criticising|belittle|belittling|nitpick|nitpicking', 'criticise'], ['make fun of', 'criticise'], ['put me down', 'criticise'],
  ['dump|dumping extra|work', 'workload'], ['dump|dumping', 'workload'], ['extra work', 'workload'], ['pile|piling work|task', 'workload'], ['workload', 'workload'], ['overtime', 'workload'],
  ['micromanage|micromanaging|micromanages', 'micromanage'], ['check|checking on me', 'micromanage'], ['breathe|breathing down my neck', 'micromanage'],
  ['yell|yelling|yelled|shout|shouting|scream|screaming', 'yell'], ['raise|raised his|her|their voice', 'yell'], ['snap|snapping at me', 'yell'],
  ['borrow|borrowed money', 'borrow'], ['owe|owes me', 'borrow'], ['pay|paying me back', 'borrow'], ['lend|lent', 'borrow'],
  ['chore|dishes|laundry|mess|clean|cleaning|trash', 'chores'],
  ['left out', 'exclude'], ['leave|leaving me out', 'exclude'], ['exclude|excluding', 'exclude'], ['not invite|invited', 'exclude'], ['without me', 'exclude'],
  ['forget|forgot|forgetting my birthday|anniversary', 'forget'], ['forget|forgot|forgetting', 'forget'],
  ['phone', 'phone'], ['scroll|scrolling', 'phone'], ['on his|her|their phone', 'phone'],
  ['lie|lying|lied to me', 'lie'], ['lie|lying|lied', 'lie'], ['hide|hiding|hid things', 'lie'],
  ['gossip|gossiping', 'gossip'], ['behind my back', 'gossip'], ['talk|talking about me', 'gossip'], ['spread rumor|rumour', 'gossip'],
  ['dismiss|dismissing|dismissive', 'dismiss'], ['shoot|shot down my idea', 'dismiss'], ['brush|brushed off', 'dismiss'], ['talk down to', 'dismiss'],
  ['without ask|asking', 'boundaries'], ['show|showing up unannounced', 'boundaries'], ['drop|dropping by', 'boundaries'], ['go|goes|going through my', 'boundaries'],
  ['comment|comments|commenting on my', 'criticiseFamily'], ['judge|judging', 'criticiseFamily'], ['tell|telling me how to', 'criticiseFamily'],
];

export const FRAME_TABLE: Readonly<Record<string, BehaviourFrame>> = FRAMES;
