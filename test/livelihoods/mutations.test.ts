import { describe, expect, it } from "vitest";
import {
  CHANGE_STATUS,
  ENROLL,
  NGO,
  projectInput,
  RECORD,
  REGISTER,
  REPORT,
  UNDP,
  validRuc,
} from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();

const A = `${UNDP}-PE-T-0001`;
const B = `${UNDP}-PE-T-0002`;
const C = `${UNDP}-PE-T-0003`;

async function projectCount(): Promise<number> {
  return h.server.models.Project.countDocuments();
}

async function stored(id: string) {
  const project = await h.server.models.Project.findOne({ iatiIdentifier: id }).lean();
  if (!project) throw new Error(`no project ${id}`);
  return project;
}

async function counters(ids: string[]) {
  const docs = await h.server.models.RegionMoney.find({ _id: { $in: ids } }).lean();
  return Object.fromEntries(docs.map((d) => [d._id, { committed: d.committed, disbursed: d.disbursed }]));
}

function change(id: string, status: string, key: string, extra: Record<string, unknown> = {}) {
  return h.run(CHANGE_STATUS, {
    input: { iatiIdentifier: id, status, reason: `to ${status}`, ...extra },
    key,
  });
}

function record(input: Record<string, unknown>, key: string) {
  return h.run(RECORD, {
    input: {
      iatiIdentifier: A,
      type: "OUTGOING_COMMITMENT",
      date: "2024-02-10",
      value: "600000.00",
      currency: "USD",
      ...input,
    },
    key,
  });
}

