import { expect } from "vitest";
import type { Pillar, Viewer } from "../../packages/kit/src/index.ts";
import { TEST_KEYS, viewers } from "./viewers.ts";

/** What a viewer gets from a field: the value, a masked value, or null with a FORBIDDEN error. */
export type Expectation = "allow" | "mask" | "deny";

/** The columns of a role × field matrix: one viewer of each kind the rules tell apart. */
export const COLUMNS = [
  "public",
  "donor",
  "funder",
  "analyst",
  "analystPersonalData",
  "ownEditor",
  "otherEditor",
  "admin",
] as const;
export type Column = (typeof COLUMNS)[number];

/** One row: the expectation for every column, written out by hand (never derived from the rules under test). */
export type Row = Readonly<Record<Column, Expectation>>;

/** The viewer of a column in the subgraph of `pillar`; `funderRef` is the donor that funds the test's project. */
export function viewerFor(column: Column, pillar: Pillar, funderRef = "XM-DAC-FUNDER"): Viewer {
  switch (column) {
    case "public":
      return viewers.public;
    case "donor":
      return viewers.donor("XM-DAC-NOT-A-FUNDER");
    case "funder":
      return viewers.donor(funderRef);
    case "analyst":
      return viewers.analyst;
    case "analystPersonalData":
      return viewers.analystWithPersonalData;
    case "ownEditor":
      return viewers.editor(pillar);
    case "otherEditor":
      return viewers.editor(pillar === "formalization" ? "eradication" : "formalization");
    case "admin":
      return viewers.admin;
  }
}

/**
 * The columns whose viewers are shown a person's RUC as a pseudonym and may not pass the raw RUC back in a `@ruc`
 * argument: analysts without the personal-data grant. (Editors of another pillar are shown pseudonyms too, but
 * their own pillar's records show them raw RUCs, so they may pass either; denied viewers are refused before any
 * argument is read.) Written by hand, like the matrices.
 */
export const PASSES_PSEUDONYMS: ReadonlySet<Column> = new Set<Column>(["analyst"]);

/**
 * A RUC as the viewer of `column` passes it back, the way the gateway would: the `psn_…` pseudonym it was shown
 * for a person's RUC (prefix 10, 15 or 17), the RUC itself for a company's or for a viewer who may pass RUCs.
 */
export function rucAsPassedBy(column: Column, ruc: string): string {
  return PASSES_PSEUDONYMS.has(column) ? TEST_KEYS.pseudonyms.mask(ruc) : ruc;
}

/** A GraphQL response as the matrix reads it. */
export interface MatrixResult {
  data?: Record<string, unknown> | null;
  errors?: readonly {
    message: string;
    path?: readonly (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

function at(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/**
 * Asserts one cell: `allow` returns exactly `raw` (what an admin sees) with no error at the path; `mask` returns
 * something else that `isMasked` accepts and never `raw`; `deny` returns null with a FORBIDDEN error at the path
 * (or above it) and no trace of `raw` anywhere in the response.
 */
export function expectCell(
  result: MatrixResult,
  path: readonly (string | number)[],
  expectation: Expectation,
  raw: unknown,
  isMasked: (value: unknown) => boolean = () => true,
): void {
  const value = at(result.data, path);
  // Errors at the path or at an ancestor of it (a denied parent nulls its children).
  const errorsHere = (result.errors ?? []).filter(
    (error) =>
      error.path && error.path.length <= path.length && error.path.every((key, i) => key === path[i]),
  );
  const rawText = JSON.stringify(raw);
  switch (expectation) {
    case "allow":
      expect(errorsHere, `no error at ${path.join(".")}`).toEqual([]);
      expect(value).toEqual(raw);
      break;
    case "mask":
      expect(errorsHere).toEqual([]);
      expect(value).not.toEqual(raw);
      expect(value).not.toBeNull();
      expect(isMasked(value), `masked form of ${JSON.stringify(value)}`).toBe(true);
      if (typeof raw === "string" && raw.length > 3) expect(JSON.stringify(result)).not.toContain(raw);
      break;
    case "deny":
      expect(value ?? null).toBeNull();
      expect(errorsHere.map((error) => error.extensions?.["code"])).toContain("FORBIDDEN");
      if (raw !== null && raw !== undefined && rawText.length > 5)
        expect(JSON.stringify(result)).not.toContain(rawText);
      break;
  }
}

/** Initials as `NAME` masks write them: "J. C. P. Q.". */
export const looksLikeInitials = (value: unknown): boolean =>
  typeof value === "string" && /^(\p{Lu}\. ?)+$/u.test(value);

/** A RUC pseudonym. */
export const looksLikePseudonym = (value: unknown): boolean =>
  typeof value === "string" && /^psn_[A-Za-z0-9_-]+$/.test(value);
