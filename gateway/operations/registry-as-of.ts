/**
 * The day REINFO's figures are asked as of for a period (`Region.formalization(asOf:)`): its last day, so a past
 * period shows the registry as it stood then, as the indicators' ratios count it; null (today, the API's
 * default) when the period ends today or later, since the registry knows nothing after today. Days are
 * `YYYY-MM-DD` in UTC, as the pillars date their records.
 */
export function registryAsOf(period: { to: string }, now: Date = new Date()): string | null {
  return period.to < now.toISOString().slice(0, 10) ? period.to : null;
}
