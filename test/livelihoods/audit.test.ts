import { describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";
import { UNDP } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";
import {
  applyWrites,
  auditEntries,
  domainDigest,
  MUTATION_NAMES,
  programmeWrites,
  runWrite,
  type Write,
} from "./trust-fixtures.ts";

const h = useLivelihoods();

/** Viewers who may not write livelihoods (the donor funds the projects, and still may not). */
const REFUSED: [string, Viewer][] = [
  ["public", viewers.public],
  ["donor", viewers.donor(UNDP)],
  ["analyst", viewers.analyst],
  ["analyst-personal-data", viewers.analystWithPersonalData],
  ["other-editor", viewers.editor("formalization")],
];
const EDITOR = viewers.editor("livelihoods");

/** The string values of an input (of 6 characters or more): none may be copied into the audit log. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return value.length >= 6 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** The one audit entry of `key`, checked for what every entry holds and for any copy of the input. */
async function theEntry(
  write: Write,
  key: string,
  viewer: Viewer,
  outcome: string,
): Promise<Record<string, unknown>> {
  const entries = await auditEntries(h, key);
  expect(entries, `one audit entry for ${key}`).toHaveLength(1);
  const entry = entries[0] as Record<string, unknown>;
  expect(entry).toMatchObject({
    viewer: { id: viewer.id, role: viewer.role, pillar: viewer.pillar, donor: viewer.donor },
    operation: write.mutation,
    idempotencyKey: key,
    outcome,
    field: null,
    requestId: expect.stringMatching(/^test-\d+$/),
    inputDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(entry["at"]).toBeInstanceOf(Date);
  // The viewer is who asked (a donor's reference may also be the project's funder): the rest must not copy input.
  const text = JSON.stringify({ ...entry, viewer: null });
  for (const value of strings(write.input))
    expect(text, `the audit entry copies ${value}`).not.toContain(value);
  return entry;
}

describe.each(MUTATION_NAMES.map((name, index) => [name, index] as const))("%s", (name, index) => {
  it("is refused to the public, donors, analysts and other pillars' editors, changing nothing, and audited", async () => {
    const writes = programmeWrites(`PE-AUD-${index}1`, `aud-${index}-editor`);
    await applyWrites(h, writes.slice(0, index));
    const write = writes[index] as Write;
    const before = await domainDigest(h);
    const digests = new Set<unknown>();
    for (const [column, viewer] of REFUSED) {
      const key = `${write.key}-by-${column}`;
      const result = await runWrite(h, { ...write, key }, viewer);
      expect(result.data).toBeNull();
      expect(result.errors?.map((e) => [e.path?.join("."), e.extensions?.["code"]])).toEqual([
        [name, "FORBIDDEN"],
      ]);
      digests.add((await theEntry(write, key, viewer, "FORBIDDEN"))["inputDigest"]);
    }
    expect(await domainDigest(h)).toBe(before);

    // The same input from this pillar's editor succeeds; its digest is the refused attempts' digest.
    const accepted = await runWrite(h, write, EDITOR);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.[name]).not.toBeNull();
    expect(await domainDigest(h)).not.toBe(before);
    digests.add((await theEntry(write, write.key, EDITOR, "OK"))["inputDigest"]);
    expect(digests.size).toBe(1);
  });

  it("succeeds for an admin, audited with the admin's id and role", async () => {
    const writes = programmeWrites(`PE-AUD-${index}2`, `aud-${index}-admin`);
    await applyWrites(h, writes.slice(0, index));
    const write = writes[index] as Write;
    const result = await runWrite(h, write, viewers.admin);
    expect(result.errors).toBeUndefined();
    expect(result.data?.[name]).not.toBeNull();
    await theEntry(write, write.key, viewers.admin, "OK");
  });
});

describe("the audit log", () => {
  it("records a refused input with its code and offending field, and no copy of the input", async () => {
    const [register] = programmeWrites("PE-AUD-BAD", "aud-bad");
    const write: Write = {
      mutation: "registerLivelihoodProject",
      input: { ...(register as Write).input, title: "   " },
      key: "aud-bad-title",
    };
    const result = await runWrite(h, write, EDITOR);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.title" });
    const [entry] = await auditEntries(h, write.key);
    expect(entry).toMatchObject({
      outcome: "BAD_USER_INPUT",
      field: "input.title",
      operation: write.mutation,
    });
    expect(JSON.stringify(entry)).not.toContain("Cacao fino de aroma");
  });

  it("records each retry of the same write as an attempt of its own", async () => {
    const writes = programmeWrites("PE-AUD-RETRY", "aud-retry");
    const register = writes[0] as Write;
    await runWrite(h, register, EDITOR);
    await runWrite(h, register, EDITOR);
    const entries = await auditEntries(h, register.key);
    expect(entries.map((e) => e["outcome"])).toEqual(["OK", "OK"]);
    expect(new Set(entries.map((e) => e["requestId"])).size).toBe(2);
  });
});
