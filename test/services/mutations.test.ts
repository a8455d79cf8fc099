import { beforeAll, describe, expect, it } from "vitest";
import { rebuildServicesStats } from "../../subgraphs/services/src/counters.ts";
import { SERVICES_AGENCY } from "../../subgraphs/services/src/provenance.ts";
import { queryRegions } from "../support/region-entity.ts";
import { day, project, store } from "./fixtures.ts";
import { viewers } from "../support/viewers.ts";
import { useServices, type Result } from "./harness.ts";

const h = useServices();
const editor = viewers.editor("services");

const PROJECT = /* GraphQL */ `
  cui name function functionCode programme subprogramme executingUnit governmentLevel
  districts { ubigeo } status viableCost updatedCost accruedTotal
  execution { year month accrued provenance { kind } }
  registeredOn viableOn executionStartedOn closedOn
  provenance { kind source dataset note asOf }
`;

interface Project {
  cui: string;
  status: string;
  viableCost: string;
  updatedCost: string | null;
  accruedTotal: string;
  execution: { year: number; month: number | null; accrued: string; provenance: { kind: string } }[];
  viableOn: string | null;
  executionStartedOn: string | null;
  closedOn: string | null;
  provenance: { kind: string; source: string; dataset: string | null; note: string | null; asOf: string };
  districts: { ubigeo: string }[];
}

const today = new Date().toISOString().slice(0, 10);

/** A registration input (Tambopata first, then Inambari), with `fields` over it. */
function registration(cui: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cui,
    name: "[DEMO] MEJORAMIENTO DEL SERVICIO DE AGUA POTABLE EN LA LOCALIDAD DEMO 1",
    function: "SANITATION",
    programme: "SANEAMIENTO",
    subprogramme: "SANEAMIENTO RURAL",
    executingUnit: "UNIDAD EJECUTORA DEMO GL-170101",
    governmentLevel: "LOCAL",
    districts: ["170101", "170102"],
    status: "VIABLE",
    viableCost: "1000000.00",
    registeredOn: "2023-01-10",
    viableOn: "2023-02-01",
    ...fields,
  };
}

const MUTATIONS = {
  register: ["registerInvestmentProject", "RegisterInvestmentProjectInput"],
  accrual: ["recordInvestmentAccrual", "RecordInvestmentAccrualInput"],
  status: ["changeInvestmentStatus", "ChangeInvestmentStatusInput"],
} as const;

function run(
  which: keyof typeof MUTATIONS,
  input: Record<string, unknown>,
  key: string,
  viewer = editor,
): Promise<Result> {
  const [mutation, type] = MUTATIONS[which];
  return h.run(
    `mutation($input: ${type}!, $key: String!) { ${mutation}(input: $input, idempotencyKey: $key) { ${PROJECT} } }`,
    { input, key },
    viewer,
  );
}

async function ok(
  which: keyof typeof MUTATIONS,
  input: Record<string, unknown>,
  key: string,
): Promise<Project> {
  const result = await run(which, input, key);
  expect(result.errors).toBeUndefined();
  return result.data?.[MUTATIONS[which][0]] as Project;
}

function refusal(result: Result) {
  expect(result.data ?? null).toBeNull();
  return result.errors?.[0]?.extensions;
}

interface Figures {
  activeProjects: number;
  executed: string;
  yearlyAccrualsOutsidePeriodMonths: string;
  byFunction: { function: string; activeProjects: number; executed: string }[];
}

async function figures(ubigeo: string, from: string, to: string): Promise<Figures> {
  const result = await queryRegions(
    h.run,
    ubigeo,
    `services(period: { from: "${from}", to: "${to}" }) {
      activeProjects executed yearlyAccrualsOutsidePeriodMonths byFunction { function activeProjects executed }
    }`,
  );
  expect(result.errors).toBeUndefined();
  return (result.data?.region as { services: Figures }).services;
}

/**
 * What the stored counters say, whatever the order of their fields: counts that netted to zero, datasets left with
 * no record (and their descriptions) and documents left with nothing are what a rebuild would not write.
 */
