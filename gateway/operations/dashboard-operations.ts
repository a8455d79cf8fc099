import { DATASETS_QUERY } from "./datasets-query.ts";
import { DONOR_QUERY, DONORS_QUERY } from "./donor-query.ts";
import { REGION_QUERY } from "./region-query.ts";
import { REGIONS_QUERY } from "./regions-query.ts";
import { TRENDS_QUERY } from "./trends-query.ts";
import { YEARS_QUERY } from "./years-query.ts";

/** Every operation text the dashboard can send: one per view, the trends from each part's `series`. */
export function dashboardOperations(): string[] {
  return [YEARS_QUERY, DATASETS_QUERY, REGIONS_QUERY, REGION_QUERY, TRENDS_QUERY, DONORS_QUERY, DONOR_QUERY];
}
