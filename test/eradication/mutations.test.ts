import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote } from "../../packages/kit/src/index.ts";
import { todayInLima } from "../../subgraphs/eradication/src/inputs.ts";
import { ERADICATION_AGENCY } from "../../subgraphs/eradication/src/provenance.ts";
import { line, office, operation, RECORD, UPDATE_CASELOAD, validRuc } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();

async function operationCount(): Promise<number> {
  return h.server.models.Operation.countDocuments();
}

async function counters(ids: string[]) {
  return h.server.models.RegionStats.find({ _id: { $in: ids } })
    .sort({ _id: 1 })
    .lean();
}

async function record(overrides: Record<string, unknown>, key: string) {
  return h.run(RECORD, { input: operation(overrides), key });
}

function isoDay(offsetDays: number): string {
  return new Date(todayInLima().getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const MONTH_IDS = ["17|2025-03", "1701|2025-03", "170102|2025-03"];

describe("recordEnforcementOperation", () => {
  it("records an operation with its results and moves the counters of its district, province and department", async () => {
    const result = await record({}, "key-record-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordEnforcementOperation).toEqual({
      id: expect.stringMatching(/^EO-2025-[A-Z2-7]{10}$/),
      name: "Operación de prueba",
      date: "2025-03-10",
      district: { ubigeo: "170102", name: "Inambari", parent: { ubigeo: "1701" } },
      location: { latitude: -12.95, longitude: -70.2 },
      agencies: ["PNP_DIRECTORATE_ENVIRONMENT", "FEMA"],
      type: "INTERDICTION",
      legalBasis: "DL 1100",
      targetedOperators: [{ ruc: "20131368829" }],
      results: [
        { item: "EXCAVATOR", action: "DESTROYED", quantity: 2, unit: "UNITS", value: "1500000.00" },
        { item: "FUEL", action: "SEIZED", quantity: 550, unit: "GALLONS", value: "9083.25" },
      ],
      totalValue: "1509083.25",
      arrests: 3,
      source: { kind: "PRESS_RELEASE", reference: "Nota de prensa PNP 2025-03-10", url: null },
      recordedBy: "admin@test",
    });
    const stats = await counters(MONTH_IDS);
    expect(stats).toHaveLength(3);
    for (const entry of stats) {
      expect(entry).toMatchObject({
        operations: 1,
        arrests: 3,
        destroyedCents: 150_000_000,
        seizedCents: 908_325,
        items: {
          "EXCAVATOR|DESTROYED|UNITS": { milli: 2000, cents: 150_000_000 },
          "FUEL|SEIZED|GALLONS": { milli: 550_000, cents: 908_325 },
        },
      });
    }
  });

  it("records its provenance as ENTERED by the pillar's agency and editor, keeping the cited source's address", async () => {
    const result = await record(
      {
        date: "2025-04-02",
        source: { kind: "PRESS_RELEASE", reference: "Nota de prensa", url: "https://www.gob.pe/example" },
      },
      "key-provenance-0001",
    );
    expect(result.errors).toBeUndefined();
    const id = (result.data?.recordEnforcementOperation as { id: string }).id;
    const read = await h.ok<{ enforcementOperation: { provenance: unknown } }>(
      `{ enforcementOperation(id: "${id}") { provenance { kind dataset source url asOf licence note } } }`,
    );
    expect(read.enforcementOperation.provenance).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: ERADICATION_AGENCY,
      url: "https://www.gob.pe/example",
      asOf: new Date().toISOString().slice(0, 10),
      licence: null,
      note: enteredNote(ERADICATION_AGENCY),
    });
    const [department] = await counters(["17|2025-04"]);
    expect(Object.values(department?.sources ?? {})).toEqual([
      expect.objectContaining({ kind: "ENTERED", source: ERADICATION_AGENCY, records: 1 }),
    ]);
  });

  it("lets no client set provenance: the input has no such field", async () => {
    const before = await operationCount();
    const result = await record({ provenance: { kind: "OFFICIAL" } }, "key-provenance-0002");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await operationCount()).toBe(before);
  });

  it("writes one insert and one counter bulkWrite", async () => {
    h.mongo.resetStats();
    const result = await record({ date: "2025-03-11" }, "key-record-count");
    expect(result.errors).toBeUndefined();
    expect(h.commands("enforcement_operations")).toEqual({ insert: 1 });
    expect(h.commands("region_stats")).toEqual({ update: 1 });
  });

  it("returns the first operation when retried with the same key, and moves the counters once", async () => {
    const first = await record({}, "key-record-0001");
    const before = await operationCount();
    h.mongo.resetStats();
    const again = await record({}, "key-record-0001");
    expect(again.errors).toBeUndefined();
    expect(again.data?.recordEnforcementOperation).toEqual(first.data?.recordEnforcementOperation);
    expect(await operationCount()).toBe(before);
    expect(h.commands("region_stats")).toEqual({});
    const stats = await counters(["170102|2025-03"]);
    expect(stats[0]?.operations).toBe(2);
  });

  it("refuses a key reused for a different operation with CONFLICT, and writes nothing", async () => {
    const before = await operationCount();
    const result = await record({ arrests: 4 }, "key-record-0001");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await operationCount()).toBe(before);
  });

  it.each([
    ["a province instead of a district", { ubigeo: "1701" }, "input.ubigeo"],
    ["an unknown district", { ubigeo: "179999" }, "input.ubigeo"],
    ["a latitude outside Peru", { latitude: 10.5 }, "input.latitude"],
    ["a longitude outside Peru", { longitude: -60 }, "input.longitude"],
    ["a longitude without a latitude", { latitude: null }, "input.longitude"],
    ["a date in the future", { date: isoDay(2) }, "input.date"],
    ["a date before 2012", { date: "2011-12-31" }, "input.date"],
    ["no agency", { agencies: [] }, "input.agencies"],
    ["a repeated agency", { agencies: ["FEMA", "FEMA"] }, "input.agencies"],
    ["an invalid RUC check digit", { targetRucs: ["20131368829", "20512333798"] }, "input.targetRucs.1"],
    [
      "a RUC with a prefix SUNAT does not issue",
      { targetRucs: [validRuc("3013136882")] },
      "input.targetRucs.0",
    ],
    ["a repeated RUC", { targetRucs: ["20131368829", "20131368829"] }, "input.targetRucs"],
    ["a quantity of zero", { results: [line({ quantity: 0 })] }, "input.results.0.quantity"],
    ["a fractional count of units", { results: [line({ quantity: 1.5 })] }, "input.results.0.quantity"],
    [
      "a quantity with four decimals",
      { results: [line({ item: "MERCURY", unit: "KILOGRAMS", action: "SEIZED", quantity: 1.2345 })] },
      "input.results.0.quantity",
    ],
    ["a unit the item does not allow", { results: [line({ unit: "KILOGRAMS" })] }, "input.results.0.unit"],
    [
      "a seized mine entrance",
      { results: [line(), line({ item: "MINE_ENTRANCE", action: "SEIZED" })] },
      "input.results.1.action",
    ],
    ["a negative valuation", { results: [line({ value: "-5.00" })] }, "input.results.0.value"],
    [
      "a valuation over S/ 10,000 million",
      { results: [line({ value: "10000000000.01" })] },
      "input.results.0.value",
    ],
    ["negative arrests", { arrests: -1 }, "input.arrests"],
    ["an empty legal basis", { legalBasis: "  " }, "input.legalBasis"],
    [
      "an empty source reference",
      { source: { kind: "PCM_REPORT", reference: "" } },
      "input.source.reference",
    ],
    [
      "a source address that is not https",
      { source: { kind: "PCM_REPORT", reference: "PCM", url: "ftp://x" } },
      "input.source.url",
    ],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field, and writes nothing",
    async (_name, override, field) => {
      const before = await operationCount();
      h.mongo.resetStats();
      const result = await record(override, "key-record-bad-1");
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await operationCount()).toBe(before);
      expect(h.commands("region_stats")).toEqual({});
    },
  );

  it("refuses a valuation with three decimals at the Decimal scalar, naming the field in the message", async () => {
    const result = await record({ results: [line({ value: "10.125" })] }, "key-record-bad-2");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.errors?.[0]?.message).toContain('"input.results[0].value"');
  });

  it("accepts today's date, an operation with no results and no coordinates", async () => {
    const result = await record(
      { date: isoDay(0), results: [], latitude: null, longitude: null, targetRucs: null },
      "key-record-today",
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordEnforcementOperation).toMatchObject({
      results: [],
      totalValue: "0.00",
      location: null,
      targetedOperators: [],
    });
  });

  it("refuses a malformed idempotency key before looking at anything else", async () => {
    const result = await record({ ubigeo: "1701" }, "short");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
  });
});

