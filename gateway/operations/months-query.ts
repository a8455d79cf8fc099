/**
 * Months per request of the dashboard's monthly series: each month is an alias of `eradication(period:)`, and the
 * gateway refuses an operation with more than 15 aliases (`gateway/src/limits.ts`).
 */
export const MONTHS_PER_REQUEST = 12;

/**
 * One department's operations and value for each of `months` (at most `MONTHS_PER_REQUEST`), one alias each. The
 * text depends only on the number of months, so there are `MONTHS_PER_REQUEST` texts to register.
 */
export function monthsQuery(months: readonly { from: string; to: string }[]): {
  query: string;
  variables: Record<string, unknown>;
} {
  if (months.length > MONTHS_PER_REQUEST) throw new Error(`at most ${MONTHS_PER_REQUEST} months per request`);
  const declarations = months.map((_, i) => `$m${i}: PeriodInput!`).join(", ");
  const fields = months.map((_, i) => `m${i}: eradication(period: $m${i}) { operations value }`).join("\n");
  const query = `query DashboardMonths($ubigeo: ID!, ${declarations}) { region(ubigeo: $ubigeo) { ${fields} } }`;
  const variables = Object.fromEntries(months.map((m, i) => [`m${i}`, { from: m.from, to: m.to }]));
  return { query, variables };
}

/** What `monthsQuery` returns under `region`: `m0`, `m1`, … */
export type MonthFigures = Record<string, { operations: number; value: string } | null>;
