// The coarse kinds of adjustment that learned refinement habits are counted in ("User increases
// assertiveness 70% of the time"). refine/intent.ts reads free wording and maps each request here.
export const ADJUSTMENT_KINDS = [
  'more_assertive', 'softer', 'shorter', 'longer', 'more_formal', 'more_casual',
  'add_specifics', 'less_apologetic', 'more_empathetic',
] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
