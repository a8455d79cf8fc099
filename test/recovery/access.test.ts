import { beforeAll, describe, expect, it } from "vitest";
import {
  COLUMNS,
  expectCell,
  looksLikeInitials,
  looksLikePseudonym,
  rucAsPassedBy,
  viewerFor,
  type Column,
  type Row,
} from "../support/access-matrix.ts";
import { queryRegions } from "../support/region-entity.ts";
import { viewers } from "../support/viewers.ts";
import { area, liability, loadLiabilities, project, validRuc } from "./fixtures.ts";
import { useRecovery, type Result } from "./harness.ts";

const h = useRecovery();
const editor = viewers.editor("recovery");

/** A person responsible for liability 1001 (RUC 10: it holds a DNI), and companies for 1002 and 1003. */
const PERSON = validRuc("1045678912");
const COMPANY = validRuc("2045678912");
const OTHER_COMPANY = validRuc("2060011122");

/**
 * The writes that seed the data, made by a recovery editor; the matrix replays them (same key, same input) as
 * each viewer, so the writers' cells write nothing new.
 */
const WRITES = {
  assessLiabilityRisk: {
    type: "AssessLiabilityRiskInput",
    input: {
      liabilityId: "1001",
      riskLevel: "HIGH",
      study: "Estudio de riesgo EUM Santa Rosa, AMSAC 2024",
      assessedOn: "2025-01-15",
    },
  },
  registerDegradedArea: { type: "RegisterDegradedAreaInput", input: area() },
  registerRestorationProject: {
    type: "RegisterRestorationProjectInput",
    input: project({ degradedAreaIds: ["DA-0000001"], hectaresPlanned: 10, liabilityIds: ["1001"] }),
  },
  recordRestorationProgress: {
    type: "RecordRestorationProgressInput",
    input: {
      projectId: "RP-0001",
      date: "2025-05-01",
      status: "IN_PROGRESS",
      areas: [{ degradedAreaId: "DA-0000001", hectares: 2.5 }],
      executed: "1000.00",
      note: "Primer informe de avance",
    },
  },
  recordMonitoringMeasurement: {
    type: "RecordMonitoringMeasurementInput",
    input: {
      projectId: "RP-0001",
      parameter: "MERCURY_IN_WATER",
      value: 0.002,
      measuredOn: "2025-05-10",
      station: "EST-01",
      ubigeo: "170102",
    },
  },
} as const;
type Write = keyof typeof WRITES;

function write(name: Write, viewer = editor): Promise<Result> {
  const { type, input } = WRITES[name];
  return h.run(
    `mutation($input: ${type}!, $key: String!) { ${name}(input: $input, idempotencyKey: $key) { id } }`,
    { input, key: `key-access-${name}` },
    viewer,
  );
}

beforeAll(async () => {
  await loadLiabilities(h.server.models, [
    liability(1, {
      ID: "1001",
      ID_DIST: "170102",
      TITULAR: "JUAN CARLOS PEREZ QUISPE",
      GENERADOR: "ROSA ELENA MAMANI CCORI",
      RESPONSABLE: "JUAN CARLOS PEREZ QUISPE",
      responsibleRuc: PERSON,
      ESTUDIO_AMBIENTAL: "PLAN DE CIERRE DE PASIVOS AMBIENTALES MINEROS SANTA ROSA",
    }),
    liability(2, {
      ID: "1002",
      TITULAR: "COMPAÑIA MINERA SANTA ROSA S.A.",
      GENERADOR: "COMPAÑIA MINERA SANTA ROSA S.A.",
      RESPONSABLE: "Compañía Minera Santa Rosa S.A.",
      responsibleRuc: COMPANY,
    }),
    liability(3, {
      ID: "1003",
      TITULAR: "PEDRO PABLO QUISPE HUAMAN",
      GENERADOR: null,
      RESPONSABLE: "MINERA ANDINA DEL SUR S.A.C.",
      responsibleRuc: OTHER_COMPANY,
    }),
    liability(4, {
      ID: "1004",
      TITULAR: "COMPAÑIA MINERA SANTA ROSA S.A.",
      GENERADOR: null,
      RESPONSABLE: "ACTIVOS MINEROS S.A.C.",
      responsibleRuc: null,
    }),
  ]);
  for (const name of Object.keys(WRITES) as Write[]) {
    const result = await write(name);
    expect(result.errors, name).toBeUndefined();
  }
  // Then a newer annex left liability 1001 out (after it was assessed and named in a project: a removed
  // liability takes no more writes), so its removal is there to read.
  await h.server.models.Liability.updateOne(
    { ID: "1001" },
    {
      $set: {
        removedFromInventory: {
          since: new Date("2026-01-15"),
          resolution: "RM 000-2026-EJEMPLO",
          lastRow: 1,
        },
      },
    },
  );
});