describe("updateProsecutorCaseload", () => {
  beforeAll(async () => {
    await h.server.models.Office.collection.insertMany([
      office("FEMA-17-01", "170101", 4, 800),
      office("FEMA-21-01", "210101", 3, 600),
    ]);
  });

  async function update(overrides: Record<string, unknown>, key: string) {
    return h.run(UPDATE_CASELOAD, {
      input: {
        officeId: "FEMA-17-01",
        prosecutors: 5,
        openCases: 900,
        closedCases: 1100,
        reportedOn: "2025-12-31",
        ...overrides,
      },
      key,
    });
  }

  it("records a report: the figures, the caseload per prosecutor and a history entry", async () => {
    const result = await update({}, "key-caseload-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateProsecutorCaseload).toMatchObject({
      id: "FEMA-17-01",
      prosecutors: 5,
      openCases: 900,
      closedCases: 1100,
      caseloadPerProsecutor: 180,
      reportedOn: "2025-12-31",
      caseloadHistory: [
        { reportedOn: "2025-06-30", closedCases: 1000 },
        { reportedOn: "2025-12-31", closedCases: 1100, recordedBy: "admin@test" },
      ],
    });
    const read = await h.ok<{ prosecutorOffices: { caseloadHistory: { provenance: unknown }[] }[] }>(
      `{ prosecutorOffices(ubigeo: "170101") { caseloadHistory { provenance { kind source asOf note } } } }`,
    );
    expect(read.prosecutorOffices[0]?.caseloadHistory.map((r) => r.provenance)).toEqual([
      expect.objectContaining({ kind: "SYNTHETIC" }),
      {
        kind: "ENTERED",
        source: ERADICATION_AGENCY,
        asOf: new Date().toISOString().slice(0, 10),
        note: enteredNote(ERADICATION_AGENCY),
      },
    ]);
  });

  it("applies a retried report once, and refuses the key with another report with CONFLICT", async () => {
    const again = await update({}, "key-caseload-0001");
    expect(again.errors).toBeUndefined();
    const stored = await h.server.models.Office.findOne({ id: "FEMA-17-01" }).lean();
    expect(stored?.history).toHaveLength(2);
    const other = await update({ openCases: 901 }, "key-caseload-0001");
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("gives a null caseload per prosecutor when the office has none", async () => {
    const result = await update(
      { officeId: "FEMA-21-01", prosecutors: 0, openCases: 600, closedCases: 1000 },
      "key-caseload-0002",
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateProsecutorCaseload).toMatchObject({
      prosecutors: 0,
      caseloadPerProsecutor: null,
    });
  });

  it.each([
    ["fewer closed cases than last reported", { closedCases: 1099 }, "input.closedCases"],
    ["negative prosecutors", { prosecutors: -1 }, "input.prosecutors"],
    ["negative open cases", { openCases: -3 }, "input.openCases"],
    ["a report dated before the last one", { reportedOn: "2025-12-30" }, "input.reportedOn"],
    ["a report dated in the future", { reportedOn: isoDay(3) }, "input.reportedOn"],
    ["a malformed office identifier", { officeId: "FEMA 17" }, "input.officeId"],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field, and writes nothing",
    async (_name, override, field) => {
      const result = await update(override, "key-caseload-bad");
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      const stored = await h.server.models.Office.findOne({ id: "FEMA-17-01" }).lean();
      expect(stored).toMatchObject({ closedCases: 1100, openCases: 900 });
      expect(stored?.history).toHaveLength(2);
    },
  );

  it("refuses an unknown office with NOT_FOUND", async () => {
    const result = await update({ officeId: "FEMA-99-01" }, "key-caseload-0003");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.officeId" });
  });
});
