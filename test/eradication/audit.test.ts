import { beforeAll, describe, expect, it } from "vitest";
import { COLUMNS, viewerFor, type Column } from "../support/access-matrix.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { TABLE } from "./access-table.ts";
import {
  claim,
  office,
  operation,
  RECORD,
  RECORD_CLAIM,
  SET_VERIFICATION,
  UPDATE_CASELOAD,
  validRuc,
} from "./fixtures.ts";
import { useEradication, type AuditEntry, type Result } from "./harness.ts";

const h = useEradication();
const PILLAR = "eradication";
const editor = viewers.editor(PILLAR);

/** Values that must never reach the audit log, which keeps only a digest of the input. */
const DISTINCTIVE_NAME = "Operación Zafiro Escondido 7781";
const DISTINCTIVE_REFERENCE = "Informe reservado IR-7781-DIRMEAMB";
const PERSON = validRuc("1047781123");
const OFFICE = "FEMA-ZAFIRO-7781";

/** The audit digest: an HMAC-SHA256 of the decoded input under a key derived from the hub secret, in hex. */
const HMAC_SHA256 = /^[0-9a-f]{64}$/;

function operationInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return operation({
    name: DISTINCTIVE_NAME,
    targetRucs: [PERSON],
    source: { kind: "OFFICIAL_RECORD", reference: DISTINCTIVE_REFERENCE },
    ...overrides,
  });
}

function caseloadInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    officeId: OFFICE,
    prosecutors: 6,
    openCases: 777,
    closedCases: 1200,
    reportedOn: "2025-08-01",
    ...overrides,
  };
}

const DISTINCTIVE_CLAIM = "Se realizaron 7781 operaciones en la semana del zafiro";
let claimId = "";