/* The expectations, written out per level of the rules (not computed from them). */

/** Staff see it; the public and donors do not (`DETAIL`). */
const STAFF: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "allow",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "allow",
  admin: "allow",
};
/** Analysts, recovery editors and admins; not other pillars' editors (`SENSITIVE`). */
const NO_OTHER_EDITORS: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "allow",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "deny",
  admin: "allow",
};
/** Personal data: in full with the grant, for recovery editors and admins; masked for other staff. */
const MASKED: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "mask",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "mask",
  admin: "allow",
};
/** Writes: recovery editors and admins only. */
const WRITERS: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "deny",
  analystPersonalData: "deny",
  ownEditor: "allow",
  otherEditor: "deny",
  admin: "allow",
};

/** Every field whose rule is neither PUBLIC nor INTERNAL, with what each viewer gets. */
const TABLE: Record<string, Row> = {
  "Query.degradedAreas": STAFF,
  "Query.degradedArea": STAFF,
  "Query.miningLiabilities": STAFF,
  "Query.miningLiability": STAFF,
  "Query.restorationProjects": STAFF,
  "Query.restorationProject": STAFF,
  "Mutation.registerDegradedArea": WRITERS,
  "Mutation.registerRestorationProject": WRITERS,
  "Mutation.recordRestorationProgress": WRITERS,
  "Mutation.recordMonitoringMeasurement": WRITERS,
  "Mutation.assessLiabilityRisk": WRITERS,
  "DegradedArea.id": STAFF,
  "DegradedArea.name": STAFF,
  "DegradedArea.district": STAFF,
  "DegradedArea.hectares": STAFF,
  "DegradedArea.hectaresRestored": STAFF,
  "DegradedArea.cause": STAFF,
  "DegradedArea.source": STAFF,
  "DegradedArea.sourceReference": STAFF,
  "DegradedArea.detectedOn": STAFF,
  "DegradedArea.miningCorridor": STAFF,
  "DegradedArea.geometry": STAFF,
  "DegradedArea.location": STAFF,
  "DegradedArea.provenance": STAFF,
  "DegradedAreaConnection.edges": STAFF,
  "DegradedAreaConnection.pageInfo": STAFF,
  "DegradedAreaConnection.totalCount": STAFF,
  "DegradedAreaEdge.cursor": STAFF,
  "DegradedAreaEdge.node": STAFF,
  "MiningLiability.id": STAFF,
  "MiningLiability.inventoryRow": STAFF,
  "MiningLiability.formerMiningUnit": STAFF,
  "MiningLiability.type": STAFF,
  "MiningLiability.subtype": STAFF,
  "MiningLiability.basin": STAFF,
  "MiningLiability.district": STAFF,
  "MiningLiability.utm": STAFF,
  "MiningLiability.location": STAFF,
  "MiningLiability.miningRightCode": STAFF,
  "MiningLiability.miningRightName": STAFF,
  "MiningLiability.holder": MASKED,
  "MiningLiability.generator": MASKED,
  "MiningLiability.responsible": STAFF,
  "MiningLiability.responsibleName": MASKED,
  "MiningLiability.environmentalStudy": STAFF,
  "MiningLiability.riskLevel": STAFF,
  "MiningLiability.riskStudy": STAFF,
  "MiningLiability.riskHistory": STAFF,
  "MiningLiability.inventoryResolution": STAFF,
  "MiningLiability.provenance": STAFF,
  "MiningLiability.removedFromInventory": STAFF,
  "InventoryRemoval.since": STAFF,
  "InventoryRemoval.resolution": STAFF,
  "InventoryRemoval.lastRow": STAFF,
  "UtmCoordinates.east": STAFF,
  "UtmCoordinates.north": STAFF,
  "UtmCoordinates.zone": STAFF,
  "RiskAssessment.riskLevel": STAFF,
  "RiskAssessment.study": STAFF,
  "RiskAssessment.assessedOn": STAFF,
  "RiskAssessment.recordedBy": NO_OTHER_EDITORS,
  "RiskAssessment.provenance": STAFF,
  "MiningLiabilityConnection.edges": STAFF,
  "MiningLiabilityConnection.pageInfo": STAFF,
  "MiningLiabilityConnection.totalCount": STAFF,
  "MiningLiabilityEdge.cursor": STAFF,
  "MiningLiabilityEdge.node": STAFF,
  "RestorationProject.id": STAFF,
  "RestorationProject.name": STAFF,
  "RestorationProject.region": STAFF,
  "RestorationProject.degradedAreas": STAFF,
  "RestorationProject.liabilities": STAFF,
  "RestorationProject.hectaresPlanned": STAFF,
  "RestorationProject.hectaresRestored": STAFF,
  "RestorationProject.status": STAFF,
  "RestorationProject.budget": STAFF,
  "RestorationProject.executed": STAFF,
  "RestorationProject.implementingAgency": STAFF,
  "RestorationProject.fundedBy": STAFF,
  "RestorationProject.startDate": STAFF,
  "RestorationProject.plannedEndDate": STAFF,
  "RestorationProject.progress": STAFF,
  "RestorationProject.provenance": STAFF,
  "RestorationProject.measurements": STAFF,
  "RestorationProgress.date": STAFF,
  "RestorationProgress.areas": STAFF,
  "RestorationProgress.hectaresRestored": STAFF,
  "RestorationProgress.status": STAFF,
  "RestorationProgress.executed": STAFF,
  "RestorationProgress.note": STAFF,
  "RestorationProgress.recordedBy": NO_OTHER_EDITORS,
  "RestorationProgress.provenance": STAFF,
  "AreaRestoration.degradedArea": STAFF,
  "AreaRestoration.hectares": STAFF,
  "MonitoringMeasurement.id": STAFF,
  "MonitoringMeasurement.project": STAFF,
  "MonitoringMeasurement.parameter": STAFF,
  "MonitoringMeasurement.value": STAFF,
  "MonitoringMeasurement.unit": STAFF,
  "MonitoringMeasurement.measuredOn": STAFF,
  "MonitoringMeasurement.station": STAFF,
  "MonitoringMeasurement.district": STAFF,
  "MonitoringMeasurement.provenance": STAFF,
  "Operator.ruc": MASKED,
  "Operator.liabilities": STAFF,
};

