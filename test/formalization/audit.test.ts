import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";
import { registration, validRuc } from "./fixtures.ts";
import { useFormalization, type Result } from "./harness.ts";
import {
  ALLOWED_WRITERS,
  auditEntries,
  domainDigest,
  REFUSED_WRITERS,
  seedRecord,
  type AuditEntry,
} from "./trust-fixtures.ts";

const h = useFormalization();

/** Strings that appear only in the inputs of these tests: no audit entry may hold them. */
const DISTINCT_NAME = "ZAPATA QQUELCCA EUSEBIA";
const DISTINCT_REASON = "Motivo-inconfundible-7f3a";
const DISTINCT_RUC = validRuc("1049494949");

/** The audit digest: an HMAC-SHA256 of the decoded input under a key derived from the hub secret, in hex. */
const HMAC_SHA256 = /^[0-9a-f]{64}$/;

let serial = 0;
let attempts = 0;

interface Attempt {
  key: string;
  code: string;
  input: Record<string, unknown>;
  result: Result;
}

/** Each mutation, acting on a record of its own that an admin prepares first. */
const MUTATIONS: Record<
  string,
  { query: string; prepare?: "ACTIVE" | "EXCLUDED"; input: (code: string) => Record<string, unknown> }
> = {
  registerReinfoRecord: {
    query: `mutation($input: RegisterReinfoRecordInput!, $key: String!) {
      registerReinfoRecord(input: $input, idempotencyKey: $key) { code statusHistory { recordedBy } } }`,
    input: (code) =>
      registration({
        code,
        ruc: DISTINCT_RUC,
        minerName: DISTINCT_NAME,
        legalRepresentative: null,
        ubigeo: "211002",
      }),
  },
  changeReinfoStatus: {
    query: `mutation($input: ChangeReinfoStatusInput!, $key: String!) {
      changeReinfoStatus(input: $input, idempotencyKey: $key) { code statusHistory { recordedBy } } }`,
    prepare: "ACTIVE",
    input: (code) => ({ code, status: "SUSPENDED", reason: DISTINCT_REASON, legalBasis: "DS 018-2017-EM" }),
  },
  reinstateReinfoRecord: {
    query: `mutation($input: ReinstateReinfoRecordInput!, $key: String!) {
      reinstateReinfoRecord(input: $input, idempotencyKey: $key) { code statusHistory { recordedBy } } }`,
    prepare: "EXCLUDED",
    input: (code) => ({ code, reason: DISTINCT_REASON, legalBasis: "RD 0123-2025-MINEM/DGFM" }),
  },
};
const OPERATIONS = Object.keys(MUTATIONS);

function mutationOf(operation: string) {
  const mutation = MUTATIONS[operation];
  if (!mutation) throw new Error(`unknown mutation ${operation}`);
  return mutation;
}

/** A fresh registry code, with the record `operation` acts on prepared by an admin. */
async function prepare(operation: string): Promise<string> {
  const code = `REINFO-AU${String(++serial).padStart(4, "0")}`;
  const state = mutationOf(operation).prepare;
  if (state) await seedRecord(h, code, { ubigeo: "211002" }, state === "EXCLUDED" ? "EXCLUDED" : undefined);
  return code;
}

/** Attempts `operation` on `code` as `viewer`, under a key of its own. */
async function attempt(
  operation: string,
  viewer: Viewer,
  code: string,
  alter: (input: Record<string, unknown>) => Record<string, unknown> = (input) => input,
): Promise<Attempt> {
  const mutation = mutationOf(operation);
  // The key is stored as it is: it must not repeat an input value (the code), or the check below would trip.
  const key = `key-audit-attempt-${++attempts}`;
  const input = alter(mutation.input(code));
  const result = await h.run(mutation.query, { input, key }, viewer);
  return { key, code, input, result };
}

/** Asserts the one audit entry of an attempt, and that it holds none of the attempt's input values. */
async function expectAudited(
  { key, input }: Attempt,
  operation: string,
  viewer: Viewer,
  outcome: string,
  field: string | null = null,
): Promise<AuditEntry> {
  const entries = await auditEntries(h, key);
  expect(entries).toHaveLength(1);
  const [entry] = entries as [AuditEntry];
  expect(entry).toMatchObject({
    viewer: { id: viewer.id, role: viewer.role, pillar: viewer.pillar, donor: viewer.donor },
    operation,
    idempotencyKey: key,
    outcome,
    field,
  });
  expect(entry.inputDigest).toMatch(HMAC_SHA256);
  expect(entry.requestId).toMatch(/^test-\d+$/);
  expect(entry.at).toBeInstanceOf(Date);
  // The entry's own id and digest are random-looking hex (checked above by their shape): an input value as short
  // as a UBIGEO ("1701") can occur in them by chance, as it did when ids began with those digits one evening.
  const stored = JSON.stringify({ ...entry, _id: undefined, inputDigest: undefined });
  for (const value of Object.values(input))
    if (typeof value === "string" && value.length > 3 && value !== viewer.id)
      expect(stored).not.toContain(value);
  for (const secret of [DISTINCT_NAME, DISTINCT_REASON, DISTINCT_RUC]) expect(stored).not.toContain(secret);
  return entry;
}

