import { beforeAll, describe, expect, it } from "vitest";
import {
  COLUMNS,
  expectCell,
  looksLikePseudonym,
  rucAsPassedBy,
  viewerFor,
  type Column,
} from "../support/access-matrix.ts";
import { regionEntities } from "../support/region-entity.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { SEES_PERSONAL_DATA, TABLE } from "./access-table.ts";
import {
  claim,
  office,
  operation,
  outpost,
  RECORD,
  RECORD_CLAIM,
  UPDATE_CASELOAD,
  validRuc,
} from "./fixtures.ts";
import { useEradication, type Result } from "./harness.ts";

const h = useEradication();
const PILLAR = "eradication";
const editor = viewers.editor(PILLAR);

/** A person's RUC (10 + a DNI) and a company's, both targeted by the seeded operation. */
const PERSON = validRuc("1045678912");
const COMPANY = validRuc("2060123456");
const OPERATION_DISTRICT = "170102";
const OUTPOST_DISTRICT = "130809";
const OUTPOST = "SO-PATAZ-SHICUN";
const OFFICE_DISTRICT = "170101";
const OFFICE = "FEMA-17-01";
let operationId = "";
let claimId = "";

beforeAll(async () => {
  const recorded = await h.run(
    RECORD,
    {
      input: operation({
        name: "Operación Zafiro",
        ubigeo: OPERATION_DISTRICT,
        targetRucs: [PERSON, COMPANY],
        source: {
          kind: "PRESS_RELEASE",
          reference: "NP 0311-2025-PNP",
          url: "https://www.gob.pe/pnp/np-0311",
        },
      }),
      key: "access-seed-operation",
    },
    editor,
  );
  if (recorded.errors) throw new Error(JSON.stringify(recorded.errors));
  operationId = (recorded.data?.recordEnforcementOperation as { id: string }).id;
  await h.server.models.Outpost.collection.insertOne(outpost(OUTPOST, "Shicún", OUTPOST_DISTRICT));
  await h.server.models.Office.collection.insertOne(office(OFFICE, OFFICE_DISTRICT, 4, 800));
  const report = await h.run(
    UPDATE_CASELOAD,
    {
      input: {
        officeId: OFFICE,
        prosecutors: 5,
        openCases: 820,
        closedCases: 1010,
        reportedOn: "2025-07-31",
      },
      key: "access-seed-caseload",
    },
    editor,
  );
  if (report.errors) throw new Error(JSON.stringify(report.errors));
  const claimed = await h.run(RECORD_CLAIM, { input: claim(), key: "access-seed-claim" }, editor);
  if (claimed.errors) throw new Error(JSON.stringify(claimed.errors));
  claimId = (claimed.data?.recordReportedFigure as { id: string }).id;
});

type Path = readonly (string | number)[];

/**
 * One way to reach a type's fields: a document around the field's selection, its variables as the viewer of a
 * column sends them (an analyst without the grant names a person by the pseudonym it was shown), and where the
 * type sits in the answer.
 */
interface Route {
  name: string;
  document(selection: string): string;
  variables?: (column: Column) => Record<string, unknown>;
  at: Path;
}

function rootRoute(name: string, wrap: (selection: string) => string, at: Path): Route {
  return { name, document: (selection) => `{ ${wrap(selection)} }`, at };
}