/** How a masked value looks, by field. */
const MASK_CHECKS: Record<string, (value: unknown) => boolean> = {
  "MiningLiability.holder": looksLikeInitials,
  "MiningLiability.generator": looksLikeInitials,
  "MiningLiability.responsibleName": looksLikeInitials,
  "Operator.ruc": looksLikePseudonym,
};

/** The selection under an object-valued field, by field name. */
const SUBSELECTIONS: Record<string, string> = {
  district: "{ ubigeo }",
  region: "{ ubigeo }",
  location: "{ latitude longitude }",
  utm: "{ east north zone }",
  removedFromInventory: "{ since }",
  responsible: "{ __typename }",
  riskHistory: "{ study }",
  degradedAreas: "{ id }",
  liabilities: "{ id }",
  progress: "{ date }",
  measurements: "{ id }",
  areas: "{ hectares }",
  degradedArea: "{ id }",
  project: "{ id }",
  edges: "{ cursor }",
  pageInfo: "{ hasNextPage }",
  node: "{ id }",
  provenance: "{ kind asOf }",
};

/** The root fields, each called so that it finds the seeded data. */
const ROOT_CALLS: Record<string, string> = {
  degradedAreas: `degradedAreas(first: 1) { totalCount }`,
  degradedArea: `degradedArea(id: "DA-0000001") { id }`,
  miningLiabilities: `miningLiabilities(first: 1) { totalCount }`,
  miningLiability: `miningLiability(id: "1001") { id }`,
  restorationProjects: `restorationProjects { id }`,
  restorationProject: `restorationProject(id: "RP-0001") { id }`,
};

