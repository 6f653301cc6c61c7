// Weighted context cues. Weights: ~3 = a role that settles the context on its own ("my boss"),
// ~2 = a strong setting cue ("performance review"), ~1 = a hint that only counts alongside others.
// `role` marks people the writer can talk to; behaviour.ts uses it to name the counterpart.
import type { Context } from '../../../machines/domain/types.ts';

export interface ContextCue {
  context: Context;
  weight: number;
  /** How to refer to this person in explanations ("your coworker"); absent for non-people. */
  role?: string;
}

const W = (weight: number, role?: string): ContextCue => ({ context: 'work', weight, role });
const F = (weight: number, role?: string): ContextCue => ({ context: 'friendship', weight, role });
const R = (weight: number, role?: string): ContextCue => ({ context: 'relationship', weight, role });

export const CONTEXT_CUES: ReadonlyArray<readonly [string, ContextCue]> = [
  // work: people
  ['boss', W(3, 'boss')], ['manager', W(3, 'manager')], ['supervisor', W(3, 'supervisor')],
  ['coworker|co-worker|cowork', W(3, 'coworker')], ['co worker', W(3, 'coworker')], ['colleague', W(3, 'colleague')],
  ['teammate', W(2.5, 'teammate')], ['team lead|leader', W(3, 'team lead')], ['tech lead', W(3, 'tech lead')],
  ['client', W(2.5, 'client')], ['customer', W(2, 'customer')], ['hr', W(3)], ['human resources', W(3)],
  ['direct report', W(3, 'direct report')], ['report to', W(2)], ['intern', W(2.5, 'intern')],
  ['employee', W(2.5, 'employee')], ['employer', W(3)], ['ceo|cto|cfo|vp', W(3)], ['director', W(2, 'director')],
  ['business partner', W(3, 'business partner')], ['cofounder|co-founder', W(3, 'co-founder')],
  ['stakeholder', W(2.5, 'stakeholder')], ['vendor|contractor|freelancer', W(2)], ['recruiter', W(2.5)],
  ['work friend', W(2, 'colleague')], ['friend from work', W(2, 'colleague')], ['new hire', W(3, 'new hire')],
  ['mentor', W(1.5, 'mentor')], ['landlord', W(1)], ['professor', W(1.5, 'professor')],
  // work: settings and things
  ['standup|stand-up', W(3)], ['stand up meeting', W(3)], ['sprint', W(2)], ['deadline', W(2)],
  ['promotion', W(2.5)], ['promote', W(2)], ['salary|paycheck|payroll', W(2.5)], ['raise', W(0.8)],
  ['slack', W(1.5)], ['slack message|channel', W(2.5)], ['meeting', W(1.5)], ['team meeting', W(2.5)],
  ['office', W(2)], ['workplace', W(3)], ['work', W(1.5)], ['at work', W(2.5)], ['job', W(2)], ['career', W(2)],
  ['project', W(1.5)], ['shift', W(1.5)], ['overtime', W(2.5)], ['workload', W(3)], ['task', W(1.2)],
  ['performance review', W(3)], ['review', W(0.8)], ['feedback', W(1)], ['presentation', W(1.5)],
  ['report', W(1)], ['email', W(0.8)], ['company', W(2)], ['department', W(2)], ['team', W(1.2)],
  ['deliverable', W(2.5)], ['quarter|quarterly', W(2)], ['kpi|okr', W(3)], ['budget', W(1)],
  ['interview', W(1.5)], ['hire|hiring', W(1.5)], ['fire|fired', W(1)], ['layoff, laid off', W(2.5)],
  ['credit for my work', W(2)], ['credit for my idea', W(1.5)], ['one on one, 1:1', W(2)], ['pto, vacation day', W(2)],
  ['sick day', W(1.5)], ['micromanage', W(3)], ['code review, pull request', W(2.5)], ['ticket', W(1)], ['jira', W(3)],
  ['contract', W(1)], ['invoice', W(2.5)], ['professional', W(1)], ['cubicle|desk', W(1.5)],
  ['lunch break', W(1.5)], ['onboarding', W(2.5)],

  // friendship: people
  ['friend', F(3, 'friend')], ['best friend', F(3.5, 'best friend')], ['close friend', F(3.5, 'friend')],
  ['old friend', F(3.5, 'friend')], ['childhood friend', F(3.5, 'friend')], ['buddy|pal|bestie|bff', F(3, 'friend')],
  ['roommate|flatmate|housemate', F(3, 'roommate')], ['classmate', F(2, 'classmate')], ['neighbor|neighbour', F(1.5, 'neighbour')],
  ['friend group', F(3.5)], ['group of friend', F(3.5)], ['mate', F(1)], ['teammate on my soccer|basketball', F(2)],
  // friendship: settings
  ['group chat', F(3)], ['hangout', F(2.5)], ['hang out', F(2.5)], ['hang', F(1)], ['birthday party', F(2)],
  ['party', F(1.5)], ['game night', F(2.5)], ['brunch', F(1.5)], ['sleepover', F(2.5)], ['road trip', F(1.5)],
  ['plan', F(1)], ['invite', F(1.2)], ['bail', F(1.5)], ['flake', F(2)], ['ghost', F(1.2)],
  ['friendship', F(3)], ['bridesmaid, maid of honor, best man', F(2)], ['split the bill|check', F(1.5)],
  ['borrow', F(0.8)], ['lend', F(0.8)], ['rent', F(0.8)], ['our apartment|flat', F(0.8)], ['dorm', F(2)],
  ['soccer|football|basketball|volleyball|hockey|softball|rugby|bowling team', F(3)], ['book club, running club, gym, practice, league', F(1.5)],
  ['concert', F(1)], ['text', F(0.5)], ['left out', F(1)], ['catch up', F(1)],

  // relationship: partners
  ['partner', R(3, 'partner')], ['boyfriend|bf', R(3.5, 'boyfriend')], ['girlfriend|gf', R(3.5, 'girlfriend')],
  ['husband|hubby', R(3.5, 'husband')], ['wife', R(3.5, 'wife')], ['spouse', R(3.5, 'spouse')],
  ['fiancé', R(3.5, 'fiancé')], ['ex', R(3, 'ex')], ['ex husband|wife|boyfriend|girlfriend|partner', R(3.5, 'ex')],
  ['significant other', R(3.5, 'partner')], ['date night', R(3)], ['anniversary', R(3)], ['moving in', R(2.5)],
  ['move in together', R(3)], ['moved in together', R(3)], ['wedding', R(2)], ['marriage|married', R(3)],
  ['dating', R(2.5)], ['date', R(1)], ['first date', R(3)], ['relationship', R(2)], ['romantic', R(2.5)],
  ['breakup|break-up', R(3)], ['break up', R(3)], ['cheat', R(2.5)], ['affair', R(2.5)], ['engaged|engagement', R(2.5)],
  ['honeymoon', R(3)], ['intimacy|intimate|sex', R(2.5)], ['affection', R(2)], ['i love you', R(2)], ['love', R(1)],
  ['jealous', R(0.8)], ['divorce', R(3)], ['in law', R(3, 'in-laws')], ['couple', R(2)], ['couples therapy', R(3)],
  // relationship: family
  ['mom|mum|mother|mommy', R(2.5, 'mom')], ['dad|father|daddy', R(2.5, 'dad')], ['parent', R(2.5, 'parents')],
  ['sister', R(2.5, 'sister')], ['brother', R(2.5, 'brother')], ['sibling', R(2.5, 'sibling')],
  ['son', R(2.5, 'son')], ['daughter', R(2.5, 'daughter')], ['kid|child', R(1.5)], ['family', R(2)],
  ['aunt', R(2.5, 'aunt')], ['uncle', R(2.5, 'uncle')], ['cousin', R(2, 'cousin')], ['grandma|grandmother|grandpa|grandfather', R(2.5, 'grandparent')],
  ['stepmom|stepdad|stepmother|stepfather|stepson|stepdaughter', R(2.5, 'step-parent')], ['niece|nephew', R(2)],
  ['mother in law', R(3.5, 'mother-in-law')], ['father in law', R(3.5, 'father-in-law')], ['sister|brother in law', R(3.5, 'in-law')],
  ['thanksgiving|christmas|holiday', R(0.8)], ['household|home', R(0.6)], ['chore', R(1)], ['dishes|laundry', R(0.6)],
  ['our kid|child|son|daughter', R(3)],

  // work: occupations and colleagues named by job ("the charge nurse", "another engineer")
  ['nurse,charge nurse,head nurse', W(2, 'colleague')], ['doctor|physician|resident', W(0.8)], ['surgeon|paramedic|pharmacist|technician|tech', W(1.5, 'colleague')],
  ['teacher', W(1.5, 'colleague')], ['principal,headteacher,vice principal', W(2.5, 'principal')], ['substitute,sub teacher', W(1.5)], ['ta,teaching assistant', W(2, 'colleague')],
  ['barista|bartender|server|waiter|waitress|cashier|host|hostess|busser|dishwasher', W(1.5, 'colleague')],
  ['engineer|developer|dev|programmer|designer|analyst|consultant|accountant|paralegal|associate|architect', W(1.8, 'colleague')],
  ['chef,head chef,sous chef,line cook,cook', W(1.8, 'colleague')], ['foreman,crew lead,site manager', W(3, 'foreman')],
  ['shift lead,shift manager,shift supervisor,floor manager,store manager,office manager,general manager,line manager', W(3.5, 'manager')],
  ['sales rep,rep,account manager,recruiter,hiring manager', W(2.5, 'colleague')], ['receptionist|secretary|assistant|clerk|dispatcher|driver', W(1.2, 'colleague')],
  ['staff|staffer|personnel|workforce', W(2)], ['management', W(2.5)], ['senior dev,senior engineer,senior developer', W(3, 'colleague')],
  ['product owner,product manager,project manager,pm,scrum master', W(3, 'manager')], ['department head,head of department,dean', W(2.5, 'department head')],
  ['patients,a patient,the patient,my patient', W(2.5)], ['students,my student,my class,classroom,lesson plan,grading,curriculum', W(2.5)],
  ['customers|clients|guests', W(2)], ['co-host|cohost', W(1.5)], ['crew', W(1)], ['i work', W(2.5)], ['work at|for|as', W(2)],
  // work: settings, routines and jargon
  ['on call,on-call', W(3)], ['clock in|out', W(3)], ['closing|opening shift, close|open alone', W(2)], ['double shift,night shift,day shift,shifts', W(3)],
  ['rota|roster', W(2.5)], ['schedule', W(0.6)], ['time off,day off,annual leave,leave request', W(2)], ['write up,written up,wrote me up', W(3)],
  ['appraisal,evaluation,performance plan,pip', W(2.5)], ['all hands,all-hands,town hall', W(2.5)], ['reorg|restructuring|merger|acquisition', W(2.5)],
  ['tenure|committee|faculty', W(2)], ['teams,zoom call,video call,calendar invite,calendar', W(1.2)], ['pr,pr review,merge,merged,codebase,deploy,repo,bug,incident', W(2)],
  ['scope|requirement|roadmap|launch|release', W(1.5)], ['lead|leads|quota|commission|pipeline|pitch', W(1.2)], ['bonus,pay gap,pay rise,pay raise,wage,wages', W(2.5)],
  ['hours', W(0.8)], ['cut my hours', W(3)], ['warehouse,factory,plant,loading dock,stockroom', W(2.5)], ['store,shop floor,register,till', W(1.2)],
  ['restaurant,cafe,café,kitchen staff,front of house,dinner rush,tips', W(1.2)], ['hospital|clinic|ward|rounds|unit|er', W(1.5)],
  ['school', W(0.6)], ['daycare|nursery', W(1.2)], ['dispatch|route|delivery|deliveries', W(1.5)], ['firm|agency|startup|org|organisation|organization', W(1.8)],
  ['brief|revisions|deliver|invoices|retainer|rate', W(1.2)], ['expense,expense report,reimbursement,accounting,legal,it department', W(2)],
  ['board meeting,the board', W(2)], ['sync,syncs,focus time', W(1.5)], ['planning', W(0.5)], ['replacement,train my replacement', W(1.5)],
  ['short staffed,short-staffed,understaffed,coverage', W(2.5)], ['cover for', W(1)], ['culture fit,managed out,let go,resign,resignation,notice period,two weeks notice', W(2.5)],
  ['job offer,offer letter,contract renewal', W(2.5)], ['the floor', W(1)], ['handoff|handover', W(1.5)], ['duties', W(1.5)], ['colleagues|coworkers', W(2.5)],

  // friendship: groups, activities, online and shared homes
  ['the group,our group,my group', F(2)], ['group', F(0.8)], ['the girls,the guys,the boys,the lads,the gang', F(2)], ['squad|crew', F(1)],
  ['discord,server,guild,clan,raid,lobby,gaming,online friend,xbox,playstation,twitch', F(2)], ['game|games', F(0.8)],
  ['trivia,pub quiz,poker,board game,d&d,dnd,campaign,karaoke', F(2)], ['rec league,pickup basketball,pickup game,five a side,intramural,league', F(2.5)],
  ['bachelor party,bachelorette,stag do,hen do,stag,hen party', F(2.5)], ['groomsman|groomsmen|bride|groom', F(1.8)], ['plus one,plus-one', F(1.5)],
  ['housewarming,reunion,festival,gallery opening,opening night', F(1.8)], ['trip,vacation,holiday together', F(1)], ['airbnb,beach house,cabin,hostel,campsite', F(1.8)],
  ['drinks|bar|pub|club', F(1)], ['go out for drinks', F(2)], ['coffee', F(0.5)], ['college,uni,university,high school,kindergarten,grad school', F(0.8)],
  ['we met', F(1)], ['inside joke', F(2.5)], ['reach out,reaches out', F(1.2)], ['venmo,my share,her share,his share,their share,split,evenly', F(1.5)],
  ['uber|ride', F(0.5)], ['pet sit,pet-sit,dog sit,house sit,babysit', F(1)], ['designated driver', F(2)], ['climbing gym,running club,book club,choir,band', F(2.5)],
  ['church|mosque|synagogue|temple', F(0.8)], ['pottery|yoga|dance|salsa|spin|art|cooking|painting|improv|language class', F(2)], ['concert together,festival together,trip together', F(2)], ['mlm', F(1.5)], ['instagram,insta,social media,story,stories', F(0.3)], ['friends', F(1)],
  ['roommates|flatmates|housemates', F(3, 'roommate')], ['our lease,the lease,utility,utilities,bills', F(1.2)], ['moved cities,back home', F(1)],

  // relationship: dating, partners, family life
  ['dating app,hinge,bumble,tinder,okcupid,grindr,raya', R(3.5)], ['matched', R(2)], ['situationship,talking stage', R(4)], ['seeing each other', R(3)],
  ['been seeing,i am seeing,i\'m seeing,started seeing', R(3)], ['talking to', R(0.5)], ['label,define the relationship,exclusive', R(2)],
  ['together for,been together,we are together,got together', R(3.5)], ['started dating,began dating,been dating', R(4)],
  ['proposed to me,he proposed,she proposed,proposal ring,propose', R(2)], ['valentine|valentines', R(3)], ['our wedding,my wedding', R(3)], ['wedding', R(1)],
  ['baby,pregnant,pregnancy,ivf,fertility,trying for a baby,baby shower,newborn', R(2.5)], ['the baby,our baby,my baby', R(3)],
  ['our kids,the kids,my kids,our children,the children', R(3.5)], ['kids|children', R(1.5)], ['teenage|teenager|toddler', R(2)],
  ['custody,child support,visitation,co parent,coparent,co-parent,pickup time,drop off,handover weekend', R(3.5)], ['parenting,raise our kids,bedtime', R(2.5)],
  ['twin,stepsister,stepbrother,half sister,half brother,stepkid,stepkids,stepchild,stepchildren,stepmom,stepmum,stepdad', R(2.5, 'family member')],
  ['grandparents|grandkids|grandchildren|grandson|granddaughter|nana|granny|gran|grandad|grandpa', R(2.5, 'grandparent')], ['parents', R(2.5, 'parents')],
  ['family dinner,family event,family gathering,family reunion,sunday lunch,sunday dinner,thanksgiving dinner', R(2.5)], ['christmas|easter|diwali|eid|passover', R(1.2)],
  ['lives at home,live at home,moved back home,move out,moved out', R(1.2)], ['long distance', R(3)], ['single', R(1)], ['come out,coming out,gay,lesbian,queer,trans', R(1)],
  ['meet my family,meet her parents,meet his parents,meet my parents,met my family,meet my mom,meet my mum,introduce me to', R(2.5)],
  ['husbands|wives|spouses', R(1.5)], ['my ex', R(3, 'ex')], ['his ex,her ex', R(1.5)], ['open relationship,monogamy,polyamory', R(3)], ['first fight,our fight', R(2)],
  ['in-laws|inlaws', R(3, 'in-laws')], ['family', R(2)],
];

