import { describe, expect, it } from "vitest";
import {
  ASSESS_RISK,
  RECORD_MEASUREMENT,
  RECORD_PROGRESS,
  REGISTER_AREA,
  REGISTER_PROJECT,
  area,
  liability,
  loadLiabilities,
  project,
  square,
} from "./fixtures.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();

async function stats(id: string) {
  return h.server.models.RegionStats.findById(id).lean();
}

async function registerArea(overrides: Record<string, unknown>, key: string) {
  return h.run(REGISTER_AREA, { input: area(overrides), key });
}

describe("registerDegradedArea", () => {
  it("registers an area with exact hectares, its district, outline and point, and counts it in its month", async () => {
    const result = await registerArea({}, "key-area-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerDegradedArea).toEqual({
      id: "DA-0000001",
      name: "La Pampa",
      district: { ubigeo: "170102", name: "Inambari", parent: { ubigeo: "1701" } },
      hectares: 12.34,
      hectaresRestored: 0,
      cause: "ILLEGAL_MINING",
      source: "OEFA_PIFA",
      sourceReference: "MIL-000123",
      detectedOn: "2025-03-14",
      miningCorridor: false,
      geometry: square(-12.95, -69.95),
      location: { latitude: -12.95, longitude: -69.95 },
    });
    for (const code of ["17", "1701", "170102"]) {
      expect(await stats(`${code}|2025-03`)).toMatchObject({ degradedAres: 1234, degradedAreas: 1 });
    }
  });

  it("returns the first area when retried with the same key, and counts it once", async () => {
    const again = await registerArea({}, "key-area-0001");
    expect(again.errors).toBeUndefined();
    expect((again.data?.registerDegradedArea as { id: string }).id).toBe("DA-0000001");
    expect(await h.server.models.Area.countDocuments()).toBe(1);
    expect(await stats("170102|2025-03")).toMatchObject({ degradedAres: 1234, degradedAreas: 1 });
  });

  it("refuses the same key with a different input with CONFLICT, writing nothing", async () => {
    const result = await registerArea({ hectares: 99 }, "key-area-0001");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await h.server.models.Area.countDocuments()).toBe(1);
  });

  it.each([
    ["a province instead of a district", { ubigeo: "1701" }, "input.ubigeo"],
    ["no hectares", { hectares: 0 }, "input.hectares"],
    ["three decimals of a hectare", { hectares: 1.234 }, "input.hectares"],
    ["a detection in the future", { detectedOn: "2999-01-01" }, "input.detectedOn"],
    ["a detection before 1985", { detectedOn: "1980-05-01" }, "input.detectedOn"],
    ["an outline that is not JSON", { geometry: "{polygon" }, "input.geometry"],
    [
      "a point instead of a polygon",
      { geometry: '{"type":"Point","coordinates":[-70,-12]}' },
      "input.geometry",
    ],
    ["an outline outside Peru", { geometry: square(40.4, -3.7) }, "input.geometry"],
    [
      "a ring that is not closed",
      { geometry: '{"type":"Polygon","coordinates":[[[-70,-12],[-70.1,-12],[-70.1,-12.1],[-70,-12.2]]]}' },
      "input.geometry",
    ],
    [
      "the Mining Corridor outside Madre de Dios",
      { ubigeo: "211002", miningCorridor: true },
      "input.miningCorridor",
    ],
    ["a latitude without a longitude", { latitude: -12.9 }, "input.longitude"],
    ["a longitude outside Peru", { latitude: -12.9, longitude: -60 }, "input.longitude"],
    ["an empty name", { name: "  " }, "input.name"],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field, and writes nothing",
    async (_name, override, field) => {
      const result = await registerArea(override, "key-area-bad-1");
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await h.server.models.Area.countDocuments()).toBe(1);
      expect(await h.server.models.Sequence.findById("DA").lean()).toMatchObject({ value: 1 });
    },
  );

  it("refuses a malformed idempotency key before anything else", async () => {
    const result = await registerArea({ hectares: -1 }, "short");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
  });
});