/**
 * One way to reach a field: a query around its selection, its variables as the viewer of a column sends them (an
 * analyst without the grant names a person by the pseudonym it was shown), and the path of its parent.
 */
interface Route {
  name: string;
  query: (selection: string) => string;
  variables?: (column: Column) => Record<string, unknown>;
  path: (string | number)[];
}

function nested(name: string, around: (selection: string) => string, path: (string | number)[]): Route {
  return { name, query: (s) => `{ ${around(s)} }`, path };
}

function entity(
  typename: string,
  key: Record<string, unknown> | ((column: Column) => Record<string, unknown>),
): Route {
  return {
    name: "_entities",
    query: (s) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${s} } } }`,
    variables: (column) => ({
      r: [{ __typename: typename, ...(typeof key === "function" ? key(column) : key) }],
    }),
    path: ["_entities", 0],
  };
}

const area1 = (s: string) => `degradedArea(id: "DA-0000001") { ${s} }`;
const liability1 = (s: string) => `miningLiability(id: "1001") { ${s} }`;
const project1 = (s: string) => `restorationProject(id: "RP-0001") { ${s} }`;

/** Every route to the fields of each type: through a root field and, for entities, through `_entities`. */
const ROUTES: Record<string, Route[]> = {
  DegradedArea: [
    nested("degradedArea", area1, ["degradedArea"]),
    entity("DegradedArea", { id: "DA-0000001" }),
  ],
  DegradedAreaConnection: [
    nested("degradedAreas", (s) => `degradedAreas(first: 1) { ${s} }`, ["degradedAreas"]),
  ],
  DegradedAreaEdge: [
    nested("degradedAreas", (s) => `degradedAreas(first: 1) { edges { ${s} } }`, [
      "degradedAreas",
      "edges",
      0,
    ]),
  ],
  MiningLiability: [
    nested("miningLiability", liability1, ["miningLiability"]),
    entity("MiningLiability", { id: "1001" }),
  ],
  UtmCoordinates: [nested("miningLiability", (s) => liability1(`utm { ${s} }`), ["miningLiability", "utm"])],
  InventoryRemoval: [
    nested("miningLiability", (s) => liability1(`removedFromInventory { ${s} }`), [
      "miningLiability",
      "removedFromInventory",
    ]),
  ],
  RiskAssessment: [
    nested("miningLiability", (s) => liability1(`riskHistory { ${s} }`), [
      "miningLiability",
      "riskHistory",
      0,
    ]),
  ],
  MiningLiabilityConnection: [
    nested("miningLiabilities", (s) => `miningLiabilities(first: 1) { ${s} }`, ["miningLiabilities"]),
  ],
  MiningLiabilityEdge: [
    nested("miningLiabilities", (s) => `miningLiabilities(first: 1) { edges { ${s} } }`, [
      "miningLiabilities",
      "edges",
      0,
    ]),
  ],
  RestorationProject: [
    nested("restorationProject", project1, ["restorationProject"]),
    nested("restorationProjects", (s) => `restorationProjects(ubigeo: "17") { ${s} }`, [
      "restorationProjects",
      0,
    ]),
    entity("RestorationProject", { id: "RP-0001" }),
  ],
  RestorationProgress: [
    nested("restorationProject", (s) => project1(`progress { ${s} }`), ["restorationProject", "progress", 0]),
  ],
  AreaRestoration: [
    nested("restorationProject", (s) => project1(`progress { areas { ${s} } }`), [
      "restorationProject",
      "progress",
      0,
      "areas",
      0,
    ]),
  ],
  MonitoringMeasurement: [
    nested("restorationProject", (s) => project1(`measurements { ${s} }`), [
      "restorationProject",
      "measurements",
      0,
    ]),
  ],
  Operator: [
    nested("miningLiability", (s) => liability1(`responsible { ${s} }`), ["miningLiability", "responsible"]),
    entity("Operator", (column) => ({ ruc: rucAsPassedBy(column, PERSON) })),
  ],
};

/** The queries that reach `Type.field`, each with the path of the field in its answer. */
function reach(key: string): {
  name: string;
  query: string;
  variables: (column: Column) => Record<string, unknown>;
  path: (string | number)[];
}[] {
  const [type = "", field = ""] = key.split(".");
  if (type === "Query") {
    const call = ROOT_CALLS[field];
    if (!call) throw new Error(`no root call for ${key}`);
    return [{ name: field, query: `{ ${call} }`, variables: () => ({}), path: [field] }];
  }
  if (type === "Mutation") {
    const { type: inputType, input } = WRITES[field as Write];
    return [
      {
        name: field,
        query: `mutation($input: ${inputType}!, $key: String!) { ${field}(input: $input, idempotencyKey: $key) { id } }`,
        variables: () => ({ input, key: `key-access-${field}` }),
        path: [field],
      },
    ];
  }
  const routes = ROUTES[type];
  if (!routes) throw new Error(`no route to ${type}`);
  const selection = `${field} ${SUBSELECTIONS[field] ?? ""}`;
  return routes.map((route) => ({
    name: route.name,
    query: route.query(selection),
    variables: route.variables ?? (() => ({})),
    path: [...route.path, field],
  }));
}

function at(data: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, step) => (value == null ? value : (value as Record<string | number, unknown>)[step]),
    data,
  );
}

describe("the role × field matrix", () => {
  it("lists every field whose rule is neither PUBLIC nor INTERNAL, and nothing else", () => {
    const gated = [...h.server.rules]
      .filter(([, rule]) => rule.read !== "PUBLIC" && rule.read !== "INTERNAL")
      .map(([key]) => key);
    expect(Object.keys(TABLE).sort()).toEqual(gated.sort());
  });

  it.each(Object.keys(TABLE))("%s reads as the table says for every viewer, by every route", async (key) => {
    const row = TABLE[key] as Row;
    for (const route of reach(key)) {
      const asAdmin = await h.run(route.query, route.variables("admin"), viewers.admin);
      expect(asAdmin.errors, `${route.name} as admin`).toBeUndefined();
      const raw = at(asAdmin.data, route.path);
      expect(raw, `${key} by ${route.name} is seeded`).not.toBeNull();
      for (const column of COLUMNS) {
        const result = await h.run(route.query, route.variables(column), viewerFor(column, "recovery"));
        try {
          expectCell(result, route.path, row[column], raw, MASK_CHECKS[key]);
        } catch (error) {
          throw new Error(`${key} by ${route.name} for ${column}: ${(error as Error).message}`);
        }
      }
    }
  });
});

describe("entity resolution", () => {
  const gated: [string, Record<string, unknown>, string][] = [
    ["DegradedArea", { id: "DA-0000001" }, "id hectares"],
    ["MiningLiability", { id: "1001" }, "id holder"],
    ["RestorationProject", { id: "RP-0001" }, "id degradedAreas { id } measurements { value }"],
    ["Operator", { ruc: PERSON }, "ruc liabilities { id }"],
  ];

  it.each(gated)(
    "refuses %s to the public and donors with FORBIDDEN, sending no database command",
    async (typename, key, selection) => {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${selection} } } }`;
      for (const viewer of [viewers.public, viewers.donor("XM-DAC-NOT-A-FUNDER")]) {
        h.mongo.resetStats();
        const result = await h.run(
          query,
          {
            r: [
              { __typename: typename, ...key },
              { __typename: typename, ...key },
            ],
          },
          viewer,
        );
        expect(result.data?.["_entities"]).toEqual([null, null]);
        expect(result.errors?.map((e) => [e.extensions?.["code"], e.path])).toEqual([
          ["FORBIDDEN", ["_entities", 0]],
          ["FORBIDDEN", ["_entities", 1]],
        ]);
        expect(h.allCommands()).toEqual({});
      }
    },
  );

  it("resolves an Operator by the pseudonym an analyst sees, and shows the analyst that pseudonym", async () => {
    const seen = await h.run(`{ miningLiability(id: "1001") { responsible { ruc } } }`, {}, viewers.analyst);
    const pseudonym = (seen.data?.["miningLiability"] as { responsible: { ruc: string } }).responsible.ruc;
    expect(pseudonym).toMatch(/^psn_/);
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc liabilities(inventory: ALL) { id } } } }`,
      { r: [{ __typename: "Operator", ruc: pseudonym }] },
      viewers.analyst,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.["_entities"]).toEqual([{ ruc: pseudonym, liabilities: [{ id: "1001" }] }]);
    expect(JSON.stringify(result)).not.toContain(PERSON);
  });

  it("refuses a pseudonym the hub did not issue with BAD_USER_INPUT", async () => {
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc } } }`,
      { r: [{ __typename: "Operator", ruc: "psn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }] },
      viewers.analyst,
    );
    expect(result.data?.["_entities"]).toEqual([null]);
    expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
  });
});

