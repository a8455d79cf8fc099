/**
 * Surfaces are stored as whole ares (1 ha = 100 a, the hectare's hundredth): exact, summable by `$inc` and
 * `$sum`, and shown as hectares with two decimals. A float such as 0.1 + 0.2 never reaches a counter.
 */
export type Ares = number;

/** 1234.56 ha → 123456 a. Call only on values that passed {@link hasAtMostTwoDecimals}. */
export function hectaresToAres(hectares: number): Ares {
  return Math.round(hectares * 100);
}

/** 123456 a → 1234.56 ha (the nearest double, which prints with at most two decimals). */
export function aresToHectares(ares: Ares): number {
  return ares / 100;
}

/** True when a hectare figure has at most two decimals (allowing for the float's representation error). */
export function hasAtMostTwoDecimals(hectares: number): boolean {
  const hundredths = hectares * 100;
  return Number.isFinite(hundredths) && Math.abs(hundredths - Math.round(hundredths)) < 1e-6;
}
