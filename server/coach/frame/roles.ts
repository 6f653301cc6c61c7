// Words people use for the other person, mapped to a role (library/schema.ts ROLES). Phrases are
// matched on lemmas (lexicon/matcher.ts syntax: "|" word alternatives, "," phrase alternatives).
import type { Domain, Role } from '../library/schema.ts';

export type Gender = 'he' | 'she' | null;

export interface RoleWord {
  role: Role;
  gender: Gender;
  /** How the writer refers to them in explanations ("your sister"). */
  noun: string;
  /** Weak words ("lead", "mate", "partner") need "my"/"our" or a name next to them. */
  weak?: boolean;
}

const r = (role: Role, noun: string, gender: Gender = null, weak = false): RoleWord => ({ role, noun, gender, weak });

export const ROLE_WORDS: ReadonlyArray<readonly [string, RoleWord]> = [
  // work
  ['boss', r('manager', 'boss')],
  ['manager, line manager, store manager, shift manager, general manager, office manager', r('manager', 'manager')],
  [
    'supervisor, shift supervisor, shift lead, shift leader, charge nurse, head nurse, nurse manager, nurse in charge, ward manager, unit manager, site manager, area manager, regional manager, district manager, branch manager, project manager, kitchen manager, bar manager, floor manager, sous chef, head of department, department head, crew chief, crew lead, gaffer',
    r('manager', 'supervisor'),
  ],
  ['team lead|leader, tech lead', r('manager', 'team lead')],
  [
    'senior partner, managing partner, name partner, partner at my|the|our firm|practice',
    r('manager', 'senior partner'),
  ],
  [
    'director, ceo, cto, cfo, vp, founder, owner, head chef, foreman, superior, higher up, higher-up',
    r('manager', 'manager'),
  ],
  ['lead', r('manager', 'lead', null, true)],
  ['coworker|colleague|workmate|officemate|co-worker', r('coworker', 'coworker')],
  ['teammate|teammates', r('coworker', 'teammate')],
  ['co worker', r('coworker', 'coworker')],
  [
    'guy|girl|woman|man|person|someone at work, guy|girl|woman|man|person|someone i work with, work friend, deskmate, desk mate, desk neighbor|neighbour, cubicle neighbor|neighbour, guy|girl|woman|man|person|lady|dude who sit|sits next to me, guy|girl|woman|man|person|lady|dude who sit|sits beside me, guy|girl|woman|man|person|lady|dude at the next desk|cubicle|station, guy|girl|woman|man|person|lady|dude on my shift|crew|team|line|ward|unit, guy|girl|woman|man|person|lady|dude i share an office with, guy|girl|woman|man who got fired|sacked|laid off|let go',
    r('coworker', 'coworker'),
  ],
  [
    'direct report, report, intern, trainee, apprentice, subordinate, new hire, junior, employee, assistant',
    r('direct_report', 'team member'),
  ],
  ['people|everyone|someone at work, team, department, staff, coworkers|colleagues', r('team', 'team')],
  // clients and services
  ['client', r('client', 'client')],
  ['customer', r('customer', 'customer')],
  [
    'contractor, plumber, electrician, builder, handyman, painter, roofer, mechanic, caterer, landscaper, cleaner, tradesman, tradie, freelancer, web designer, designer, photographer, dj, florist, decorator, hairdresser, hairstylist, stylist, barber, beautician, nail tech|technician, tattoo artist, personal trainer, dog walker, babysitter, nanny, tutor i hired|pay, groomer, dog groomer, wedding planner, movers, moving company',
    r('contractor', 'contractor'),
  ],
  [
    'guy|man|woman|lady|company|crew|people|team|builders do|fix|build|renovate|redo|paint|install|repair|remodel our|my, guy|man|woman|company i hired|paid',
    r('contractor', 'contractor'),
  ],
  ['landlord', r('landlord', 'landlord', 'he')],
  ['landlady', r('landlord', 'landlord', 'she')],
  ['property manager, letting agent, building manager, super', r('landlord', 'landlord')],
  ['tenant, renter, lodger', r('tenant', 'tenant')],
  // school
  [
    'teacher, lecturer, tutor, instructor, ta, teaching assistant, principal, headteacher, dean',
    r('teacher', 'teacher'),
  ],
  ['professor|prof', r('teacher', 'professor')],
  ['advisor|adviser, thesis supervisor, phd supervisor, supervisor at uni', r('teacher', 'advisor')],
  ['coach', r('teacher', 'coach')],
  [
    'classmate|classmates, groupmate|groupmates, group mate|mates, group member|members, lab partner, study partner, project partner, someone in my class, guy|girl|kid|boy|person in my class|year|grade|group|seminar|lab, one guy|girl|person in my group, guy|girl|kid|boy|person in my cs|bio|biology|chem|chemistry|math|maths|english|history|physics|art|econ|psych|law|stats|spanish|french|music|drama|pe|gym class|lab|seminar|group, people in my group, my group, project group',
    r('classmate', 'classmate'),
  ],
  ['student, pupil', r('student', 'student')],
  // friends
  ['friend, best friend, close friend, old friend, childhood friend, buddy, pal, bestie, bff', r('friend', 'friend')],
  ['mate', r('friend', 'mate', null, true)],
  [
    'friends, friend group, group of friends, squad, crew, friend circle, everyone|people in the group chat',
    r('friend_group', 'friends'),
  ],
  // partners
  ['boyfriend', r('partner', 'boyfriend', 'he')],
  ['girlfriend', r('partner', 'girlfriend', 'she')],
  ['husband', r('partner', 'husband', 'he')],
  ['wife', r('partner', 'wife', 'she')],
  ['fiancé', r('partner', 'fiancé')],
  ['spouse, significant other, other half', r('partner', 'partner')],
  ['partner', r('partner', 'partner', null, true)],
  [
    'guy|man i am seeing, guy|man i am dating, girl|woman i am seeing, girl|woman i am dating, person|someone i am seeing, person|someone i am dating, guy|girl i have been seeing|dating, match, situationship, guy|girl|man|woman|someone on hinge|tinder|bumble|grindr, guy|girl|man|woman i met on|at, guy|girl|man|woman i went out with, talking to a guy|girl, talking to this guy|girl, this guy|girl i like|met|matched',
    r('date', 'date'),
  ],
  // "The release date", "a date night": only "my date" or a date with a name is a person.
  ['date', r('date', 'date', null, true)],
  [
    'date with, dates with, first date, second date, third date, guy|girl|man|woman|someone from hinge|tinder|bumble|grindr|the app|a dating app',
    r('date', 'date'),
  ],
  ['ex, ex boyfriend|girlfriend|husband|wife|partner|fiancé', r('ex', 'ex')],
  // family
  ['mom|mum|mother|mama|mommy|mam', r('parent', 'mom', 'she')],
  ['dad|father|papa|daddy', r('parent', 'dad', 'he')],
  ['stepmom|stepmum|stepmother, step mom|mum|mother', r('parent', 'stepmom', 'she')],
  ['stepdad|stepfather, step dad|father', r('parent', 'stepdad', 'he')],
  ['parents, folks, parent', r('parent', 'parents')],
  ['brother, stepbrother, half brother', r('sibling', 'brother', 'he')],
  ['sister, stepsister, half sister', r('sibling', 'sister', 'she')],
  ['sibling|siblings|twin', r('sibling', 'sibling')],
  ['son, stepson', r('child', 'son', 'he')],
  ['daughter, stepdaughter', r('child', 'daughter', 'she')],
  ['kid|kids|child|children|teenager|teen|toddler', r('child', 'child')],
  ['mother in law', r('in_law', 'mother-in-law', 'she')],
  ['father in law', r('in_law', 'father-in-law', 'he')],
  ['sister in law', r('in_law', 'sister-in-law', 'she')],
  ['brother in law', r('in_law', 'brother-in-law', 'he')],
  ['in law|laws, inlaws', r('in_law', 'in-laws')],
  ['aunt|auntie', r('relative', 'aunt', 'she')],
  ['uncle', r('relative', 'uncle', 'he')],
  ['cousin', r('relative', 'cousin')],
  [
    'grandma|grandmother|nan|nana|granny|grandpa|grandfather|granddad|grandparents|niece|nephew',
    r('relative', 'grandparent'),
  ],
  ['family, relatives', r('family', 'family')],
  // home
  ['roommate|flatmate|housemate|roommates|flatmates|housemates|suitemate', r('roommate', 'roommate')],
  [
    'neighbor|neighbour|neighbors|neighbours, next door, across the hall, upstairs neighbor|neighbour, downstairs neighbor|neighbour, the people|guy|woman|man|lady|family|couple upstairs|downstairs, apartment|flat above|below|upstairs|downstairs',
    r('neighbour', 'neighbour'),
  ],
  // others
  ['stranger, some guy|woman|man|lady|dude, random guy|woman|person', r('stranger', 'stranger')],
];