describe("names on a liability", () => {
  const NAMES = `{ miningLiabilities(first: 10, filter: { inventory: ALL }) { edges { node { id holder generator responsibleName responsible { ruc } } } } }`;
  const nodes = (result: Result) =>
    (result.data?.["miningLiabilities"] as { edges: { node: Record<string, unknown> }[] }).edges.map(
      (e) => e.node,
    );

  it("shows an analyst a company's names in full when the responsible company is also the holder and generator", async () => {
    const result = await h.run(NAMES, {}, viewers.analyst);
    expect(result.errors).toBeUndefined();
    expect(nodes(result).find((l) => l["id"] === "1002")).toEqual({
      id: "1002",
      holder: "COMPAÑIA MINERA SANTA ROSA S.A.",
      generator: "COMPAÑIA MINERA SANTA ROSA S.A.",
      responsibleName: "Compañía Minera Santa Rosa S.A.",
      responsible: { ruc: COMPANY },
    });
  });

  it("shows an analyst initials when the holder may be another party, or the responsible has no RUC or is a person", async () => {
    const result = await h.run(NAMES, {}, viewers.analyst);
    const byId = new Map(nodes(result).map((l) => [l["id"], l]));
    expect(byId.get("1001")).toEqual({
      id: "1001",
      holder: "J. C. P. Q.",
      generator: "R. E. M. C.",
      responsibleName: "J. C. P. Q.",
      responsible: { ruc: expect.stringMatching(/^psn_/) as unknown },
    });
    expect(byId.get("1003")).toMatchObject({ holder: "P. P. Q. H.", responsibleName: "M. A. D. S. S." });
    expect(byId.get("1004")).toMatchObject({ holder: "C. M. S. R. S.", responsibleName: "A. M. S." });
    const admin = nodes(await h.run(NAMES, {}, viewers.admin));
    expect(admin.find((l) => l["id"] === "1003")).toMatchObject({ holder: "PEDRO PABLO QUISPE HUAMAN" });
  });
});

describe("public figures", () => {
  it("lets the public read a region's recovery figures, the aggregates of what it may not see", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `name recovery(period: { from: "2025-01-01", to: "2025-12-31" }) {
        hectaresDegraded degradedAreasDetected hectaresRestored activeRestorationProjects liabilities { total high }
      }`,
      { viewer: viewers.public },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.["region"]).toEqual({
      name: "Madre de Dios",
      recovery: {
        hectaresDegraded: 12.34,
        degradedAreasDetected: 1,
        hectaresRestored: 2.5,
        activeRestorationProjects: 1,
        liabilities: { total: 1, high: 1 },
      },
    });
  });
});
