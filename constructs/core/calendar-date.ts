/**
 * Calendar dates written as `YYYY-MM-DD` (UTC), as exceptions and attestations record them. Comparing two
 * such strings compares the days.
 */

/** True when `value` is a real calendar date written as YYYY-MM-DD (`2025-02-30` is not). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** `date` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD (UTC). */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The UTC day of `now`, as YYYY-MM-DD. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}
