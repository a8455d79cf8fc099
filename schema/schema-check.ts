import { readFileSync } from "node:fs";
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  type BreakingChange,
  type DangerousChange,
} from "graphql";
import { z } from "zod";

/** The public API schema as last composed and committed: the contract clients were given. */
export const API_SCHEMA_FILE = new URL("./api.graphql", import.meta.url);

/** Breaking changes that were deliberately accepted, each with the reason (see `AcknowledgedChanges`). */
export const ACKNOWLEDGED_CHANGES_FILE = new URL("./acknowledged-changes.json", import.meta.url);

const change = z.strictObject({
  /** graphql-js's `BreakingChangeType`, e.g. `FIELD_REMOVED`. */
  type: z.string().regex(/^[A-Z_]+$/),
  /** graphql-js's description of the change, verbatim, e.g. `Operator.name was removed.` */
  description: z.string().min(1),
  /** Why the break is acceptable: who was told, what replaces it, since when it was deprecated. */
  reason: z.string().min(10),
  /** When it was acknowledged, `YYYY-MM-DD`. */
  date: z.iso.date(),
});

const file = z.strictObject({
  /** Acknowledged breaking changes between `schema/api.graphql` and the subgraphs' SDL, not yet composed. */
  pending: z.array(change),
  /** Acknowledged breaking changes that `npm run compose` has written into `schema/api.graphql`: the record. */
  landed: z.array(change.extend({ landed: z.iso.date() })),
});

/** One acknowledged breaking change. */
export type AcknowledgedChange = z.infer<typeof change>;

/**
 * `schema/acknowledged-changes.json`: `pending` entries let one breaking change through the schema check and
 * `npm run compose`; compose then moves them to `landed`, which is kept as the record of every break.
 */
export type AcknowledgedChanges = z.infer<typeof file>;

/** Reads and validates `schema/acknowledged-changes.json`; throws naming the offending entry. */
export function readAcknowledgedChanges(url: URL = ACKNOWLEDGED_CHANGES_FILE): AcknowledgedChanges {
  const parsed = file.safeParse(JSON.parse(readFileSync(url, "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`${url.pathname} is invalid: ${issues}`);
  }
  return parsed.data;
}

/** What changed between the committed API schema and the one composed now, judged against the acknowledgements. */
export interface SchemaCheck {
  breaking: readonly BreakingChange[];
  /** Changes that break no valid operation but may change what a client sees (a new enum value, a default). */
  dangerous: readonly DangerousChange[];
  /** Breaking changes no pending acknowledgement names: the check fails on any. */
  unacknowledged: readonly BreakingChange[];
  /** Pending acknowledgements that name no current breaking change: the check fails on any. */
  stale: readonly AcknowledgedChange[];
  ok: boolean;
}

const same = (a: { type: string; description: string }, b: { type: string; description: string }) =>
  a.type === b.type && a.description === b.description;

/**
 * Compares the committed API schema (`before`) with the one composed now (`after`) with graphql-js's
 * `findBreakingChanges` and `findDangerousChanges`. Every breaking change must be acknowledged by a pending
 * entry, and every pending entry must still name a breaking change (a stale one would let a later, different
 * break with the same description through unread).
 */
export function checkSchema(
  before: string,
  after: string,
  acknowledged: readonly AcknowledgedChange[],
): SchemaCheck {
  const old = buildSchema(before);
  const now = buildSchema(after);
  const breaking = findBreakingChanges(old, now);
  const dangerous = findDangerousChanges(old, now);
  const unacknowledged = breaking.filter((c) => !acknowledged.some((a) => same(a, c)));
  const stale = acknowledged.filter((a) => !breaking.some((c) => same(a, c)));
  return {
    breaking,
    dangerous,
    unacknowledged,
    stale,
    ok: unacknowledged.length === 0 && stale.length === 0,
  };
}

/** The failure message of a check: each offending change, and exactly what to do about it. */
export function explainSchemaCheck(check: SchemaCheck): string {
  const lines: string[] = [];
  if (check.unacknowledged.length > 0) {
    lines.push(
      `${check.unacknowledged.length} breaking change(s) to the public API schema (schema/api.graphql):`,
      ...check.unacknowledged.map((c) => `  - ${c.type}: ${c.description}`),
      "",
      "Clients built against the committed schema would break. Prefer a non-breaking change: keep the old field,",
      'argument or enum value, mark it `@deprecated(reason: "Use … instead.")` and add the new one beside it.',
      "If the break is intended, acknowledge each change in schema/acknowledged-changes.json under `pending`:",
      ...check.unacknowledged.map(
        (c) =>
          `  ${JSON.stringify({ type: c.type, description: c.description, reason: "<why this break is acceptable>", date: "<YYYY-MM-DD>" })}`,
      ),
      "then run `npm run compose` (it writes schema/api.graphql and moves the entries to `landed`).",
    );
  }
  if (check.stale.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(
      `${check.stale.length} pending acknowledgement(s) in schema/acknowledged-changes.json name no current breaking change:`,
      ...check.stale.map((a) => `  - ${a.type}: ${a.description}`),
      "Remove them: the change they acknowledge is no longer made (it was reverted, or it is now a different",
      "change: acknowledge that one instead, with the type and description printed above).",
    );
  }
  return lines.join("\n");
}