function entityRoute(
  typename: string,
  key: (column: Column) => Record<string, unknown>,
  wrap: (selection: string) => string = (selection) => selection,
  at: Path = [],
): Route {
  return {
    name: `_entities ${typename}`,
    document: (selection) =>
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${wrap(selection)} } } }`,
    variables: (column) => ({ r: [{ __typename: typename, ...key(column) }] }),
    at: ["_entities", 0, ...at],
  };
}

const byId = (id: () => string) => () => ({ id: id() });
const operationRoot = (wrap = (s: string) => s, at: Path = []) =>
  rootRoute("enforcementOperation", (s) => `enforcementOperation(id: "${operationId}") { ${wrap(s)} }`, [
    "enforcementOperation",
    ...at,
  ]);
const operationEntity = (wrap = (s: string) => s, at: Path = []) =>
  entityRoute(
    "EnforcementOperation",
    byId(() => operationId),
    wrap,
    at,
  );
const operations = (wrap = (s: string) => s, at: Path = []) =>
  rootRoute(
    "enforcementOperations",
    (s) => `enforcementOperations(filter: { ubigeo: "${OPERATION_DISTRICT}" }) { ${wrap(s)} }`,
    ["enforcementOperations", ...at],
  );
const offices = (wrap = (s: string) => s, at: Path = []) =>
  rootRoute("prosecutorOffices", (s) => `prosecutorOffices(ubigeo: "${OFFICE_DISTRICT}") { ${wrap(s)} }`, [
    "prosecutorOffices",
    0,
    ...at,
  ]);
const regionFigures = (wrap = (s: string) => s, at: Path = []) =>
  rootRoute("Region.eradication", (s) => regionEntities(OUTPOST_DISTRICT, `eradication { ${wrap(s)} }`), [
    "_entities",
    0,
    "eradication",
    ...at,
  ]);

/** Every route to each type whose fields are in the table (Mutation's are exercised in audit.test.ts). */
const ROUTES: Record<string, Route[]> = {
  Query: [rootRoute("root", (s) => s, [])],
  EnforcementOperation: [operationRoot(), operationEntity()],
  OperationResult: [
    operationRoot((s) => `results { ${s} }`, ["results", 0]),
    operationEntity((s) => `results { ${s} }`, ["results", 0]),
  ],
  SourceReference: [
    operationRoot((s) => `source { ${s} }`, ["source"]),
    operationEntity((s) => `source { ${s} }`, ["source"]),
  ],
  EnforcementOperationConnection: [operations()],
  EnforcementOperationEdge: [operations((s) => `edges { ${s} }`, ["edges", 0])],
  SecurityOutpost: [
    rootRoute("securityOutposts", (s) => `securityOutposts(ubigeo: "${OUTPOST_DISTRICT}") { ${s} }`, [
      "securityOutposts",
      0,
    ]),
    regionFigures((s) => `outposts { ${s} }`, ["outposts", 0]),
    entityRoute(
      "SecurityOutpost",
      byId(() => OUTPOST),
    ),
  ],
  ProsecutorOffice: [
    offices(),
    entityRoute(
      "ProsecutorOffice",
      byId(() => OFFICE),
    ),
  ],
  // The second report, the one the eradication editor recorded.
  CaseloadReport: [
    offices((s) => `caseloadHistory { ${s} }`, ["caseloadHistory", 1]),
    entityRoute(
      "ProsecutorOffice",
      byId(() => OFFICE),
      (s) => `caseloadHistory { ${s} }`,
      ["caseloadHistory", 1],
    ),
  ],
  RegionEradication: [
    regionFigures(),
    entityRoute(
      "Region",
      () => ({ ubigeo: OUTPOST_DISTRICT }),
      (s) => `eradication { ${s} }`,
      ["eradication"],
    ),
  ],
  ReportedFigure: [
    rootRoute("reportedFigures", (s) => `reportedFigures { edges { node { ${s} } } }`, [
      "reportedFigures",
      "edges",
      0,
      "node",
    ]),
    entityRoute(
      "ReportedFigure",
      byId(() => claimId),
    ),
  ],
  // No root field returns an Operator here: the gateway reaches it by RUC (targetedOperators is tested below).
  Operator: [entityRoute("Operator", (column) => ({ ruc: rucAsPassedBy(column, PERSON) }))],
};

/** What follows a field's name in the selection: arguments and sub-selections of the same rule as the field. */
function subselection(key: string): string {
  const subselections: Record<string, string> = {
    "Query.enforcementOperation": `(id: "${operationId}") { id name }`,
    "Query.enforcementOperations": `(filter: { ubigeo: "${OPERATION_DISTRICT}" }) { totalCount }`,
    "Query.securityOutposts": `(ubigeo: "${OUTPOST_DISTRICT}") { id name }`,
    "Query.prosecutorOffices": `(ubigeo: "${OFFICE_DISTRICT}") { id name }`,
    "EnforcementOperation.district": "{ ubigeo name }",
    "EnforcementOperation.location": "{ latitude longitude }",
    "EnforcementOperation.targetedOperators": "{ ruc }",
    "EnforcementOperation.results": "{ item action quantity unit value }",
    "EnforcementOperation.source": "{ kind reference url }",
    "EnforcementOperation.provenance": "{ kind dataset source asOf note }",
    "SecurityOutpost.provenance": "{ kind dataset source asOf note }",
    "ProsecutorOffice.provenance": "{ kind dataset source asOf note }",
    "CaseloadReport.provenance": "{ kind dataset source asOf note }",
    "EnforcementOperationConnection.edges": "{ cursor node { id } }",
    "EnforcementOperationConnection.pageInfo": "{ hasNextPage endCursor }",
    "EnforcementOperationEdge.node": "{ id date }",
    "SecurityOutpost.district": "{ ubigeo }",
    "SecurityOutpost.location": "{ latitude longitude }",
    "ProsecutorOffice.district": "{ ubigeo }",
    "ProsecutorOffice.caseloadHistory": "{ reportedOn openCases }",
    "RegionEradication.outposts": "{ id name }",
    "Operator.interventions": "{ id date }",
  };
  return subselections[key] ?? "";
}

/** How a masked value must look, for the rows with `m` cells. */
function isMasked(key: string): (value: unknown) => boolean {
  if (key === "Operator.ruc") return looksLikePseudonym;
  if (key === "EnforcementOperation.targetedOperators")
    return (value) => {
      const [person, company] = value as { ruc: string }[];
      return looksLikePseudonym(person?.ruc) && company?.ruc === COMPANY;
    };
  return () => false;
}

function at(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) value = value == null ? value : (value as Record<string | number, unknown>)[key];
  return value;
}

const raws = new Map<string, unknown>();

/** The field's value as an admin sees it through the route: the reference every other cell compares with. */
async function rawValue(key: string, route: Route, selection: string, path: Path): Promise<unknown> {
  const cached = raws.get(`${key}|${route.name}`);
  if (cached !== undefined) return cached;
  const result = await h.run(route.document(selection), route.variables?.("admin"), viewers.admin);
  expect(result.errors, `${key} through ${route.name} as an admin`).toBeUndefined();
  const raw = at(result.data, path);
  expect(raw, `${key} through ${route.name} as an admin`).not.toBeNull();
  expect(raw).not.toBeUndefined();
  raws.set(`${key}|${route.name}`, raw);
  return raw;
}

const CELLS = Object.keys(TABLE)
  .filter((key) => !key.startsWith("Mutation."))
  .flatMap((key) => COLUMNS.map((column): [string, Column] => [key, column]));

describe("the role × field matrix", () => {
  it("lists every field whose rule is not public, and nothing else", () => {
    const ruled = [...h.server.rules]
      .filter(([, rule]) => rule.read !== "PUBLIC" && rule.read !== "INTERNAL")
      .map(([key]) => key)
      .sort();
    expect(Object.keys(TABLE).sort()).toEqual(ruled);
  });

  it("has a route to every type in it but Mutation", () => {
    const types = new Set(Object.keys(TABLE).map((key) => key.split(".")[0] as string));
    types.delete("Mutation");
    for (const type of types) expect(ROUTES[type]?.length ?? 0, type).toBeGreaterThan(0);
  });

  it.each(CELLS)("%s reads as the table says for the %s viewer, through every route", async (key, column) => {
    const [type, field] = key.split(".") as [string, string];
    const selection = `${field} ${subselection(key)}`;
    const expectation = TABLE[key]?.[column];
    if (!expectation) throw new Error(`no cell for ${key} / ${column}`);
    for (const route of ROUTES[type] ?? []) {
      const path = [...route.at, field];
      const raw = await rawValue(key, route, selection, path);
      const answer = await h.run(
        route.document(selection),
        route.variables?.(column),
        viewerFor(column, PILLAR),
      );
      // Plain objects: GraphQL's have no prototype, which expectCell's message (`String(value)`) cannot print.
      const result = JSON.parse(JSON.stringify(answer)) as Result;
      expectCell(result, path, expectation, raw, isMasked(key));
      // Nothing anywhere in the answer gives the person's RUC away to a viewer without personal data.
      if (!SEES_PERSONAL_DATA.has(column)) expect(JSON.stringify(result)).not.toContain(PERSON);
    }
  });
});

const TARGETS = /* GraphQL */ `
  query Targets($id: ID!) {
    enforcementOperation(id: $id) {
      targetedOperators {
        ruc
      }
    }
  }
