// The reply library, read once on first use, with the lookups the coach needs.
import { readLibrary, type Behaviour } from './load.ts';
import type { Role } from './schema.ts';

export interface Library {
  behaviours: readonly Behaviour[];
  byKey: ReadonlyMap<string, Behaviour>;
  /** General entries by key ("general.self", "work.general_manager"). */
  general: ReadonlyMap<string, Behaviour>;
  /** The general entry written for each role. */
  generalByRole: ReadonlyMap<Role, Behaviour>;
  /** Replies true to any situation, for when nothing about it is clear. */
  unclear: Behaviour;
}

let cached: Library | undefined;

export function library(): Library {
  if (cached) return cached;
  // The wording lint runs in the tests and `scripts/check-library.ts`; start-up only validates the shape.
  const behaviours = readLibrary(undefined, { lint: false });
  const byKey = new Map(behaviours.map((b) => [b.key, b]));
  const general = new Map(behaviours.filter((b) => b.general).map((b) => [b.key, b]));
  const generalByRole = new Map<Role, Behaviour>();
  for (const b of general.values())
    for (const r of b.roles) if (!generalByRole.has(r) && b.domain !== 'general') generalByRole.set(r, b);
  const unclear = byKey.get('general.unclear');
  if (!unclear) throw new Error('scenarios/library/general.json must define the "unclear" entry');
  cached = { behaviours, byKey, general, generalByRole, unclear };
  return cached;
}
