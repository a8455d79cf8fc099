import { DATASETS_QUERY } from "./datasets-query.ts";
import { DISTRICTS_QUERY } from "./districts-query.ts";
import { DONOR_QUERY, DONORS_QUERY } from "./donor-query.ts";
import { MONTHS_PER_REQUEST, monthsQuery } from "./months-query.ts";
import { REGION_QUERY } from "./region-query.ts";
import { REGIONS_QUERY } from "./regions-query.ts";
import { TRENDS_QUERY } from "./trends-query.ts";
import { YEARS_QUERY } from "./years-query.ts";

/**
 * Every operation text the dashboard can send. The monthly aliases (`monthsQuery`, one text per number of months)
 * are no longer sent (the detail's trends ask each pillar's `series`), but stay registered until the safelist's
 * test stops sending them.
 */
export function dashboardOperations(): string[] {
  const months = Array.from({ length: MONTHS_PER_REQUEST }, () => ({ from: "", to: "" }));
  const series = months.map((_, i) => monthsQuery(months.slice(0, i + 1)).query);
  return [
    YEARS_QUERY,
    DATASETS_QUERY,
    REGIONS_QUERY,
    DISTRICTS_QUERY,
    REGION_QUERY,
    TRENDS_QUERY,
    DONORS_QUERY,
    DONOR_QUERY,
    ...series,
  ];
}