`;

const OPERATOR = /* GraphQL */ `
  query Operator($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Operator {
        ruc
        interventions {
          id
        }
      }
    }
  }
`;

function targets(result: Result): string[] {
  const op = result.data?.enforcementOperation as { targetedOperators: { ruc: string }[] } | null;
  return (op?.targetedOperators ?? []).map((target) => target.ruc);
}

describe("targeted operators", () => {
  it("show an analyst a person's RUC as the pseudonym Operator.ruc gives, and a company's RUC as is", async () => {
    const listed = targets(await h.run(TARGETS, { id: operationId }, viewers.analyst));
    // Operator.ruc as another pillar's editor reads it, asking by the RUC (editors may pass raw RUCs).
    const entity = await h.run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc } } }`,
      { r: [{ __typename: "Operator", ruc: PERSON }] },
      viewers.editor("recovery"),
    );
    expect(entity.errors).toBeUndefined();
    const [pseudonym] = entity.data?._entities as { ruc: string }[];
    expect(looksLikePseudonym(pseudonym?.ruc)).toBe(true);
    expect(pseudonym?.ruc).toBe(TEST_KEYS.pseudonyms.mask(PERSON));
    expect(listed).toEqual([pseudonym?.ruc, COMPANY]);
  });

  it("show the RUCs themselves to an analyst granted personal data and to the eradication editor", async () => {
    for (const viewer of [viewers.analystWithPersonalData, editor, viewers.admin]) {
      expect(targets(await h.run(TARGETS, { id: operationId }, viewer))).toEqual([PERSON, COMPANY]);
    }
  });

  it("resolve by the pseudonym an analyst saw: the same operator, with the operation that targeted it", async () => {
    const [pseudonym] = targets(await h.run(TARGETS, { id: operationId }, viewers.analyst));
    const result = await h.run(
      OPERATOR,
      { r: [{ __typename: "Operator", ruc: pseudonym }] },
      viewers.analyst,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([{ ruc: pseudonym, interventions: [{ id: operationId }] }]);
    const admin = await h.run(OPERATOR, { r: [{ __typename: "Operator", ruc: pseudonym }] }, viewers.admin);
    expect(admin.data?._entities).toEqual([{ ruc: PERSON, interventions: [{ id: operationId }] }]);
  });

  it("refuse a forged pseudonym in a representation with BAD_USER_INPUT", async () => {
    const forged = `psn_${"A".repeat(52)}`;
    const result = await h.run(OPERATOR, { r: [{ __typename: "Operator", ruc: forged }] }, viewers.analyst);
    expect(result.data?._entities).toEqual([null]);
    expect(result.errors?.[0]).toMatchObject({
      path: ["_entities", 0],
      extensions: { code: "BAD_USER_INPUT", field: "representations.ruc" },
    });
  });

  it("may be named by an editor with the pseudonym an analyst saw: the RUC is what gets stored", async () => {
    const [pseudonym] = targets(await h.run(TARGETS, { id: operationId }, viewers.analyst));
    const recorded = await h.run(
      RECORD,
      {
        input: operation({ date: "2025-04-02", ubigeo: "211002", targetRucs: [pseudonym] }),
        key: "access-by-pseudonym",
      },
      editor,
    );
    expect(recorded.errors).toBeUndefined();
    const op = recorded.data?.recordEnforcementOperation as {
      id: string;
      targetedOperators: { ruc: string }[];
    };
    expect(op.targetedOperators).toEqual([{ ruc: PERSON }]);
    const stored = await h.server.models.Operation.findOne({ id: op.id }).lean();
    expect(stored?.targetRucs).toEqual([PERSON]);
  });
});

