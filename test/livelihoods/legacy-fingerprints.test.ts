import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  changeEnrollmentInput,
  registerInput,
  reportBeneficiariesInput,
} from "../../subgraphs/livelihoods/src/inputs.ts";
import { CHANGE_STATUS, ENROLL, projectInput, REGISTER, UNDP, validRuc } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();

const A = `${UNDP}-PE-T-0001`;
const RUC = validRuc("1044134852");

/**
 * The fingerprint livelihoods stored before it used the kit's `requestHash`, copied as it was (commit
 * d0ddeac, `subgraphs/livelihoods/src/idempotency.ts`): written out here so that the test checks the stored
 * form itself, not the subgraph's own reading of it.
 */
function oldFingerprint(kind: string, input: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined && v !== null)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, canonical(v)]),
      );
    }
    return value;
  };
  return createHash("sha256")
    .update(JSON.stringify([kind, canonical(input)]))
    .digest("base64url")
    .slice(0, 22);
}

/** An input as the subgraph receives it from GraphQL: `Date` arguments (`YYYY-MM-DD`) arrive as dates. */
function coerced(value: unknown): unknown {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00.000Z`);
  if (Array.isArray(value)) return value.map(coerced);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerced(v)]));
  }
  return value;
}

/** Rewrites a project's logged write to carry its fingerprint in the old form, as one logged before would. */
async function storeOldProjectFingerprint(key: string, fingerprint: string): Promise<void> {
  await h.server.models.Project.updateOne(
    { iatiIdentifier: A, "writes.key": key },
    { $set: { "writes.$.fingerprint": fingerprint } },
  );
  const project = await h.server.models.Project.findOne({ iatiIdentifier: A }).lean();
  expect(project?.writes.find((write) => write.key === key)?.fingerprint).toBe(fingerprint);
}

async function revision(): Promise<number | undefined> {
  return (await h.server.models.Project.findOne({ iatiIdentifier: A }).lean())?.revision;
}

const BENEFICIARIES = /* GraphQL */ `
  mutation ($input: ReportBeneficiariesInput!, $key: String!) {
    reportBeneficiaries(input: $input, idempotencyKey: $key) {
      beneficiaries {
        total
      }
    }
  }
`;

const CHANGE_ENROLLMENT = /* GraphQL */ `
  mutation ($input: ChangeEnrollmentStatusInput!, $key: String!) {
    changeEnrollmentStatus(input: $input, idempotencyKey: $key) {
      status
      statusHistory {
        status
      }
    }
  }
`;

describe("idempotency keys whose fingerprint was stored in the old form", () => {
  it("replays a registration retried with the same input, and refuses another registration under its key", async () => {
    const input = projectInput();
    await h.ok(REGISTER, { input, key: "legacy-register-A" });
    const old = oldFingerprint("registerLivelihoodProject", registerInput.parse(coerced(input)));
    await storeOldProjectFingerprint("legacy-register-A", old);

    const again = await h.run(REGISTER, { input, key: "legacy-register-A" });
    expect(again.errors).toBeUndefined();
    expect((again.data?.registerLivelihoodProject as { iatiIdentifier: string }).iatiIdentifier).toBe(A);
    expect(await h.server.models.Project.countDocuments()).toBe(1);

    const other = await h.run(REGISTER, {
      input: projectInput({ localId: "PE-T-0099" }),
      key: "legacy-register-A",
    });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await h.server.models.Project.countDocuments()).toBe(1);
  });

  it("replays a project write retried with the same input without writing again, and refuses a different input", async () => {
    const input = { iatiIdentifier: A, beneficiaries: { total: 640, women: 300, formerMiners: 210 } };
    await h.ok(BENEFICIARIES, { input, key: "legacy-benef-0001" });
    await storeOldProjectFingerprint(
      "legacy-benef-0001",
      oldFingerprint("reportBeneficiaries", reportBeneficiariesInput.parse(input)),
    );
    const before = await revision();

    const again = await h.run(BENEFICIARIES, { input, key: "legacy-benef-0001" });
    expect(again.errors).toBeUndefined();
    expect(again.data?.reportBeneficiaries).toEqual({ beneficiaries: { total: 640 } });
    expect(await revision()).toBe(before);

    const changed = { ...input, beneficiaries: { total: 700, women: 300, formerMiners: 210 } };
    const other = await h.run(BENEFICIARIES, { input: changed, key: "legacy-benef-0001" });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await revision()).toBe(before);

    // The old form names its kind too: the key cannot replay another kind of write with the same fields.
    const otherKind = await h.run(REGISTER, { input: projectInput(), key: "legacy-benef-0001" });
    expect(otherKind.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("replays an enrollment change retried with the same input, and refuses a different input", async () => {
    await h.ok(CHANGE_STATUS, {
      input: { iatiIdentifier: A, status: "IMPLEMENTATION", reason: "Inicio", effectiveDate: "2024-02-01" },
      key: "legacy-start-A",
    });
    await h.ok(ENROLL, {
      input: { iatiIdentifier: A, ruc: RUC, enrolledOn: "2025-03-01" },
      key: "legacy-enroll",
    });
    const input = { iatiIdentifier: A, ruc: RUC, status: "COMPLETED", reason: "Culminó" };
    await h.ok(CHANGE_ENROLLMENT, { input, key: "legacy-complete" });
    const id = `${A}|${RUC}`;
    const old = oldFingerprint("changeEnrollmentStatus", changeEnrollmentInput.parse(input));
    await h.server.models.Enrollment.updateOne(
      { _id: id, "history.idempotencyKey": "legacy-complete" },
      { $set: { "history.$.fingerprint": old } },
    );
    const stored = await h.server.models.Enrollment.findById(id).lean();
    expect(stored?.history.find((e) => e.idempotencyKey === "legacy-complete")?.fingerprint).toBe(old);

    const again = await h.run(CHANGE_ENROLLMENT, { input, key: "legacy-complete" });
    expect(again.errors).toBeUndefined();
    expect(again.data?.changeEnrollmentStatus).toEqual({
      status: "COMPLETED",
      statusHistory: [{ status: "ENROLLED" }, { status: "COMPLETED" }],
    });

    const other = await h.run(CHANGE_ENROLLMENT, {
      input: { ...input, status: "DROPPED_OUT" },
      key: "legacy-complete",
    });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect((await h.server.models.Enrollment.findById(id).lean())?.history).toHaveLength(2);
  });
});