describe("registerRestorationProject", () => {
  it("registers a PLANNED project over areas of its region, with nothing restored or executed", async () => {
    expect(
      (await registerArea({ hectares: 40, detectedOn: "2025-02-10" }, "key-area-0002")).errors,
    ).toBeUndefined();
    const result = await h.run(REGISTER_PROJECT, {
      input: project({ degradedAreaIds: ["DA-0000001", "DA-0000002"], hectaresPlanned: 50 }),
      key: "key-project-0001",
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerRestorationProject).toMatchObject({
      id: "RP-0001",
      region: { ubigeo: "17" },
      degradedAreas: [{ id: "DA-0000001" }, { id: "DA-0000002" }],
      hectaresPlanned: 50,
      hectaresRestored: 0,
      status: "PLANNED",
      budget: "1500000.00",
      executed: "0.00",
      progress: [],
    });
    const again = await h.run(REGISTER_PROJECT, {
      input: project({ degradedAreaIds: ["DA-0000001", "DA-0000002"], hectaresPlanned: 50 }),
      key: "key-project-0001",
    });
    expect((again.data?.registerRestorationProject as { id: string }).id).toBe("RP-0001");
    expect(await h.server.models.Project.countDocuments()).toBe(1);
  });

  it.each([
    [
      "an unknown area",
      { degradedAreaIds: ["DA-0000001", "DA-0000099"] },
      "NOT_FOUND",
      "input.degradedAreaIds.1",
    ],
    ["an area outside its region", { ubigeo: "21" }, "BAD_USER_INPUT", "input.degradedAreaIds.0"],
    [
      "an area listed twice",
      { degradedAreaIds: ["DA-0000001", "DA-0000001"] },
      "BAD_USER_INPUT",
      "input.degradedAreaIds.1",
    ],
    [
      "more hectares than its areas hold",
      { hectaresPlanned: 12.35 },
      "BAD_USER_INPUT",
      "input.hectaresPlanned",
    ],
    ["a budget of zero", { budget: "0.00" }, "BAD_USER_INPUT", "input.budget"],
    ["an end before the start", { plannedEndDate: "2025-01-01" }, "BAD_USER_INPUT", "input.plannedEndDate"],
    ["an unknown liability", { liabilityIds: ["999999"] }, "NOT_FOUND", "input.liabilityIds.0"],
    ["an unknown region", { ubigeo: "99" }, "BAD_USER_INPUT", "input.ubigeo"],
  ])("refuses %s, naming the field, and writes nothing", async (_name, override, code, field) => {
    const result = await h.run(REGISTER_PROJECT, { input: project(override), key: "key-project-bad-1" });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(await h.server.models.Project.countDocuments()).toBe(1);
  });
});

describe("recordRestorationProgress", () => {
  const progress = (input: Record<string, unknown>, key: string) =>
    h.run(RECORD_PROGRESS, { input: { projectId: "RP-0001", date: "2025-06-15", ...input }, key });
  const reports = async () =>
    (await h.server.models.Project.findOne({ code: "RP-0001" }).lean())?.progress.length;

  it("refuses hectares while the project is PLANNED: it must start first", async () => {
    const result = await progress(
      { areas: [{ degradedAreaId: "DA-0000002", hectares: 5 }] },
      "key-progress-bad-1",
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.areas" });
    expect(await reports()).toBe(0);
  });

  it("starts the project with its first hectares, moving the areas, the month's counters and the active projects", async () => {
    const result = await progress(
      {
        status: "IN_PROGRESS",
        areas: [
          { degradedAreaId: "DA-0000002", hectares: 5.5 },
          { degradedAreaId: "DA-0000001", hectares: 2 },
        ],
        executed: "250000.50",
        note: "Inicio",
      },
      "key-progress-0001",
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordRestorationProgress).toMatchObject({
      status: "IN_PROGRESS",
      hectaresRestored: 7.5,
      executed: "250000.50",
      degradedAreas: [
        { id: "DA-0000001", hectaresRestored: 2 },
        { id: "DA-0000002", hectaresRestored: 5.5 },
      ],
      progress: [
        {
          date: "2025-06-15",
          status: "IN_PROGRESS",
          hectaresRestored: 7.5,
          executed: "250000.50",
          note: "Inicio",
          recordedBy: "admin@test",
          areas: [
            { degradedArea: { id: "DA-0000002" }, hectares: 5.5 },
            { degradedArea: { id: "DA-0000001" }, hectares: 2 },
          ],
        },
      ],
    });
    for (const code of ["17", "1701", "170102"]) {
      expect(await stats(`${code}|2025-06`)).toMatchObject({ restoredAres: 750 });
    }
    expect(await stats("17")).toMatchObject({ activeProjects: 1 });
    expect(await stats("1701")).toBeNull();
  });

  it("applies a retried report once: one entry, areas and counters moved once", async () => {
    const again = await progress(
      {
        status: "IN_PROGRESS",
        areas: [
          { degradedAreaId: "DA-0000002", hectares: 5.5 },
          { degradedAreaId: "DA-0000001", hectares: 2 },
        ],
        executed: "250000.50",
        note: "Inicio",
      },
      "key-progress-0001",
    );
    expect(again.errors).toBeUndefined();
    expect(await reports()).toBe(1);
    expect((await h.server.models.Area.findOne({ code: "DA-0000002" }).lean())?.restoredAres).toBe(550);
    expect(await stats("170102|2025-06")).toMatchObject({ restoredAres: 750 });
    expect(await stats("17")).toMatchObject({ activeProjects: 1 });
    const other = await progress({ executed: "300000.00" }, "key-progress-0001");
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it.each([
    [
      "hectares beyond the plan",
      {
        areas: [
          { degradedAreaId: "DA-0000002", hectares: 34.5 },
          { degradedAreaId: "DA-0000001", hectares: 8.01 },
        ],
      },
      "input.areas",
    ],
    [
      "hectares beyond what an area has left",
      { areas: [{ degradedAreaId: "DA-0000001", hectares: 10.35 }] },
      "input.areas.0.hectares",
    ],
    [
      "an area that is not the project's",
      { areas: [{ degradedAreaId: "DA-0000042", hectares: 1 }] },
      "input.areas.0.degradedAreaId",
    ],
    [
      "an area reported twice",
      {
        areas: [
          { degradedAreaId: "DA-0000001", hectares: 1 },
          { degradedAreaId: "DA-0000001", hectares: 1 },
        ],
      },
      "input.areas.1.degradedAreaId",
    ],
    ["execution going down", { executed: "100.00" }, "input.executed"],
    ["execution beyond the budget", { executed: "1500000.01" }, "input.executed"],
    ["a date before the last report", { date: "2025-06-01", executed: "260000.00" }, "input.date"],
    ["a date in the future", { date: "2999-01-01", executed: "260000.00" }, "input.date"],
    ["going back to PLANNED", { status: "PLANNED" }, "input.status"],
    ["a report that changes nothing", {}, "input.areas"],
    ["a report whose execution is unchanged", { executed: "250000.50" }, "input.executed"],
    [
      "a hectare with three decimals",
      { areas: [{ degradedAreaId: "DA-0000001", hectares: 0.001 }] },
      "input.areas.0.hectares",
    ],
  ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_name, input, field) => {
    const result = await progress(input, "key-progress-bad-2");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await reports()).toBe(1);
    expect((await h.server.models.Project.findOne({ code: "RP-0001" }).lean())?.restoredAres).toBe(750);
  });

  it("suspends and resumes an IN_PROGRESS project (no hectares while SUSPENDED), then completes it; nothing leaves COMPLETED", async () => {
    expect(
      (await progress({ status: "SUSPENDED", date: "2025-07-01" }, "key-progress-0002")).errors,
    ).toBeUndefined();
    expect(await stats("17")).toMatchObject({ activeProjects: 0 });
    const idle = await progress(
      { date: "2025-07-10", areas: [{ degradedAreaId: "DA-0000001", hectares: 1 }] },
      "key-progress-0003",
    );
    expect(idle.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.areas" });
    const resumed = await progress(
      {
        status: "IN_PROGRESS",
        date: "2025-08-01",
        areas: [{ degradedAreaId: "DA-0000002", hectares: 34.5 }],
      },
      "key-progress-0004",
    );
    expect(resumed.errors).toBeUndefined();
    expect(await stats("17")).toMatchObject({ activeProjects: 1 });
    const done = await progress(
      {
        status: "COMPLETED",
        date: "2025-09-01",
        areas: [{ degradedAreaId: "DA-0000001", hectares: 8 }],
        executed: "1490000.00",
      },
      "key-progress-0005",
    );
    expect(done.errors).toBeUndefined();
    expect(done.data?.recordRestorationProgress).toMatchObject({ status: "COMPLETED", hectaresRestored: 50 });
    expect(await stats("17")).toMatchObject({ activeProjects: 0 });
    expect(await stats("170102|2025-09")).toMatchObject({ restoredAres: 800 });
    for (const [status, key] of [
      ["IN_PROGRESS", "key-progress-0006"],
      ["SUSPENDED", "key-progress-0007"],
    ] as const) {
      const result = await progress({ status, date: "2025-10-01" }, key);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
    }
    expect(await reports()).toBe(4);
  });

  it("answers NOT_FOUND for an unknown project", async () => {
    const result = await h.run(RECORD_PROGRESS, {
      input: { projectId: "RP-0099", date: "2025-06-15", status: "IN_PROGRESS" },
      key: "key-progress-0008",
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.projectId" });
  });
});

describe("recordMonitoringMeasurement", () => {
  const measure = (input: Record<string, unknown>, key: string) =>
    h.run(RECORD_MEASUREMENT, {
      input: {
        projectId: "RP-0001",
        parameter: "MERCURY_IN_WATER",
        value: 0.0021,
        measuredOn: "2025-06-10",
        station: "EM-INAMBARI-01",
        ubigeo: "170102",
        ...input,
      },
      key,
    });

  it("records a measurement in the parameter's unit, once however often it is retried", async () => {
    const first = await measure({}, "key-measure-0001");
    expect(first.errors).toBeUndefined();
    expect(first.data?.recordMonitoringMeasurement).toMatchObject({
      project: { id: "RP-0001" },
      parameter: "MERCURY_IN_WATER",
      value: 0.0021,
      unit: "mg/L",
      measuredOn: "2025-06-10",
      station: "EM-INAMBARI-01",
      district: { ubigeo: "170102" },
    });
    const again = await measure({}, "key-measure-0001");
    expect((again.data?.recordMonitoringMeasurement as { id: string }).id).toBe(
      (first.data?.recordMonitoringMeasurement as { id: string }).id,
    );
    expect(await h.server.models.Measurement.countDocuments()).toBe(1);
    const other = await measure({ value: 0.003 }, "key-measure-0001");
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it.each([
    ["a pH above 14", { parameter: "SOIL_PH", value: 15 }, "input.value"],
    ["a negative mercury value", { value: -0.1 }, "input.value"],
    ["a forest cover above 100 %", { parameter: "FOREST_COVER", value: 101 }, "input.value"],
    ["a station outside the project's region", { ubigeo: "211002" }, "input.ubigeo"],
    ["a malformed station code", { station: "estación 1" }, "input.station"],
    ["a date in the future", { measuredOn: "2999-01-01" }, "input.measuredOn"],
  ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, input, field) => {
    const result = await measure(input, "key-measure-bad-1");
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await h.server.models.Measurement.countDocuments()).toBe(1);
  });
});

describe("assessLiabilityRisk", () => {
  const assess = (input: Record<string, unknown>, key: string) =>
    h.run(ASSESS_RISK, {
      input: {
        liabilityId: "1001",
        riskLevel: "HIGH",
        study: "Estudio de riesgo AMSAC 2024",
        assessedOn: "2025-02-01",
        ...input,
      },
      key,
    });

  it("sets the risk level with its study, moving the liability from unknown to the level in the counters", async () => {
    await loadLiabilities(h.server.models, [liability(1), liability(2)]);
    expect(await stats("02")).toMatchObject({ liabilities: { UNKNOWN: 2 } });
    const result = await assess({}, "key-risk-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.assessLiabilityRisk).toEqual({
      id: "1001",
      riskLevel: "HIGH",
      riskStudy: "Estudio de riesgo AMSAC 2024",
      riskHistory: [
        {
          riskLevel: "HIGH",
          study: "Estudio de riesgo AMSAC 2024",
          assessedOn: "2025-02-01",
          recordedBy: "admin@test",
        },
      ],
    });
    for (const code of ["02", "0217", "021701"]) {
      expect(await stats(code)).toMatchObject({ liabilities: { UNKNOWN: 1, HIGH: 1 } });
    }
  });

  it("applies a retried assessment once, and refuses the key for another liability with CONFLICT", async () => {
    expect((await assess({}, "key-risk-0001")).errors).toBeUndefined();
    expect((await h.server.models.Liability.findOne({ ID: "1001" }).lean())?.riskHistory).toHaveLength(1);
    expect(await stats("02")).toMatchObject({ liabilities: { UNKNOWN: 1, HIGH: 1 } });
    const other = await assess({ liabilityId: "1002" }, "key-risk-0001");
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
  });

  it("moves the counters between levels on a re-assessment, and not at all when the level stays", async () => {
    expect(
      (await assess({ riskLevel: "VERY_HIGH", assessedOn: "2025-05-01" }, "key-risk-0002")).errors,
    ).toBeUndefined();
    expect(await stats("021701")).toMatchObject({ liabilities: { UNKNOWN: 1, HIGH: 0, VERY_HIGH: 1 } });
    const same = await assess(
      { riskLevel: "VERY_HIGH", study: "Actualización 2025", assessedOn: "2025-06-01" },
      "key-risk-0003",
    );
    expect(same.data?.assessLiabilityRisk).toMatchObject({
      riskLevel: "VERY_HIGH",
      riskStudy: "Actualización 2025",
    });
    expect(await stats("021701")).toMatchObject({ liabilities: { UNKNOWN: 1, HIGH: 0, VERY_HIGH: 1 } });
  });

  it("refuses an assessment dated before the last one, and answers NOT_FOUND for an unknown liability", async () => {
    const early = await assess({ assessedOn: "2024-01-01" }, "key-risk-0004");
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.assessedOn",
    });
    const unknown = await assess({ liabilityId: "77777" }, "key-risk-0005");
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.liabilityId" });
    expect((await h.server.models.Liability.findOne({ ID: "1001" }).lean())?.riskHistory).toHaveLength(3);
  });
});