const ENTITIES = /* GraphQL */ `
  query Entities($r: [_Any!]!) {
    _entities(representations: $r) {
      __typename
    }
  }
`;

function gatedRepresentations(): Record<string, unknown>[] {
  return [
    { __typename: "EnforcementOperation", id: operationId },
    { __typename: "SecurityOutpost", id: OUTPOST },
    { __typename: "ProsecutorOffice", id: OFFICE },
    { __typename: "Operator", ruc: PERSON },
  ];
}

function busyCollections(): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(h.allCommands()).filter(([, commands]) => Object.keys(commands).length > 0),
  );
}

describe("entity resolution", () => {
  it.each(["public", "donor", "funder"] as const)(
    "refuses a %s viewer every gated entity with FORBIDDEN, without a database command",
    async (column) => {
      h.mongo.resetStats();
      const result = await h.run(ENTITIES, { r: gatedRepresentations() }, viewerFor(column, PILLAR));
      expect(result.data?._entities).toEqual([null, null, null, null]);
      const refusals = (result.errors ?? [])
        .map((error) => [error.path?.join("."), error.extensions?.["code"]])
        .sort();
      expect(refusals).toEqual([0, 1, 2, 3].map((i) => [`_entities.${i}`, "FORBIDDEN"]));
      expect(busyCollections()).toEqual({});
    },
  );

  it("resolves them for staff with one find per collection", async () => {
    h.mongo.resetStats();
    const result = await h.run(ENTITIES, { r: gatedRepresentations() }, viewers.editor("recovery"));
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { __typename: "EnforcementOperation" },
      { __typename: "SecurityOutpost" },
      { __typename: "ProsecutorOffice" },
      { __typename: "Operator" },
    ]);
    expect(busyCollections()).toEqual({
      enforcement_operations: { find: 1 },
      security_outposts: { find: 1 },
      prosecutor_offices: { find: 1 },
    });
  });

  it("gives the public a region's enforcement figures, but not its outposts", async () => {
    const result = await h.run(
      /* GraphQL */ `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Region {
              name
              eradication {
                operations
                outposts {
                  id
                }
              }
            }
          }
        }
      `,
      { r: [{ __typename: "Region", ubigeo: OUTPOST_DISTRICT }] },
      viewers.public,
    );
    expect(result.data?._entities).toEqual([
      { name: "Pataz", eradication: { operations: 0, outposts: null } },
    ]);
    expect(result.errors?.map((e) => [e.path?.join("."), e.extensions?.["code"]])).toEqual([
      ["_entities.0.eradication.outposts", "FORBIDDEN"],
    ]);
  });
});

describe("the gateway-only RUC lists", () => {
  it("serve Region.enforcementTargets to whatever viewer the gateway forwards: only its @requires asks", async () => {
    // @inaccessible keeps the field out of the client API; the gateway fetches it under the client's viewer to
    // compute formalization's exclusion evidence, which only gives counts back.
    const result = await h.run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { enforcementTargets { ruc lastTargetedOn } } } }`,
      { r: [{ __typename: "Region", ubigeo: OPERATION_DISTRICT }] },
      viewers.public,
    );
    expect(result.errors).toBeUndefined();
    const lastTargetedOn = "2025-03-10";
    expect(result.data?._entities).toEqual([
      {
        enforcementTargets: [COMPANY, PERSON].sort().map((ruc) => ({ ruc, lastTargetedOn })),
      },
    ]);
  });
});