describe("registerLivelihoodProject", () => {
  it("registers a PIPELINE project under its IATI identifier, with IATI codes, regions and indicator codes", async () => {
    const result = await h.run(REGISTER, { input: projectInput(), key: "key-register-A" });
    expect(result.errors).toBeUndefined();
    const project = result.data?.registerLivelihoodProject as Record<string, unknown>;
    expect(project).toMatchObject({
      iatiIdentifier: A,
      status: "PIPELINE",
      reportingOrg: { ref: UNDP, type: "MULTILATERAL" },
      activityDates: {
        plannedStart: "2024-01-01",
        actualStart: null,
        plannedEnd: "2027-12-31",
        actualEnd: null,
      },
      statusHistory: [{ status: "PIPELINE", recordedBy: "admin@test" }],
      sectors: [
        { sector: "AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", code: "31165", percentage: 60 },
        { sector: "INDUSTRIAL_CROPS", code: "31162", percentage: 40 },
      ],
      locations: [
        { ubigeo: "170102", name: "Inambari" },
        { ubigeo: "211002", name: "Ananea" },
      ],
      budgets: [
        {
          type: "ORIGINAL",
          status: "COMMITTED",
          periodStart: "2024-01-01",
          value: { currency: "USD", value: "250000.00" },
        },
        {},
        {},
        {},
      ],
      beneficiaries: { total: 500, women: 220, formerMiners: 150 },
      finance: {
        committed: [
          { currency: "PEN", value: "0.00" },
          { currency: "USD", value: "0.00" },
        ],
      },
    });
    // The funder joined the donor registry; the implementer (not a funder) did not.
    expect(project.participatingOrgs).toEqual([
      { role: "FUNDING", ref: UNDP, name: "PNUD", type: "MULTILATERAL", donor: { ref: UNDP } },
      {
        role: "IMPLEMENTING",
        ref: NGO,
        name: "Asociación Amazonía Productiva",
        type: "NATIONAL_NGO",
        donor: null,
      },
      {
        role: "ACCOUNTABLE",
        ref: null,
        name: "Gobierno Regional de Madre de Dios",
        type: "LOCAL_GOVERNMENT",
        donor: null,
      },
    ]);
    const results = project.results as {
      indicators: { code: string; measure: string; baseline: unknown; progress: unknown }[];
    }[];
    expect(results.flatMap((r) => r.indicators.map((i) => [i.code, i.measure]))).toEqual([
      ["1.1", "UNIT"],
      ["2.1", "UNIT"],
      ["2.2", "UNIT"],
      ["2.3", "QUALITATIVE"],
      ["2.4", "PERCENTAGE"],
    ]);
    expect(results[1]?.indicators[2]?.baseline).toEqual({ year: 2024, value: null });
    // Region membership is written with the project: each location and its ancestors.
    expect((await stored(A)).regionCodes).toEqual(["17", "1701", "170102", "21", "2110", "211002"]);
  });

  it("returns the first project when retried with the same key, and writes nothing more", async () => {
    const before = await projectCount();
    const again = await h.run(REGISTER, { input: projectInput(), key: "key-register-A" });
    expect(again.errors).toBeUndefined();
    expect((again.data?.registerLivelihoodProject as { iatiIdentifier: string }).iatiIdentifier).toBe(A);
    expect(await projectCount()).toBe(before);
  });

  it("refuses a key reused for a different registration with CONFLICT", async () => {
    const result = await h.run(REGISTER, {
      input: projectInput({ localId: "PE-T-0099" }),
      key: "key-register-A",
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("refuses a second project with the same IATI identifier under another key with CONFLICT", async () => {
    const result = await h.run(REGISTER, { input: projectInput(), key: "key-register-A2" });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.localId" });
  });

  const results = projectInput().results as Record<string, unknown>[];
  const withIndicator = (r: number, i: number, patch: Record<string, unknown>) =>
    results.map((result, ri) =>
      ri !== r
        ? result
        : {
            ...result,
            indicators: (result.indicators as Record<string, unknown>[]).map((ind, ii) =>
              ii === i ? { ...ind, ...patch } : ind,
            ),
          },
    );
  const funding = { role: "FUNDING", ref: UNDP, name: "PNUD", type: "MULTILATERAL" };
  const implementing = { role: "IMPLEMENTING", name: "ONG", type: "NATIONAL_NGO" };

  it.each([
    [
      "a reporting organisation reference IATI does not recognise",
      { reportingOrg: { ref: "undp", name: "x", type: "MULTILATERAL" } },
      "input.reportingOrg.ref",
    ],
    ["a local identifier with a slash (IATI forbids it)", { localId: "PE/T/1" }, "input.localId"],
    [
      "sector percentages that add up to 90",
      { sectors: [{ sector: "RURAL_DEVELOPMENT", percentage: 90 }] },
      "input.sectors",
    ],
    [
      "a sector listed twice",
      {
        sectors: [
          { sector: "RURAL_DEVELOPMENT", percentage: 50 },
          { sector: "RURAL_DEVELOPMENT", percentage: 50 },
        ],
      },
      "input.sectors.1.sector",
    ],
    [
      "a percentage of 0",
      {
        sectors: [
          { sector: "RURAL_DEVELOPMENT", percentage: 0 },
          { sector: "TOURISM", percentage: 100 },
        ],
      },
      "input.sectors.0.percentage",
    ],
    [
      "a percentage with three decimals",
      {
        sectors: [
          { sector: "RURAL_DEVELOPMENT", percentage: 33.333 },
          { sector: "TOURISM", percentage: 66.667 },
        ],
      },
      "input.sectors.0.percentage",
    ],
    ["an unknown region", { locations: ["179999"] }, "input.locations.0"],
    ["a region listed twice", { locations: ["170102", "170102"] }, "input.locations.1"],
    ["no location", { locations: [] }, "input.locations"],
    ["a planned end before the start", { plannedEnd: "2023-12-31" }, "input.plannedEnd"],
    ["no funding organisation", { participatingOrgs: [implementing] }, "input.participatingOrgs"],
    ["no implementing organisation", { participatingOrgs: [funding] }, "input.participatingOrgs"],
    [
      "a funding organisation without a reference",
      { participatingOrgs: [{ ...funding, ref: null }, implementing] },
      "input.participatingOrgs.0.ref",
    ],
    [
      "a budget period longer than a year",
      { budgets: [{ periodStart: "2024-01-01", periodEnd: "2025-01-01", value: "10.00" }] },
      "input.budgets.0.periodEnd",
    ],
    [
      "a budget ending before it starts",
      { budgets: [{ periodStart: "2024-06-01", periodEnd: "2024-05-31", value: "10.00" }] },
      "input.budgets.0.periodEnd",
    ],
    [
      "a budget of zero",
      { budgets: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31", value: "0.00" }] },
      "input.budgets.0.value",
    ],
    ["no budget", { budgets: [] }, "input.budgets"],
    [
      "more women than beneficiaries",
      { beneficiaries: { total: 10, women: 11, formerMiners: 0 } },
      "input.beneficiaries.women",
    ],
    [
      "more former miners than beneficiaries",
      { beneficiaries: { total: 10, women: 0, formerMiners: 11 } },
      "input.beneficiaries.formerMiners",
    ],
    [
      "a qualitative baseline with a value",
      { results: withIndicator(1, 2, { baseline: { year: 2024, value: 1 } }) },
      "input.results.1.indicators.2.baseline.value",
    ],
    [
      "a qualitative target with a value",
      {
        results: withIndicator(1, 2, {
          periods: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31", target: 1, targetComment: "x" }],
        }),
      },
      "input.results.1.indicators.2.periods.0.target",
    ],
    [
      "a qualitative target without a comment",
      { results: withIndicator(1, 2, { periods: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31" }] }) },
      "input.results.1.indicators.2.periods.0.targetComment",
    ],
    [
      "a quantitative baseline without a value",
      { results: withIndicator(0, 0, { baseline: { year: 2024 } }) },
      "input.results.0.indicators.0.baseline.value",
    ],
    [
      "a quantitative period without a target",
      { results: withIndicator(0, 0, { periods: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31" }] }) },
      "input.results.0.indicators.0.periods.0.target",
    ],
    [
      "a percentage target over 100",
      {
        results: withIndicator(1, 3, {
          periods: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31", target: 120 }],
        }),
      },
      "input.results.1.indicators.3.periods.0.target",
    ],
    [
      "an ordinal target that is not whole",
      {
        results: withIndicator(0, 0, {
          measure: "ORDINAL",
          baseline: { year: 2024, value: 1 },
          periods: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31", target: 2.5 }],
        }),
      },
      "input.results.0.indicators.0.periods.0.target",
    ],
    [
      "overlapping indicator periods",
      {
        results: withIndicator(0, 0, {
          periods: [
            { periodStart: "2024-01-01", periodEnd: "2024-12-31", target: 1 },
            { periodStart: "2024-06-01", periodEnd: "2025-05-31", target: 2 },
          ],
        }),
      },
      "input.results.0.indicators.0.periods.1.periodStart",
    ],
    [
      "a result without indicators",
      { results: [{ type: "OUTPUT", title: "x", indicators: [] }] },
      "input.results.0.indicators",
    ],
    ["an empty title", { title: "   " }, "input.title"],
    ["an identification date in the future", { identifiedOn: "2999-01-01" }, "input.identifiedOn"],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field, and writes nothing",
    async (_name, override, field) => {
      const before = await projectCount();
      const result = await h.run(REGISTER, {
        input: projectInput({ localId: "PE-T-0098", ...override }),
        key: "key-register-bad",
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await projectCount()).toBe(before);
    },
  );

  it("refuses a malformed idempotency key before looking at anything else", async () => {
    const result = await h.run(REGISTER, { input: projectInput({ localId: "PE-T-0097" }), key: "short" });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
  });
});

describe("changeProjectStatus", () => {
  it("refuses a transition IATI's statuses do not allow, such as PIPELINE to FINALISATION", async () => {
    const result = await change(A, "FINALISATION", "key-status-A0");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
  });

  it("starts implementation and sets the actual start date", async () => {
    const data = await h.ok<{ changeProjectStatus: unknown }>(CHANGE_STATUS, {
      input: { iatiIdentifier: A, status: "IMPLEMENTATION", reason: "Inicio", effectiveDate: "2024-02-01" },
      key: "key-status-A1",
    });
    expect(data.changeProjectStatus).toMatchObject({
      status: "IMPLEMENTATION",
      activityDates: { actualStart: "2024-02-01", actualEnd: null },
    });
  });

  it("applies a retried change once", async () => {
    await h.ok(CHANGE_STATUS, {
      input: { iatiIdentifier: A, status: "IMPLEMENTATION", reason: "Inicio", effectiveDate: "2024-02-01" },
      key: "key-status-A1",
    });
    expect((await stored(A)).statusHistory).toHaveLength(2);
  });

  it("refuses an effective date before the last change, and one in the future", async () => {
    for (const [effectiveDate, key] of [
      ["2024-01-15", "key-status-A2"],
      ["2999-01-01", "key-status-A3"],
    ] as const) {
      const result = await change(A, "SUSPENDED", key, { effectiveDate });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "input.effectiveDate",
      });
    }
    expect((await stored(A)).activityStatus).toBe("2");
  });

  it("walks a project through suspension, finalisation and closure, and lets nothing leave CLOSED", async () => {
    await h.ok(REGISTER, {
      input: projectInput({ localId: "PE-T-0002", locations: ["1308"] }),
      key: "key-register-B",
    });
    const steps = [
      ["IMPLEMENTATION", "2024-03-01"],
      ["SUSPENDED", "2024-09-01"],
      ["IMPLEMENTATION", "2024-11-01"],
      ["FINALISATION", "2025-06-30"],
      ["CLOSED", "2025-12-31"],
    ] as const;
    for (const [status, effectiveDate] of steps) {
      const result = await change(B, status, `key-status-B-${status}-${effectiveDate}`, { effectiveDate });
      expect(result.errors).toBeUndefined();
    }
    const project = await stored(B);
    expect(project.activityDates.actualStart).toEqual(new Date("2024-03-01T00:00:00.000Z"));
    expect(project.activityDates.actualEnd).toEqual(new Date("2025-06-30T00:00:00.000Z"));
    expect(project.statusHistory.map((e) => e.status)).toEqual(["1", "2", "6", "2", "3", "4"]);
    for (const status of ["IMPLEMENTATION", "CANCELLED", "FINALISATION"]) {
      const result = await change(B, status, `key-status-B-after-${status}`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
      expect(result.errors?.[0]?.message).toMatch(/final/);
    }
  });

  it("cancels a pipeline project without an actual end, and answers NOT_FOUND for an unknown project", async () => {
    await h.ok(REGISTER, { input: projectInput({ localId: "PE-T-0003" }), key: "key-register-C" });
    await h.ok(REGISTER, { input: projectInput({ localId: "PE-T-0004" }), key: "key-register-D" });
    const cancelled = await change(`${UNDP}-PE-T-0004`, "CANCELLED", "key-status-D-cancel");
    expect(cancelled.data?.changeProjectStatus).toMatchObject({
      status: "CANCELLED",
      activityDates: { actualStart: null, actualEnd: null },
    });
    const unknown = await change(`${UNDP}-NOPE`, "IMPLEMENTATION", "key-status-unknown");
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: "NOT_FOUND",
      field: "input.iatiIdentifier",
    });
  });
});

describe("recordTransaction", () => {
  const IDS = [
    "17|2024-02",
    "1701|2024-02",
    "170102|2024-02",
    "21|2024-02",
    "2110|2024-02",
    "211002|2024-02",
  ];

  it("records a commitment, naming the reporting organisation as provider, and splits it among the locations in the counters", async () => {
    const result = await record({}, "key-tx-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordTransaction).toEqual({
      type: "OUTGOING_COMMITMENT",
      date: "2024-02-10",
      value: "600000.00",
      currency: "USD",
      providerOrg: { ref: UNDP, name: "Programa de las Naciones Unidas para el Desarrollo" },
      receiverOrg: null,
    });
    const half = { committed: { USD: 30_000_000 }, disbursed: {} };
    const found = await counters(IDS);
    for (const id of IDS) expect(found[id]).toMatchObject(half);
  });

  it("moves the counters once when retried, and records the transaction once", async () => {
    const again = await record({}, "key-tx-0001");
    expect(again.errors).toBeUndefined();
    expect((await stored(A)).transactions).toHaveLength(1);
    expect((await counters(["17|2024-02"]))["17|2024-02"]?.committed.USD).toBe(30_000_000);
  });

  it("refuses the same key with a different value with CONFLICT", async () => {
    const result = await record({ value: "1.00" }, "key-tx-0001");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it.each([
    ["a date before the activity dates", { date: "2023-06-01" }, "input.date"],
    ["a date after the activity dates", { iatiIdentifier: A, date: "2028-01-01" }, "input.date"],
    ["a date in the future", { date: "2999-01-01" }, "input.date"],
    ["a value of zero", { value: "0" }, "input.value"],
    ["a negative value", { value: "-5.00" }, "input.value"],
    ["a currency the project has no budget in", { currency: "PEN" }, "input.currency"],
    ["incoming funds without a provider", { type: "INCOMING_FUNDS" }, "input.providerOrg"],
    [
      "a provider reference that is not an IATI identifier",
      { providerOrg: { ref: "undp", name: "PNUD" } },
      "input.providerOrg.ref",
    ],
    ["a malformed project identifier", { iatiIdentifier: "not an id" }, "input.iatiIdentifier"],
    ["a disbursement above the commitments", { type: "DISBURSEMENT", value: "600000.01" }, "input.value"],
  ])("refuses %s with BAD_USER_INPUT, writing nothing", async (_name, override, field) => {
    const result = await record(override, `key-tx-bad-${field}`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect((await stored(A)).transactions).toHaveLength(1);
  });

  it("lets disbursements reach the commitments exactly, and no further", async () => {
    const first = await record(
      { type: "DISBURSEMENT", date: "2024-05-15", value: "200000.00" },
      "key-tx-0002",
    );
    expect(first.errors).toBeUndefined();
    const over = await record(
      { type: "DISBURSEMENT", date: "2024-08-15", value: "400000.01" },
      "key-tx-0003",
    );
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.value" });
    expect(over.errors?.[0]?.message).toMatch(/at most 400000\.00 more/);
    const exact = await record(
      { type: "DISBURSEMENT", date: "2024-08-15", value: "400000.00" },
      "key-tx-0004",
    );
    expect(exact.errors).toBeUndefined();
    const finance = await h.ok<{ livelihoodProject: { finance: unknown } }>(
      `query($id: ID!) { livelihoodProject(iatiIdentifier: $id) { finance { committed { currency value } disbursed { currency value } } } }`,
      { id: A },
    );
    expect(finance.livelihoodProject.finance).toEqual({
      committed: [
        { currency: "PEN", value: "0.00" },
        { currency: "USD", value: "600000.00" },
      ],
      disbursed: [
        { currency: "PEN", value: "0.00" },
        { currency: "USD", value: "600000.00" },
      ],
    });
  });

  it("counts money from a provider that is not a funder toward the limits, but not toward funding figures", async () => {
    const incoming = await record(
      {
        type: "INCOMING_COMMITMENT",
        date: "2024-09-01",
        value: "1000.00",
        providerOrg: { ref: "XI-IATI-EC_INTPA", name: "Comisión Europea", type: "MULTILATERAL" },
      },
      "key-tx-0005",
    );
    expect(incoming.errors).toBeUndefined();
    expect((incoming.data?.recordTransaction as { receiverOrg: unknown }).receiverOrg).toEqual({
      ref: UNDP,
      name: "Programa de las Naciones Unidas para el Desarrollo",
    });
    expect(await counters(["17|2024-09"])).toEqual({});
    // The incoming commitment makes room for 1,000 more in disbursements.
    const paid = await record({ type: "DISBURSEMENT", date: "2024-10-01", value: "1000.00" }, "key-tx-0006");
    expect(paid.errors).toBeUndefined();
    const funds = await record(
      {
        type: "INCOMING_FUNDS",
        date: "2024-10-02",
        value: "1000.01",
        providerOrg: { ref: "XI-IATI-EC_INTPA", name: "CE" },
      },
      "key-tx-0007",
    );
    expect(funds.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.value" });
  });

  it("refuses transactions on a CLOSED project and on an unknown one", async () => {
    const closed = await record({ iatiIdentifier: B, date: "2024-04-01" }, "key-tx-closed");
    expect(closed.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.iatiIdentifier",
    });
    const unknown = await record({ iatiIdentifier: `${UNDP}-NOPE` }, "key-tx-unknown");
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: "NOT_FOUND",
      field: "input.iatiIdentifier",
    });
  });
});

describe("reportIndicatorActual", () => {
  const report = (input: Record<string, unknown>, key: string) =>
    h.run(REPORT, {
      input: {
        iatiIdentifier: A,
        indicator: "1.1",
        periodStart: "2024-01-01",
        periodEnd: "2024-12-31",
        value: 120,
        ...input,
      },
      key,
    });

  it("reports an actual and gives the period's and the indicator's progress", async () => {
    const result = await report({}, "key-actual-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.reportIndicatorActual).toMatchObject({
      code: "1.1",
      progress: 1.2,
      periods: [
        { periodStart: "2024-01-01", actual: { value: 120, comment: null }, progress: 1.2 },
        { actual: null, progress: null },
        {},
        {},
      ],
    });
  });

  it("measures a descending indicator toward a target below its baseline", async () => {
    const result = await report(
      { indicator: "2.2", periodStart: "2025-01-01", periodEnd: "2025-12-31", value: 350 },
      "key-actual-0002",
    );
    expect(result.errors).toBeUndefined();
    // (350 − 500) / (300 − 500)
    expect((result.data?.reportIndicatorActual as { progress: number }).progress).toBe(0.75);
  });

  it("takes a comment and no value for a qualitative indicator, whose progress is null", async () => {
    const result = await report(
      { indicator: "2.3", value: null, comment: "Plan aprobado por la asamblea" },
      "key-actual-0003",
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.reportIndicatorActual).toMatchObject({
      progress: null,
      periods: [
        { actual: { value: null, comment: "Plan aprobado por la asamblea" }, progress: null },
        {},
        {},
        {},
      ],
    });
  });

  it("replaces an earlier report when corrected, and returns the first result when retried", async () => {
    const corrected = await report({ value: 100 }, "key-actual-0004");
    expect((corrected.data?.reportIndicatorActual as { progress: number }).progress).toBe(1);
    const retried = await report({}, "key-actual-0001");
    expect(retried.errors).toBeUndefined();
    const project = await stored(A);
    expect(project.results[0]?.indicators[0]?.periods[0]?.actual?.value).toBe(100);
  });

  it.each([
    ["no value for a quantitative indicator", { value: null }, "input.value"],
    ["a value for a qualitative indicator", { indicator: "2.3", value: 1, comment: "x" }, "input.value"],
    ["no comment for a qualitative indicator", { indicator: "2.3", value: null }, "input.comment"],
    ["a percentage over 100", { indicator: "2.4", value: 120 }, "input.value"],
    ["an indicator the project does not have", { indicator: "9.9" }, "input.indicator"],
    ["a malformed indicator code", { indicator: "first" }, "input.indicator"],
    [
      "a period the indicator does not have",
      { periodStart: "2024-01-01", periodEnd: "2024-06-30" },
      "input.periodStart",
    ],
    [
      "a period that has not ended (an IATI actual is the result at its end)",
      { periodStart: "2027-01-01", periodEnd: "2027-12-31" },
      "input.periodEnd",
    ],
    ["a project in PIPELINE", { iatiIdentifier: C }, "input.iatiIdentifier"],
  ])("refuses %s with BAD_USER_INPUT", async (_name, override, field) => {
    const before = (await stored(A)).revision;
    const result = await report(override, `key-actual-bad-${field}-${_name.length}`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect((await stored(A)).revision).toBe(before);
  });
});

describe("reportBeneficiaries", () => {
  const MUTATION = `mutation($input: ReportBeneficiariesInput!, $key: String!) {
    reportBeneficiaries(input: $input, idempotencyKey: $key) { beneficiaries { total women formerMiners reportedOn } }
  }`;

  it("replaces the figures when women and former miners fit in the total", async () => {
    const data = await h.ok<{ reportBeneficiaries: unknown }>(MUTATION, {
      input: {
        iatiIdentifier: A,
        beneficiaries: { total: 640, women: 300, formerMiners: 210 },
        reportedOn: "2025-06-30",
      },
      key: "key-benef-0001",
    });
    expect(data.reportBeneficiaries).toEqual({
      beneficiaries: { total: 640, women: 300, formerMiners: 210, reportedOn: "2025-06-30" },
    });
  });

  it.each([
    [{ total: 10, women: 11, formerMiners: 0 }, "input.beneficiaries.women"],
    [{ total: 10, women: 0, formerMiners: 11 }, "input.beneficiaries.formerMiners"],
    [{ total: -1, women: 0, formerMiners: 0 }, "input.beneficiaries.total"],
  ])("refuses %j with BAD_USER_INPUT naming %s", async (beneficiaries, field) => {
    const result = await h.run(MUTATION, {
      input: { iatiIdentifier: A, beneficiaries },
      key: `key-benef-${field}`,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("enrollOperator and changeEnrollmentStatus", () => {
  const RUC = validRuc("1044134852");
  const enroll = (input: Record<string, unknown>, key: string) =>
    h.run(ENROLL, {
      input: {
        iatiIdentifier: A,
        ruc: RUC,
        enrolledOn: "2025-03-01",
        formerReinfoStatus: "excluido",
        ...input,
      },
      key,
    });

  it("enrolls a miner in a project in IMPLEMENTATION, recording the former REINFO status as MINEM writes it", async () => {
    const result = await enroll({}, "key-enroll-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.enrollOperator).toEqual({
      id: `${A}|${RUC}`,
      status: "ENROLLED",
      enrolledOn: "2025-03-01",
      formerReinfoStatus: "EXCLUIDO",
      operator: { ruc: RUC },
      project: { iatiIdentifier: A },
      statusHistory: [{ status: "ENROLLED", date: "2025-03-01", recordedBy: "admin@test" }],
    });
  });

  it("returns the enrollment when retried, and refuses the same RUC in the same project under another key with CONFLICT", async () => {
    expect((await enroll({}, "key-enroll-0001")).errors).toBeUndefined();
    const twice = await enroll({}, "key-enroll-0002");
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.ruc" });
    expect(await h.server.models.Enrollment.countDocuments()).toBe(1);
  });

  it("refuses a key already used for another kind of write with CONFLICT", async () => {
    const result = await record({ value: "1.00" }, "key-enroll-0001");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it.each([
    ["an invalid RUC", { ruc: "20512333798" }, "input.ruc", "BAD_USER_INPUT"],
    ["a project not in IMPLEMENTATION", { iatiIdentifier: C }, "input.iatiIdentifier", "BAD_USER_INPUT"],
    [
      "a date before the project's actual start",
      { ruc: validRuc("2010007097"), enrolledOn: "2024-01-15" },
      "input.enrolledOn",
      "BAD_USER_INPUT",
    ],
    [
      "a date in the future",
      { ruc: validRuc("2010007097"), enrolledOn: "2999-01-01" },
      "input.enrolledOn",
      "BAD_USER_INPUT",
    ],
    [
      "a malformed REINFO status",
      { ruc: validRuc("2010007097"), formerReinfoStatus: "X1" },
      "input.formerReinfoStatus",
      "BAD_USER_INPUT",
    ],
    ["an unknown project", { iatiIdentifier: `${UNDP}-NOPE` }, "input.iatiIdentifier", "NOT_FOUND"],
  ])("refuses %s", async (_name, override, field, code) => {
    const result = await enroll(override, `key-enroll-bad-${_name.length}`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(await h.server.models.Enrollment.countDocuments()).toBe(1);
  });

  it("completes an enrollment once, and keeps a completed one final", async () => {
    const MUTATION = `mutation($input: ChangeEnrollmentStatusInput!, $key: String!) {
      changeEnrollmentStatus(input: $input, idempotencyKey: $key) { status statusHistory { status date reason } }
    }`;
    const input = { iatiIdentifier: A, ruc: RUC, status: "COMPLETED", date: "2025-10-01", reason: "Culminó" };
    const done = await h.ok<{ changeEnrollmentStatus: unknown }>(MUTATION, { input, key: "key-enroll-done" });
    expect(done.changeEnrollmentStatus).toEqual({
      status: "COMPLETED",
      statusHistory: [
        { status: "ENROLLED", date: "2025-03-01", reason: "Inscripción en el proyecto" },
        { status: "COMPLETED", date: "2025-10-01", reason: "Culminó" },
      ],
    });
    expect((await h.run(MUTATION, { input, key: "key-enroll-done" })).errors).toBeUndefined();
    const again = await h.run(MUTATION, {
      input: { ...input, status: "DROPPED_OUT" },
      key: "key-enroll-drop",
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
    const missing = await h.run(MUTATION, {
      input: { ...input, ruc: validRuc("2010007097") },
      key: "key-enroll-miss",
    });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.ruc" });
  });
});