interface Mutation {
  name:
    | "recordEnforcementOperation"
    | "updateProsecutorCaseload"
    | "recordReportedFigure"
    | "setReportedFigureVerification";
  document: string;
  input(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Strings of the input that identify it; none may be in an audit entry. */
  secrets: string[];
  /** Puts the data back where every attempt can succeed (a verdict cannot be set twice in a row). */
  reset?: () => Promise<void>;
}

const MUTATIONS: Mutation[] = [
  {
    name: "recordEnforcementOperation",
    document: RECORD,
    input: operationInput,
    secrets: [DISTINCTIVE_NAME, DISTINCTIVE_REFERENCE, PERSON],
  },
  { name: "updateProsecutorCaseload", document: UPDATE_CASELOAD, input: caseloadInput, secrets: [OFFICE] },
  {
    name: "recordReportedFigure",
    document: RECORD_CLAIM,
    input: (overrides = {}) => claim({ claim: DISTINCTIVE_CLAIM, ...overrides }),
    secrets: [DISTINCTIVE_CLAIM],
  },
  {
    name: "setReportedFigureVerification",
    document: SET_VERIFICATION,
    input: (overrides = {}) => ({
      id: claimId,
      verification: "INCONSISTENT",
      note: "Zafiro 7781: compared with the itemized figure",
      ...overrides,
    }),
    secrets: ["Zafiro 7781"],
    reset: async () => {
      await h.server.models.ReportedFigure.collection.updateOne(
        { id: claimId },
        { $set: { verification: "UNVERIFIED", verificationNote: null, verificationHistory: [] } },
      );
    },
  },
];

beforeAll(async () => {
  await h.server.models.Office.collection.insertOne(office(OFFICE, "170101", 4, 800));
  const recorded = await h.run(RECORD_CLAIM, { input: claim(), key: "audit-seed-claim" });
  if (recorded.errors) throw new Error(JSON.stringify(recorded.errors));
  claimId = (recorded.data?.recordReportedFigure as { id: string }).id;
});

async function onlyEntry(key: string): Promise<AuditEntry> {
  const entries = await h.audit({ idempotencyKey: key });
  expect(entries).toHaveLength(1);
  return entries[0] as AuditEntry;
}

function expectNoSecrets(entry: AuditEntry, secrets: readonly string[]): void {
  const text = JSON.stringify(entry);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

const ATTEMPTS = MUTATIONS.flatMap((mutation) =>
  COLUMNS.map((column): [string, Column, Mutation] => [mutation.name, column, mutation]),
);

describe("mutations", () => {
  it("are every mutation of the schema", () => {
    const ruled = [...h.server.rules.keys()].filter((key) => key.startsWith("Mutation.")).sort();
    expect(MUTATIONS.map((m) => `Mutation.${m.name}`).sort()).toEqual(ruled);
  });

  it.each(ATTEMPTS)(
    "%s as the %s viewer does what the table says, and the audit log records the attempt",
    async (name, column, mutation) => {
      const viewer = viewerFor(column, PILLAR);
      const expectation = TABLE[`Mutation.${name}`]?.[column];
      const key = `audit-${name}-${column}`;
      await mutation.reset?.();
      const before = await h.domainDigest();
      const auditBefore = (await h.audit()).length;
      const result: Result = await h.run(mutation.document, { input: mutation.input(), key }, viewer);
      const entry = await onlyEntry(key);
      expect(await h.audit()).toHaveLength(auditBefore + 1);
      expect(entry).toMatchObject({
        viewer: { id: viewer.id, role: viewer.role, pillar: viewer.pillar, donor: viewer.donor },
        requestId: expect.stringMatching(/^test-\d+$/),
        operation: name,
        inputDigest: expect.stringMatching(HMAC_SHA256),
        idempotencyKey: key,
        field: null,
      });
      expect(entry.at).toBeInstanceOf(Date);
      expectNoSecrets(entry, mutation.secrets);
      if (expectation === "allow") {
        expect(result.errors).toBeUndefined();
        expect(result.data?.[name]).toBeTruthy();
        expect(await h.domainDigest()).not.toBe(before);
        expect(entry.outcome).toBe("OK");
      } else {
        expect(expectation).toBe("deny");
        expect(result.data).toBeNull();
        expect(result.errors?.map((error) => error.extensions?.["code"])).toEqual(["FORBIDDEN"]);
        expect(await h.domainDigest()).toBe(before);
        expect(entry.outcome).toBe("FORBIDDEN");
      }
    },
  );

  it("refuses a viewer who may not write with FORBIDDEN before looking at the input", async () => {
    const before = await h.domainDigest();
    const result = await h.run(
      RECORD,
      { input: operationInput({ latitude: 10.5 }), key: "audit-forbidden-bad-input" },
      viewers.analyst,
    );
    expect(result.errors?.map((error) => [error.extensions?.["code"], error.extensions?.["field"]])).toEqual([
      ["FORBIDDEN", undefined],
    ]);
    expect(await h.domainDigest()).toBe(before);
    expect(await onlyEntry("audit-forbidden-bad-input")).toMatchObject({ outcome: "FORBIDDEN", field: null });
  });

  it("records a refused input as BAD_USER_INPUT with the offending field, and never the values", async () => {
    const result = await h.run(
      RECORD,
      { input: operationInput({ latitude: 10.5 }), key: "audit-bad-latitude" },
      editor,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.latitude" });
    const entry = await onlyEntry("audit-bad-latitude");
    expect(entry).toMatchObject({
      outcome: "BAD_USER_INPUT",
      field: "input.latitude",
      viewer: { id: editor.id },
    });
    expectNoSecrets(entry, [DISTINCTIVE_NAME, DISTINCTIVE_REFERENCE, PERSON]);
  });

  it("records an unknown office as NOT_FOUND and a reused key as CONFLICT, each with its field", async () => {
    await h.run(
      UPDATE_CASELOAD,
      { input: caseloadInput({ officeId: "FEMA-99-99" }), key: "audit-unknown-office" },
      editor,
    );
    expect(await onlyEntry("audit-unknown-office")).toMatchObject({
      outcome: "NOT_FOUND",
      field: "input.officeId",
    });
    const key = "audit-reused-key";
    const first = await h.run(RECORD, { input: operationInput({ date: "2025-05-05" }), key }, editor);
    expect(first.errors).toBeUndefined();
    const second = await h.run(RECORD, { input: operationInput({ date: "2025-05-06" }), key }, editor);
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    const entries = await h.audit({ idempotencyKey: key });
    expect(entries.map((entry) => [entry.outcome, entry.field])).toEqual([
      ["OK", null],
      ["CONFLICT", "idempotencyKey"],
    ]);
    expect(entries[0]?.inputDigest).not.toBe(entries[1]?.inputDigest);
  });

  it("digests the same input the same way, whoever sends it", async () => {
    const input = operationInput({ date: "2025-06-01" });
    await h.run(RECORD, { input, key: "audit-same-input-1" }, viewers.public);
    await h.run(RECORD, { input, key: "audit-same-input-2" }, viewers.admin);
    const [one, two] = [await onlyEntry("audit-same-input-1"), await onlyEntry("audit-same-input-2")];
    expect(one.inputDigest).toBe(two.inputDigest);
    expect([one.outcome, two.outcome]).toEqual(["FORBIDDEN", "OK"]);
  });

  it("digests targetRucs after decoding pseudonyms: a RUC and its pseudonym give the same digest", async () => {
    const pseudonym = TEST_KEYS.pseudonyms.mask(PERSON);
    const byRuc = operationInput({ date: "2025-06-02" });
    const byPseudonym = operationInput({ date: "2025-06-02", targetRucs: [pseudonym] });
    for (const [key, input] of [
      ["audit-target-ruc", byRuc],
      ["audit-target-pseudonym", byPseudonym],
    ] as const) {
      const result = await h.run(RECORD, { input, key }, editor);
      expect(result.errors, key).toBeUndefined();
      const op = result.data?.recordEnforcementOperation as { targetedOperators: { ruc: string }[] };
      expect(op.targetedOperators).toEqual([{ ruc: PERSON }]);
    }
    const [ruc, masked] = [await onlyEntry("audit-target-ruc"), await onlyEntry("audit-target-pseudonym")];
    expect(ruc.inputDigest).toMatch(HMAC_SHA256);
    expect(masked.inputDigest).toBe(ruc.inputDigest);
    expectNoSecrets(masked, [pseudonym, PERSON, DISTINCTIVE_NAME]);
    const other = await h.run(
      RECORD,
      {
        input: operationInput({ date: "2025-06-02", targetRucs: [validRuc("1047781124")] }),
        key: "audit-target-other",
      },
      editor,
    );
    expect(other.errors).toBeUndefined();
    expect((await onlyEntry("audit-target-other")).inputDigest).not.toBe(ruc.inputDigest);
  });

  it("treats a retry that names the target by its pseudonym as the same request under the same key", async () => {
    const key = "audit-retry-pseudonym";
    const first = await h.run(RECORD, { input: operationInput({ date: "2025-06-03" }), key }, editor);
    expect(first.errors).toBeUndefined();
    const before = await h.domainDigest();
    const retry = await h.run(
      RECORD,
      {
        input: operationInput({ date: "2025-06-03", targetRucs: [TEST_KEYS.pseudonyms.mask(PERSON)] }),
        key,
      },
      editor,
    );
    expect(retry).toEqual(first);
    expect(await h.domainDigest()).toBe(before);
    const entries = await h.audit({ idempotencyKey: key });
    expect(entries.map((entry) => entry.outcome)).toEqual(["OK", "OK"]);
    expect(entries[1]?.inputDigest).toBe(entries[0]?.inputDigest);
  });

  it("records the eradication editor as the author of what it writes", async () => {
    const result = await h.run(
      RECORD,
      { input: operationInput({ date: "2025-07-07" }), key: "audit-author" },
      editor,
    );
    const id = (result.data?.recordEnforcementOperation as { id: string }).id;
    const stored = await h.server.models.Operation.findOne({ id }).lean();
    expect(stored?.recordedBy).toBe(editor.id);
  });
});