beforeAll(async () => {
  // Something in the database from the start, so "unchanged" is a claim about data, not about an empty database.
  await seedRecord(h, "REINFO-AU-BASE", { ruc: validRuc("2050505050") });
});

describe("who may run the mutations", () => {
  describe.each(OPERATIONS)("%s", (operation) => {
    it.each(REFUSED_WRITERS)(
      "is refused to %s with FORBIDDEN, changes nothing, and is audited",
      async (_name, viewer) => {
        // Prepared before the digest: only the refused attempt itself is under test.
        const code = await prepare(operation);
        const before = await domainDigest(h);
        const auditBefore = await h.connection.collection("audit").countDocuments();
        const refused = await attempt(operation, viewer, code);
        expect(refused.result.data).toBeNull();
        expect(refused.result.errors?.map((e) => [e.path, e.extensions?.["code"]])).toEqual([
          [[operation], "FORBIDDEN"],
        ]);
        expect(await domainDigest(h)).toBe(before);
        expect(await h.connection.collection("audit").countDocuments()).toBe(auditBefore + 1);
        await expectAudited(refused, operation, viewer, "FORBIDDEN");
      },
    );

    it.each(ALLOWED_WRITERS)("is run by %s, recorded under their id, and audited", async (_name, viewer) => {
      const done = await attempt(operation, viewer, await prepare(operation));
      expect(done.result.errors).toBeUndefined();
      const written = done.result.data?.[operation] as {
        code: string;
        statusHistory: { recordedBy: string }[];
      };
      expect(written.code).toBe(done.code);
      expect(written.statusHistory.at(-1)?.recordedBy).toBe(viewer.id);
      await expectAudited(done, operation, viewer, "OK");
    });
  });
});

describe("the audit log", () => {
  it("records a refused input with BAD_USER_INPUT and the offending field", async () => {
    const editor = viewers.editor("formalization");
    const bad = await attempt(
      "registerReinfoRecord",
      editor,
      await prepare("registerReinfoRecord"),
      (input) => ({
        ...input,
        ubigeo: "1701",
      }),
    );
    expect(bad.result.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.ubigeo",
    });
    await expectAudited(bad, "registerReinfoRecord", editor, "BAD_USER_INPUT", "input.ubigeo");

    const badKey = `short`;
    const result = await h.run(mutationOf("changeReinfoStatus").query, {
      input: { code: "REINFO-AU-BASE", status: "SUSPENDED", reason: DISTINCT_REASON, legalBasis: "DS 1" },
      key: badKey,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    const [entry] = await auditEntries(h, badKey);
    expect(entry).toMatchObject({
      outcome: "BAD_USER_INPUT",
      field: "idempotencyKey",
      operation: "changeReinfoStatus",
    });
  });

  it("records NOT_FOUND and CONFLICT outcomes with their field", async () => {
    const admin = viewers.admin;
    const missing = await attempt("changeReinfoStatus", admin, "REINFO-NOPE");
    await expectAudited(missing, "changeReinfoStatus", admin, "NOT_FOUND", "input.code");
    const duplicate = await attempt("registerReinfoRecord", admin, "REINFO-AU-BASE");
    await expectAudited(duplicate, "registerReinfoRecord", admin, "CONFLICT", "input.code");
  });

  it("gives the same input the same digest and another input another, without storing either", async () => {
    const admin = viewers.admin;
    const input = {
      code: "REINFO-AU-NONE",
      status: "SUSPENDED",
      reason: DISTINCT_REASON,
      legalBasis: "DS 1",
    };
    const query = mutationOf("changeReinfoStatus").query;
    await h.run(query, { input, key: "key-digest-1" }, admin);
    await h.run(query, { input, key: "key-digest-2" }, admin);
    await h.run(query, { input: { ...input, reason: "Otro motivo" }, key: "key-digest-3" }, admin);
    const [first, second, third] = await Promise.all(
      ["key-digest-1", "key-digest-2", "key-digest-3"].map(async (key) => (await auditEntries(h, key))[0]),
    );
    expect(first?.inputDigest).toMatch(HMAC_SHA256);
    expect(second?.inputDigest).toBe(first?.inputDigest);
    expect(third?.inputDigest).not.toBe(first?.inputDigest);
  });

  it("records every attempt, including each retry under the same key", async () => {
    const editor = viewers.editor("formalization");
    const query = mutationOf("registerReinfoRecord").query;
    const input = registration({ code: "REINFO-AU-RETRY", ruc: DISTINCT_RUC, minerName: DISTINCT_NAME });
    for (let i = 0; i < 3; i++)
      expect((await h.run(query, { input, key: "key-audit-retry" }, editor)).errors).toBeUndefined();
    const entries = await auditEntries(h, "key-audit-retry");
    expect(entries.map((e) => e.outcome)).toEqual(["OK", "OK", "OK"]);
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(3);
  });
});
