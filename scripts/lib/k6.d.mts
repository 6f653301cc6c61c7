export const K6_VERSION: string;
/** The k6 binary, building it with Go when `build` (default) and Go is present; null when it can't be had. */
export function ensureK6(opts?: { build?: boolean }): string | null;
