// Is a failure the infrastructure's fault (retry until it comes back, never dead-letter the entry)
// or the entry's (count it; dead-letter after N attempts)? The first is a store outage (server/outage.ts).

import { isStoreOutage } from '../outage.ts';

export const isInfraError = isStoreOutage;

export const errorText = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  return `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}`.slice(0, 1000);
};