/** The library domain whose entries are written for each role. */
export const ROLE_DOMAIN: Record<Role, Domain> = {
  manager: 'work',
  coworker: 'work',
  direct_report: 'work',
  team: 'work',
  client: 'clients',
  customer: 'clients',
  contractor: 'clients',
  landlord: 'neighbours',
  tenant: 'neighbours',
  neighbour: 'neighbours',
  teacher: 'school',
  classmate: 'school',
  student: 'school',
  friend: 'friends',
  friend_group: 'friends',
  partner: 'partners',
  date: 'partners',
  ex: 'partners',
  parent: 'family',
  sibling: 'family',
  child: 'family',
  in_law: 'family',
  relative: 'family',
  family: 'family',
  roommate: 'roommates',
  stranger: 'general',
};

/** Family roles: "family" is its own relation even though the seed's context for it is relationship. */
export const FAMILY_ROLES = new Set<Role>(['parent', 'sibling', 'child', 'in_law', 'relative', 'family']);

/** How the analysis names each role for people ("direct report", "in-law"). */
export const ROLE_NAMES: Record<Role, string> = {
  manager: 'manager',
  coworker: 'coworker',
  direct_report: 'direct report',
  team: 'team',
  client: 'client',
  customer: 'customer',
  contractor: 'contractor',
  landlord: 'landlord',
  tenant: 'tenant',
  teacher: 'teacher',
  classmate: 'classmate',
  student: 'student',
  friend: 'friend',
  friend_group: 'friends',
  partner: 'partner',
  date: 'date',
  ex: 'ex',
  parent: 'parent',
  sibling: 'sibling',
  child: 'child',
  in_law: 'in-law',
  relative: 'relative',
  family: 'family',
  roommate: 'roommate',
  neighbour: 'neighbour',
  stranger: 'stranger',
};