async function counters(): Promise<string> {
  const docs = await h.server.models.Stats.find({}).sort({ _id: 1 }).lean();
  const prune = (value: unknown): unknown => {
    if (value instanceof Date || value === null || typeof value !== "object")
      return value === 0 ? undefined : value;
    const record = value as Record<string, unknown>;
    if (record["records"] === 0) return undefined;
    const entries = Object.keys(record)
      .sort()
      .map((key) => [key, prune(record[key])] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  return JSON.stringify(
    docs
      .map(({ _id, ubigeo, year, ...figures }) => ({ _id, ubigeo, year, figures: prune(figures) }))
      .filter((doc) => doc.figures !== undefined),
  );
}

/** The counters equal a full rebuild from the investments: every write moved them by exactly its change. */
async function expectCountersExact(): Promise<void> {
  const moved = await counters();
  await rebuildServicesStats(h.server.models);
  expect(moved).toBe(await counters());
}

beforeAll(async () => {
  h.mongo.resetStats();
});

describe("registerInvestmentProject", () => {
  it("registers an investment as the API answers it: ENTERED by MEF, nothing accrued, no figure moved", async () => {
    h.mongo.resetStats();
    const project = await ok("register", registration("9100001"), "key-register-9100001");
    expect(project).toMatchObject({
      cui: "9100001",
      status: "VIABLE",
      viableCost: "1000000.00",
      updatedCost: null,
      accruedTotal: "0.00",
      execution: [],
      viableOn: "2023-02-01",
      executionStartedOn: null,
      closedOn: null,
      districts: [{ ubigeo: "170101" }, { ubigeo: "170102" }],
      provenance: {
        kind: "ENTERED",
        source: SERVICES_AGENCY,
        dataset: null,
        note: `entered through the API by an editor of ${SERVICES_AGENCY}`,
        asOf: today,
      },
    });
    // One read (the CUI and the key at once), one insert, nothing for the counters (nothing counts yet).
    expect(h.commands("investment_projects")).toEqual({ find: 1, insert: 1 });
    expect(h.commands("investment_stats")).toEqual({});
    const stored = await h.server.models.Project.findOne({ cui: "9100001" }).lean();
    expect(stored).toMatchObject({
      registeredBy: "services-editor@test",
      regions: ["17", "1701", "170101", "170102"],
      statusHistory: [{ status: "VIABLE", recordedBy: "services-editor@test" }],
    });
    expect(stored?.statusHistory[0]?.on).toEqual(new Date("2023-02-01T00:00:00Z"));
  });

  it("answers a retry as the first time, and refuses the CUI under another key and the key for another input", async () => {
    const again = await run("register", registration("9100001"), "key-register-9100001");
    expect(again.errors).toBeUndefined();
    const before = await h.domainDigest();
    expect(refusal(await run("register", registration("9100001"), "key-register-other"))).toMatchObject({
      code: "CONFLICT",
      field: "input.cui",
    });
    expect(refusal(await run("register", registration("9100002"), "key-register-9100001"))).toMatchObject({
      code: "CONFLICT",
      field: "idempotencyKey",
    });
    expect(await h.domainDigest()).toBe(before);
  });

  it("registers in FORMULATION without a viability day, and refuses one", async () => {
    const project = await ok(
      "register",
      registration("9100002", { status: "FORMULATION", viableOn: null, districts: ["211002"] }),
      "key-register-9100002",
    );
    expect(project).toMatchObject({ status: "FORMULATION", viableOn: null });
    expect(
      refusal(
        await run("register", registration("9100003", { status: "FORMULATION" }), "key-register-9100003"),
      ),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "input.viableOn" });
  });
});

describe("changeInvestmentStatus and recordInvestmentAccrual", () => {
  it("starts execution: the investment is active in its first district only, from that day", async () => {
    h.mongo.resetStats();
    const project = await ok(
      "status",
      { cui: "9100001", status: "EXECUTION", on: "2023-03-15", updatedCost: "1200000.00" },
      "key-start-9100001",
    );
    expect(project).toMatchObject({
      status: "EXECUTION",
      executionStartedOn: "2023-03-15",
      updatedCost: "1200000.00",
    });
    // One read, one conditional update of the investment, one bulkWrite of the counters.
    expect(h.commands("investment_projects")).toEqual({ find: 1, findAndModify: 1 });
    expect(h.commands("investment_stats")).toEqual({ update: 1 });
    expect((await figures("170101", "2023-01-01", "2023-12-31")).activeProjects).toBe(1);
    expect((await figures("170102", "2023-01-01", "2023-12-31")).activeProjects).toBe(0);
    expect((await figures("17", "2023-01-01", "2023-03-14")).activeProjects).toBe(0);
    expect((await figures("00", "2024-01-01", "2024-12-31")).activeProjects).toBe(1);
    await expectCountersExact();
  });

  it("records a whole year and months, replaces an amount, and the figures move by the difference", async () => {
    await ok("accrual", { cui: "9100001", year: 2023, accrued: "300000.00" }, "key-acc-2023");
    await ok("accrual", { cui: "9100001", year: 2024, month: 2, accrued: "50000.00" }, "key-acc-2024-02");
    await ok("accrual", { cui: "9100001", year: 2024, month: 1, accrued: "20000.50" }, "key-acc-2024-01");
    expect((await figures("1701", "2024-01-01", "2024-12-31")).executed).toBe("70000.50");
    h.mongo.resetStats();
    const replaced = await ok(
      "accrual",
      { cui: "9100001", year: 2024, month: 2, accrued: "45000.00" },
      "key-acc-2024-02-fix",
    );
    expect(h.commands("investment_projects")).toEqual({ find: 1, findAndModify: 1 });
    expect(h.commands("investment_stats")).toEqual({ update: 1 });
    expect(replaced.execution.map((e) => [e.year, e.month, e.accrued, e.provenance.kind])).toEqual([
      [2023, null, "300000.00", "ENTERED"],
      [2024, 1, "20000.50", "ENTERED"],
      [2024, 2, "45000.00", "ENTERED"],
    ]);
    expect(replaced.accruedTotal).toBe("365000.50");
    const year = await figures("170101", "2024-01-01", "2024-12-31");
    expect(year).toMatchObject({
      activeProjects: 1,
      executed: "65000.50",
      byFunction: [{ function: "SANITATION", activeProjects: 1, executed: "65000.50" }],
    });
    // The whole-year amount of 2023 counts in a period covering 2023 whole, and is set apart in one that cuts it.
    expect((await figures("17", "2023-01-01", "2023-12-31")).executed).toBe("300000.00");
    expect(await figures("17", "2023-06-01", "2024-01-31")).toMatchObject({
      executed: "20000.50",
      yearlyAccrualsOutsidePeriodMonths: "300000.00",
    });
    expect((await figures("170102", "2023-01-01", "2024-12-31")).executed).toBe("0.00");
    await expectCountersExact();
  });

  it("replays a replaced accrual's key without setting its amount again", async () => {
    const before = await h.domainDigest();
    const replay = await run(
      "accrual",
      { cui: "9100001", year: 2024, month: 2, accrued: "50000.00" },
      "key-acc-2024-02",
    );
    expect(replay.errors).toBeUndefined();
    expect((replay.data?.["recordInvestmentAccrual"] as Project).accruedTotal).toBe("365000.50");
    expect(await h.domainDigest()).toBe(before);
    expect(
      refusal(
        await run("accrual", { cui: "9100001", year: 2024, month: 3, accrued: "1.00" }, "key-acc-2024-02"),
      ),
    ).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    // A key is one request whichever mutation sends it.
    expect(
      refusal(await run("status", { cui: "9100001", status: "CLOSED", on: "2024-06-30" }, "key-acc-2023")),
    ).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(refusal(await run("register", registration("9100009"), "key-start-9100001"))).toMatchObject({
      code: "CONFLICT",
      field: "idempotencyKey",
    });
    // A replaced accrual's key stays taken for any other investment (found through its own index).
    expect(refusal(await run("register", registration("9100009"), "key-acc-2024-02"))).toMatchObject({
      code: "CONFLICT",
      field: "idempotencyKey",
    });
    expect(await h.domainDigest()).toBe(before);
  });

  const REFUSED: [string, keyof typeof MUTATIONS, Record<string, unknown>, string, string][] = [
    [
      "a month of a year given whole",
      "accrual",
      { cui: "9100001", year: 2023, month: 5, accrued: "1.00" },
      "input.month",
      "BAD_USER_INPUT",
    ],
    [
      "a whole year of a year given by months",
      "accrual",
      { cui: "9100001", year: 2024, accrued: "1.00" },
      "input.month",
      "BAD_USER_INPUT",
    ],
    [
      "a month before execution started",
      "accrual",
      { cui: "9100001", year: 2023, month: 2, accrued: "1.00" },
      "input.month",
      "BAD_USER_INPUT",
    ],
    [
      "a year before execution started",
      "accrual",
      { cui: "9100001", year: 2022, accrued: "1.00" },
      "input.year",
      "BAD_USER_INPUT",
    ],
    [
      "an investment not in execution",
      "accrual",
      { cui: "9100002", year: 2024, month: 1, accrued: "1.00" },
      "input.cui",
      "BAD_USER_INPUT",
    ],
    [
      "an unknown investment",
      "accrual",
      { cui: "9199999", year: 2024, month: 1, accrued: "1.00" },
      "input.cui",
      "NOT_FOUND",
    ],
    [
      "a total beyond twice the cost",
      "accrual",
      { cui: "9100001", year: 2024, month: 3, accrued: "2100000.00" },
      "input.accrued",
      "BAD_USER_INPUT",
    ],
    [
      "a change the cycle does not allow",
      "status",
      { cui: "9100001", status: "VIABLE", on: "2024-06-30" },
      "input.status",
      "BAD_USER_INPUT",
    ],
    [
      "a day before the last change",
      "status",
      { cui: "9100001", status: "CLOSED", on: "2023-03-01" },
      "input.on",
      "BAD_USER_INPUT",
    ],
    [
      "a closing before the last accrued month",
      "status",
      { cui: "9100001", status: "CLOSED", on: "2024-01-31" },
      "input.on",
      "BAD_USER_INPUT",
    ],
    [
      "an updated cost of nothing",
      "status",
      { cui: "9100001", status: "CLOSED", on: "2024-06-30", updatedCost: "0.00" },
      "input.updatedCost",
      "BAD_USER_INPUT",
    ],
    [
      "an unknown investment",
      "status",
      { cui: "9199999", status: "VIABLE", on: "2024-06-30" },
      "input.cui",
      "NOT_FOUND",
    ],
  ];
  for (const [label, which, input, field, code] of REFUSED) {
    it(`${MUTATIONS[which][0]} refuses ${label} (${code} naming ${field}) and writes nothing`, async () => {
      const before = await h.domainDigest();
      expect(refusal(await run(which, input, `key-refused-${label.replaceAll(" ", "-")}`))).toMatchObject({
        code,
        field,
      });
      expect(await h.domainDigest()).toBe(before);
    });
  }

  it("deactivates an investment in execution (it stops being active) and reopens it (active again)", async () => {
    const off = await ok(
      "status",
      { cui: "9100001", status: "DEACTIVATED", on: "2024-03-10" },
      "key-off-9100001",
    );
    expect(off).toMatchObject({ status: "DEACTIVATED", closedOn: "2024-03-10" });
    expect((await figures("170101", "2024-03-11", "2024-12-31")).activeProjects).toBe(0);
    expect((await figures("170101", "2024-03-10", "2024-12-31")).activeProjects).toBe(1);
    await expectCountersExact();
    expect(
      refusal(await run("status", { cui: "9100001", status: "CLOSED", on: "2024-04-01" }, "key-off-closed")),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
    const on = await ok(
      "status",
      { cui: "9100001", status: "EXECUTION", on: "2024-04-01" },
      "key-on-9100001",
    );
    expect(on).toMatchObject({ status: "EXECUTION", closedOn: null, executionStartedOn: "2023-03-15" });
    expect((await figures("170101", "2024-06-01", "2024-12-31")).activeProjects).toBe(1);
    await expectCountersExact();
  });

  it("closes an investment (active to its closing day), which then changes no more but may still accrue", async () => {
    const closed = await ok(
      "status",
      { cui: "9100001", status: "CLOSED", on: "2024-06-30" },
      "key-close-9100001",
    );
    expect(closed).toMatchObject({ status: "CLOSED", closedOn: "2024-06-30" });
    expect((await figures("170101", "2024-06-30", "2024-12-31")).activeProjects).toBe(1);
    expect((await figures("170101", "2024-07-01", "2024-12-31")).activeProjects).toBe(0);
    await ok("accrual", { cui: "9100001", year: 2024, month: 6, accrued: "5000.00" }, "key-acc-2024-06");
    expect(
      refusal(
        await run("accrual", { cui: "9100001", year: 2024, month: 7, accrued: "1.00" }, "key-acc-2024-07"),
      ),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "input.month" });
    expect(
      refusal(
        await run("status", { cui: "9100001", status: "DEACTIVATED", on: "2024-07-01" }, "key-closed-off"),
      ),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "input.status" });
    expect((await figures("00", "2024-01-01", "2024-12-31")).executed).toBe("70000.50");
    await expectCountersExact();
  });

  it("takes an investment from FORMULATION through VIABLE to deactivated and back, never active", async () => {
    await ok("status", { cui: "9100002", status: "VIABLE", on: "2024-02-01" }, "key-viable-9100002");
    await ok("status", { cui: "9100002", status: "DEACTIVATED", on: "2024-05-01" }, "key-off-9100002");
    const back = await ok(
      "status",
      { cui: "9100002", status: "VIABLE", on: "2024-08-01" },
      "key-back-9100002",
    );
    expect(back).toMatchObject({ status: "VIABLE", viableOn: "2024-02-01", closedOn: null });
    expect((await figures("211002", "2024-01-01", "2024-12-31")).activeProjects).toBe(0);
    await expectCountersExact();
  });

  it("takes no year an imported accruedBeforeYear holds, and counts it in accruedTotal only", async () => {
    await store(
      h.server.models,
      project({
        cui: "9100021",
        districts: ["080101"],
        executionStartedOn: day("2021-05-01"),
        accruedBeforeYear: { accruedCents: 30_000_000, throughYear: 2023 },
      }),
    );
    const before = await h.domainDigest();
    expect(
      refusal(await run("accrual", { cui: "9100021", year: 2023, accrued: "1.00" }, "key-before-2023")),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "input.year" });
    expect(await h.domainDigest()).toBe(before);
    const recorded = await ok(
      "accrual",
      { cui: "9100021", year: 2024, month: 3, accrued: "1000.00" },
      "key-before-2024-03",
    );
    expect(recorded.accruedTotal).toBe("301000.00");
    expect((await figures("080101", "2021-01-01", "2024-12-31")).executed).toBe("1000.00");
    await expectCountersExact();
  });

  it("takes an imported investment's days, with no history, as its last change", async () => {
    await store(
      h.server.models,
      project({ cui: "9100020", districts: ["040307"], executionStartedOn: day("2024-05-01") }),
    );
    const before = await h.domainDigest();
    expect(
      refusal(
        await run("status", { cui: "9100020", status: "CLOSED", on: "2024-04-30" }, "key-imported-early"),
      ),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "input.on" });
    expect(await h.domainDigest()).toBe(before);
    const closed = await ok(
      "status",
      { cui: "9100020", status: "CLOSED", on: "2024-05-01" },
      "key-imported-close",
    );
    expect(closed).toMatchObject({
      status: "CLOSED",
      executionStartedOn: "2024-05-01",
      closedOn: "2024-05-01",
    });
    await expectCountersExact();
  });

  it("answers the same request sent twice at once as one request: one entry, counters moved once", async () => {
    const input = { cui: "9100020", year: 2024, month: 5, accrued: "1000.00" };
    h.mongo.resetStats();
    const [first, second] = await Promise.all([
      run("accrual", input, "key-twins-9100020"),
      run("accrual", input, "key-twins-9100020"),
    ]);
    expect(first?.errors).toBeUndefined();
    expect(second).toEqual(first);
    // Both read; one wrote, the other found its update refused and the key held, and read the result back.
    expect(h.commands("investment_projects")).toEqual({ find: 3, findAndModify: 2 });
    expect(h.commands("investment_stats")).toEqual({ update: 1 });
    const stored = await h.server.models.Project.findOne({ cui: "9100020" }).lean();
    expect(stored?.execution.map((e) => [e.year, e.month, e.accruedCents])).toEqual([[2024, 5, 100_000]]);
    await expectCountersExact();
  });
});
