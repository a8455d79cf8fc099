import { describe, expect, it } from "vitest";
import { CHANGE, REGISTER, REINSTATE, registration, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();

async function recordCount(): Promise<number> {
  return h.server.models.Record.countDocuments();
}

async function register(overrides: Record<string, unknown>, key: string) {
  return h.run(REGISTER, { input: registration(overrides), key });
}

describe("registerReinfoRecord", () => {
  it("registers an ACTIVE record with its first history entry, the right zero-padded and the district resolved", async () => {
    const result = await register({}, "key-register-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerReinfoRecord).toEqual({
      code: "REINFO-T000001",
      status: "ACTIVE",
      minerName: "MINERA SAN JUAN DE DIOS S.A.C.",
      operator: { ruc: "20131368829", kind: "COMPANY" },
      miningRight: { code: "010149108", name: "VIRGEN DEL CARMEN 2" },
      district: {
        ubigeo: "170102",
        name: "Inambari",
        level: "DISTRICT",
        parent: { ubigeo: "1701", name: "Tambopata" },
      },
      location: { latitude: -12.95, longitude: -70.2 },
      registrationYear: 2019,
      statusHistory: [
        {
          status: "ACTIVE",
          reason: "Inscripción en el REINFO",
          legalBasis: "DL 1293",
          recordedBy: "admin@test",
        },
      ],
    });
  });

  it("returns the first record when retried with the same idempotency key, and writes nothing more", async () => {
    const before = await recordCount();
    const again = await register({}, "key-register-0001");
    expect(again.errors).toBeUndefined();
    expect(await recordCount()).toBe(before);
    const stats = await h.server.models.RegionStats.findById("170102").lean();
    expect(stats?.total).toBe(1);
  });

  it("refuses an idempotency key reused for a different registration with CONFLICT", async () => {
    const result = await register({ code: "REINFO-T000002" }, "key-register-0001");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("refuses a second record with the same code under another key with CONFLICT", async () => {
    const result = await register({}, "key-register-0002");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.code" });
  });

  it.each([
    ["an invalid RUC check digit", { ruc: "20512333798" }, "input.ruc"],
    ["a RUC with a prefix SUNAT does not issue", { ruc: validRuc("3013136882") }, "input.ruc"],
    ["a province instead of a district", { ubigeo: "1701" }, "input.ubigeo"],
    ["an unknown district", { ubigeo: "179999" }, "input.ubigeo"],
    ["a latitude outside Peru", { latitude: 10.5 }, "input.latitude"],
    ["a longitude without a latitude", { latitude: null }, "input.latitude"],
    ["a latitude without a longitude", { longitude: null }, "input.longitude"],
    ["a mining-right code that is not digits", { miningRightCode: "ABC" }, "input.miningRightCode"],
    ["a registration year before REINFO", { registrationYear: 2001 }, "input.registrationYear"],
    ["an empty miner name", { minerName: "   " }, "input.minerName"],
    ["a malformed registry code", { code: "R 1" }, "input.code"],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field, and writes nothing",
    async (_name, override, field) => {
      const before = await recordCount();
      const result = await register({ code: "REINFO-T000099", ...override }, "key-register-bad-1");
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await recordCount()).toBe(before);
    },
  );

  it("refuses a malformed idempotency key before looking at anything else", async () => {
    const result = await register({ code: "REINFO-T000098" }, "short");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
  });
});

describe("changeReinfoStatus and reinstateReinfoRecord", () => {
  const code = "REINFO-T000010";

  async function change(status: string, key: string, extra: Record<string, unknown> = {}) {
    return h.run(CHANGE, {
      input: { code, status, reason: `to ${status}`, legalBasis: "DS 018-2017-EM", ...extra },
      key,
    });
  }

  it("suspends an ACTIVE record, writing the status and its history entry together", async () => {
    await register({ code, ubigeo: "211002" }, "key-status-register");
    const result = await change("SUSPENDED", "key-status-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.changeReinfoStatus).toMatchObject({
      status: "SUSPENDED",
      statusHistory: [{ status: "ACTIVE" }, { status: "SUSPENDED", reason: "to SUSPENDED" }],
    });
    const stats = await h.server.models.RegionStats.find({ _id: { $in: ["21", "2110", "211002"] } }).lean();
    for (const entry of stats) expect(entry).toMatchObject({ total: 1, VIGENTE: 0, SUSPENDIDO: 1 });
  });

  it("applies a retried change once: one history entry, counters moved once", async () => {
    const result = await change("SUSPENDED", "key-status-0001");
    expect(result.errors).toBeUndefined();
    const record = await h.server.models.Record.findOne({ COD_REINFO: code }).lean();
    expect(record?.history).toHaveLength(2);
    expect((await h.server.models.RegionStats.findById("211002").lean())?.SUSPENDIDO).toBe(1);
  });

  it("refuses EXCLUDED to ACTIVE through changeReinfoStatus: only reinstatement brings a record back", async () => {
    expect((await change("EXCLUDED", "key-status-0002")).errors).toBeUndefined();
    const back = await change("ACTIVE", "key-status-0003");
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
    expect(back.errors?.[0]?.message).toMatch(/reinstateReinfoRecord/);
  });

  it("reinstates an EXCLUDED record with its legal basis", async () => {
    const result = await h.run(REINSTATE, {
      input: { code, reason: "Reconsideración fundada", legalBasis: "RD 0123-2025-MINEM/DGFM" },
      key: "key-status-0004",
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.reinstateReinfoRecord).toMatchObject({
      status: "ACTIVE",
      statusHistory: [
        {},
        {},
        { status: "EXCLUDED" },
        { status: "ACTIVE", legalBasis: "RD 0123-2025-MINEM/DGFM" },
      ],
    });
  });

  it("refuses to reinstate a record that is not EXCLUDED", async () => {
    const result = await h.run(REINSTATE, {
      input: { code, reason: "again", legalBasis: "RD 1" },
      key: "key-status-0005",
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.code" });
  });

  it("lets nothing leave FORMALIZED", async () => {
    expect((await change("FORMALIZED", "key-status-0006")).errors).toBeUndefined();
    for (const [status, key] of [
      ["ACTIVE", "key-status-0007"],
      ["SUSPENDED", "key-status-0008"],
      ["EXCLUDED", "key-status-0009"],
    ] as const) {
      const result = await change(status, key);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
    }
    const record = await h.server.models.Record.findOne({ COD_REINFO: code }).lean();
    expect(record?.ESTADO).toBe("FORMALIZADO");
    expect(record?.history).toHaveLength(5);
  });

  it("refuses an effective date before the record's last change, and one in the future", async () => {
    const other = "REINFO-T000011";
    await register({ code: other }, "key-status-register-2");
    for (const [effectiveDate, key] of [
      ["2001-01-01T00:00:00.000Z", "key-status-0010"],
      ["2999-01-01T00:00:00.000Z", "key-status-0011"],
    ] as const) {
      const result = await h.run(CHANGE, {
        input: { code: other, status: "SUSPENDED", reason: "r", legalBasis: "b", effectiveDate },
        key,
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "input.effectiveDate",
      });
    }
    expect((await h.server.models.Record.findOne({ COD_REINFO: other }).lean())?.ESTADO).toBe("VIGENTE");
  });

  it("answers NOT_FOUND for an unknown record", async () => {
    const result = await h.run(CHANGE, {
      input: { code: "REINFO-NOPE", status: "SUSPENDED", reason: "r", legalBasis: "b" },
      key: "key-status-0012",
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.code" });
  });
});