/** Compounds where a role noun means something else ("business partner", "working relationship"). */
export const CONTEXT_OVERRIDES: ReadonlyArray<readonly [string, ContextCue]> = [
  ['working relationship', W(3)], ['work relationship', W(3)], ['relationship with my boss|manager|client|coworker|colleague', W(2)],
  ['partner company|agency|firm', W(2)], ['project partner', W(3, 'partner')], ['family business', W(1)],
  ['friend of the family', F(2, 'family friend')], ['family friend', F(2.5, 'family friend')], ['due date', W(1)], ['start date', W(1)], ['friendly', F(0.3)], ['boyfriend|girlfriend|husband|wife of my friend', F(1.5)],
  ['ex boss|manager|coworker|colleague|employer', W(3, 'former colleague')], ['ex friend', F(3, 'former friend')],
  ['concert ticket,festival ticket,concert tickets,festival tickets', F(1.5)], ['soccer|football|basketball|volleyball|hockey|rugby league, rec league', F(3)],
  ['teammate on|from my soccer|football|basketball|volleyball|hockey|rugby|softball|league|club', F(2)], ['team dinner,team lunch,team building', W(2)],
  ['friend from work,friends from work,friend at work,friends at work', W(2.5, 'colleague')], ['work friend,work friends,work wife,work husband', W(2, 'colleague')],
  ['family member', R(2, 'family member')], ['patient with', F(0)], ['be patient,being patient,so patient,more patient', F(0)],
  ['host the party,host a party,hosting the party,book club host', F(1.5)], ['server rack,server outage,the server is down', W(2)],
  ['girls night,girls\' night,guys night,boys night,girls trip,guys trip', F(3)], ['work trip,business trip,offsite,conference', W(2.5)],
  ['my kids\' dad,the kids\' dad,our kids\' dad,my kids\' mom,the kids\' mom', R(3.5, 'co-parent')],
];
