import { buildSubgraphSchema } from "@apollo/subgraph";
import { getNamedType, isObjectType } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import {
  COLUMNS,
  expectCell,
  looksLikePseudonym,
  viewerFor,
  type Column,
  type Row,
} from "../support/access-matrix.ts";
import { queryRegions, regionEntities } from "../support/region-entity.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { livelihoods } from "../../subgraphs/livelihoods/pillar.ts";
import { pillarTypeDefs } from "../support/subgraph.ts";
import { NGO, projectInput, UNDP } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";
import {
  applyWrites,
  COMPANY_RUC,
  MUTATIONS,
  PERSON_RUC,
  programmeWrites,
  projectId,
  type MutationName,
  type Write,
} from "./trust-fixtures.ts";

const typeDefs = pillarTypeDefs(livelihoods);

const h = useLivelihoods();
const PILLAR = "livelihoods";
const A = projectId("PE-ACC-0001");
const WRITES = programmeWrites("PE-ACC-0001", "acc");
/** A project funded by one donor and channelled by another (IATI role 3, EXTENDING). */
const B = projectId("PE-ACC-0002");
const B_FUNDER = "XM-DAC-7";
const B_EXTENDER = "XM-DAC-918";
const PSEUDONYM = TEST_KEYS.pseudonyms.mask(PERSON_RUC);

// What each kind of viewer gets, written out per column (public, donor, funder, analyst, analyst with personal
// data, editor of this pillar, editor of another pillar, admin).
const DONORS_AND_STAFF: Row = {
  public: "deny",
  donor: "allow",
  funder: "allow",
  analyst: "allow",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "allow",
  admin: "allow",
};
const FUNDERS_AND_STAFF: Row = {
  public: "deny",
  donor: "deny",
  funder: "allow",
  analyst: "allow",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "allow",
  admin: "allow",
};
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
const ANALYSTS_OWN_EDITORS_ADMINS: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "allow",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "deny",
  admin: "allow",
};
const STAFF_RUC_MASKED: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "mask",
  analystPersonalData: "allow",
  ownEditor: "allow",
  otherEditor: "mask",
  admin: "allow",
};
const OWN_EDITORS_ADMINS: Row = {
  public: "deny",
  donor: "deny",
  funder: "deny",
  analyst: "deny",
  analystPersonalData: "deny",
  ownEditor: "allow",
  otherEditor: "deny",
  admin: "allow",
};

/**
 * Every field with a rule other than PUBLIC, and what each viewer gets when asking for it through the way the
 * probes below reach it (value types through the project field that holds them: a non-funding donor cannot
 * reach a transaction's fields because it cannot read `transactions`).
 */
const MATRIX: Record<string, Row> = {
  "Query.livelihoodProject": DONORS_AND_STAFF,
  "Query.livelihoodProjects": DONORS_AND_STAFF,
  "Query.donor": DONORS_AND_STAFF,
  "Query.donors": DONORS_AND_STAFF,
  "Mutation.registerLivelihoodProject": OWN_EDITORS_ADMINS,
  "Mutation.changeProjectStatus": OWN_EDITORS_ADMINS,
  "Mutation.recordTransaction": OWN_EDITORS_ADMINS,
  "Mutation.reportIndicatorActual": OWN_EDITORS_ADMINS,
  "Mutation.reportBeneficiaries": OWN_EDITORS_ADMINS,
  "Mutation.enrollOperator": OWN_EDITORS_ADMINS,
  "Mutation.changeEnrollmentStatus": OWN_EDITORS_ADMINS,
  "LivelihoodProject.iatiIdentifier": DONORS_AND_STAFF,
  "LivelihoodProject.reportingOrg": DONORS_AND_STAFF,
  "LivelihoodProject.title": DONORS_AND_STAFF,
  "LivelihoodProject.description": DONORS_AND_STAFF,
  "LivelihoodProject.provenance": DONORS_AND_STAFF,
  "LivelihoodProject.status": DONORS_AND_STAFF,
  "LivelihoodProject.statusHistory": FUNDERS_AND_STAFF,
  "LivelihoodProject.activityDates": DONORS_AND_STAFF,
  "LivelihoodProject.participatingOrgs": DONORS_AND_STAFF,
  "LivelihoodProject.sectors": DONORS_AND_STAFF,
  "LivelihoodProject.locations": DONORS_AND_STAFF,
  "LivelihoodProject.defaultCurrency": DONORS_AND_STAFF,
  "LivelihoodProject.budgets": DONORS_AND_STAFF,
  "LivelihoodProject.transactions": FUNDERS_AND_STAFF,
  "LivelihoodProject.finance": FUNDERS_AND_STAFF,
  "LivelihoodProject.beneficiaries": DONORS_AND_STAFF,
  "LivelihoodProject.results": FUNDERS_AND_STAFF,
  "LivelihoodProject.enrollments": STAFF,
  "LivelihoodProject.lastUpdated": DONORS_AND_STAFF,
  "Organisation.ref": DONORS_AND_STAFF,
  "Organisation.name": DONORS_AND_STAFF,
  "Organisation.type": DONORS_AND_STAFF,
  "ParticipatingOrg.role": DONORS_AND_STAFF,
  "ParticipatingOrg.ref": DONORS_AND_STAFF,
  "ParticipatingOrg.name": DONORS_AND_STAFF,
  "ParticipatingOrg.type": DONORS_AND_STAFF,
  "ParticipatingOrg.donor": DONORS_AND_STAFF,
  "ProjectSector.sector": DONORS_AND_STAFF,
  "ProjectSector.code": DONORS_AND_STAFF,
  "ProjectSector.percentage": DONORS_AND_STAFF,
  "ActivityDates.plannedStart": DONORS_AND_STAFF,
  "ActivityDates.actualStart": DONORS_AND_STAFF,
  "ActivityDates.plannedEnd": DONORS_AND_STAFF,
  "ActivityDates.actualEnd": DONORS_AND_STAFF,
  "ActivityStatusChange.status": FUNDERS_AND_STAFF,
  "ActivityStatusChange.date": FUNDERS_AND_STAFF,
  "ActivityStatusChange.reason": FUNDERS_AND_STAFF,
  "ActivityStatusChange.recordedBy": ANALYSTS_OWN_EDITORS_ADMINS,
  "Budget.type": DONORS_AND_STAFF,
  "Budget.status": DONORS_AND_STAFF,
  "Budget.periodStart": DONORS_AND_STAFF,
  "Budget.periodEnd": DONORS_AND_STAFF,
  "Budget.value": DONORS_AND_STAFF,
  "Budget.valueDate": DONORS_AND_STAFF,
  "Transaction.ref": FUNDERS_AND_STAFF,
  "Transaction.type": FUNDERS_AND_STAFF,
  "Transaction.date": FUNDERS_AND_STAFF,
  "Transaction.value": FUNDERS_AND_STAFF,
  "Transaction.currency": FUNDERS_AND_STAFF,
  "Transaction.valueDate": FUNDERS_AND_STAFF,
  "Transaction.description": FUNDERS_AND_STAFF,
  "Transaction.providerOrg": FUNDERS_AND_STAFF,
  "Transaction.receiverOrg": FUNDERS_AND_STAFF,
  "Transaction.recordedAt": FUNDERS_AND_STAFF,
  "Transaction.provenance": FUNDERS_AND_STAFF,
  "ProjectFinance.committed": FUNDERS_AND_STAFF,
  "ProjectFinance.disbursed": FUNDERS_AND_STAFF,
  "ProjectFinance.expended": FUNDERS_AND_STAFF,
  "Beneficiaries.total": DONORS_AND_STAFF,
  "Beneficiaries.women": DONORS_AND_STAFF,
  "Beneficiaries.formerMiners": DONORS_AND_STAFF,
  "Beneficiaries.reportedOn": DONORS_AND_STAFF,
  "Result.type": FUNDERS_AND_STAFF,
  "Result.title": FUNDERS_AND_STAFF,
  "Result.description": FUNDERS_AND_STAFF,
  "Result.indicators": FUNDERS_AND_STAFF,
  "Indicator.code": FUNDERS_AND_STAFF,
  "Indicator.measure": FUNDERS_AND_STAFF,
  "Indicator.ascending": FUNDERS_AND_STAFF,
  "Indicator.title": FUNDERS_AND_STAFF,
  "Indicator.description": FUNDERS_AND_STAFF,
  "Indicator.baseline": FUNDERS_AND_STAFF,
  "Indicator.periods": FUNDERS_AND_STAFF,
  "Indicator.progress": FUNDERS_AND_STAFF,
  "IndicatorBaseline.year": FUNDERS_AND_STAFF,
  "IndicatorBaseline.isoDate": FUNDERS_AND_STAFF,
  "IndicatorBaseline.value": FUNDERS_AND_STAFF,
  "IndicatorBaseline.comment": FUNDERS_AND_STAFF,
  "IndicatorPeriod.periodStart": FUNDERS_AND_STAFF,
  "IndicatorPeriod.periodEnd": FUNDERS_AND_STAFF,
  "IndicatorPeriod.target": FUNDERS_AND_STAFF,
  "IndicatorPeriod.actual": FUNDERS_AND_STAFF,
  "IndicatorPeriod.progress": FUNDERS_AND_STAFF,
  "IndicatorValue.value": FUNDERS_AND_STAFF,
  "IndicatorValue.comment": FUNDERS_AND_STAFF,
  "Donor.ref": DONORS_AND_STAFF,
  "Donor.name": DONORS_AND_STAFF,
  "Donor.type": DONORS_AND_STAFF,
  "Donor.provenance": DONORS_AND_STAFF,
  "Donor.projects": DONORS_AND_STAFF,
  "Donor.committed": DONORS_AND_STAFF,
  "Donor.disbursed": DONORS_AND_STAFF,
  "LivelihoodEnrollment.id": STAFF_RUC_MASKED,
  "LivelihoodEnrollment.operator": STAFF,
  "LivelihoodEnrollment.project": STAFF,
  "LivelihoodEnrollment.enrolledOn": STAFF,
  "LivelihoodEnrollment.status": STAFF,
  "LivelihoodEnrollment.formerReinfoStatus": STAFF,
  "LivelihoodEnrollment.provenance": STAFF,
  "LivelihoodEnrollment.statusHistory": STAFF,
  "EnrollmentStatusChange.status": STAFF,
  "EnrollmentStatusChange.date": STAFF,
  "EnrollmentStatusChange.reason": STAFF,
  "EnrollmentStatusChange.recordedBy": ANALYSTS_OWN_EDITORS_ADMINS,
  "LivelihoodProjectConnection.edges": DONORS_AND_STAFF,
  "LivelihoodProjectConnection.pageInfo": DONORS_AND_STAFF,
  "LivelihoodProjectConnection.totalCount": DONORS_AND_STAFF,
  "LivelihoodProjectEdge.cursor": DONORS_AND_STAFF,
  "LivelihoodProjectEdge.node": DONORS_AND_STAFF,
  "Operator.ruc": STAFF_RUC_MASKED,
  "Operator.livelihoodEnrollments": STAFF,
  "RegionLivelihoods.projects": DONORS_AND_STAFF,
};

type Path = readonly (string | number)[];

/** One way to reach a field: an operation and the path of the field's value in its answer. */
interface Probe {
  via: string;
  query: string;
  variables?: Record<string, unknown>;
  path: Path;
}

/** Where an instance of a type is found: the selection around the field (`%`) and the instance's path. */
interface Anchor {
  via: string;
  around: string;
  path: Path;
}

const PROJECT = `livelihoodProject(iatiIdentifier: "${A}")`;
const PROJECT_ENTITY = `_entities(representations: [{ __typename: "LivelihoodProject", iatiIdentifier: "${A}" }]) { ... on LivelihoodProject`;
const inProject = (inner: string, path: Path): Anchor => ({
  via: "livelihoodProject",
  around: `${PROJECT} { ${inner} }`,
  path: ["livelihoodProject", ...path],
});

const ANCHORS: Record<string, Anchor[]> = {
  LivelihoodProject: [
    { via: "livelihoodProject", around: `${PROJECT} { % }`, path: ["livelihoodProject"] },
    { via: "_entities", around: `${PROJECT_ENTITY} { % } }`, path: ["_entities", 0] },
  ],
  Organisation: [inProject("reportingOrg { % }", ["reportingOrg"])],
  ParticipatingOrg: [inProject("participatingOrgs { % }", ["participatingOrgs", 0])],
  ProjectSector: [inProject("sectors { % }", ["sectors", 0])],
  ActivityDates: [inProject("activityDates { % }", ["activityDates"])],
  ActivityStatusChange: [inProject("statusHistory { % }", ["statusHistory", 1])],
  Budget: [inProject("budgets { % }", ["budgets", 0])],
  Transaction: [inProject("transactions { % }", ["transactions", 0])],
  ProjectFinance: [inProject("finance { % }", ["finance"])],
  Beneficiaries: [inProject("beneficiaries { % }", ["beneficiaries"])],
  Result: [inProject("results { % }", ["results", 1])],
  Indicator: [inProject("results { indicators { % } }", ["results", 1, "indicators", 0])],
  IndicatorBaseline: [
    inProject("results { indicators { baseline { % } } }", ["results", 1, "indicators", 0, "baseline"]),
  ],
  IndicatorPeriod: [
    inProject("results { indicators { periods { % } } }", ["results", 1, "indicators", 0, "periods", 0]),
  ],
  IndicatorValue: [
    inProject("results { indicators { periods { actual { % } } } }", [
      "results",
      1,
      "indicators",
      0,
      "periods",
      0,
      "actual",
    ]),
  ],
  Donor: [
    { via: "donor", around: `donor(ref: "${UNDP}") { % }`, path: ["donor"] },
    {
      via: "_entities",
      around: `_entities(representations: [{ __typename: "Donor", ref: "${UNDP}" }]) { ... on Donor { % } }`,
      path: ["_entities", 0],
    },
  ],
  LivelihoodEnrollment: [inProject("enrollments { % }", ["enrollments", 0])],
  EnrollmentStatusChange: [
    inProject("enrollments { statusHistory { % } }", ["enrollments", 0, "statusHistory", 1]),
  ],
  LivelihoodProjectConnection: [
    {
      via: "livelihoodProjects",
      around: `livelihoodProjects(filter: { donorRef: "${UNDP}" }, first: 1) { % }`,
      path: ["livelihoodProjects"],
    },
  ],
  LivelihoodProjectEdge: [
    {
      via: "livelihoodProjects",
      around: `livelihoodProjects(filter: { donorRef: "${UNDP}" }, first: 1) { edges { % } }`,
      path: ["livelihoodProjects", "edges", 0],
    },
  ],
  Operator: [
    inProject("enrollments { operator { % } }", ["enrollments", 0, "operator"]),
    {
      via: "_entities",
      // By the pseudonym, which every viewer may pass (those shown pseudonyms may not pass a person's raw RUC).
      around: `_entities(representations: [{ __typename: "Operator", ruc: "${PSEUDONYM}" }]) { ... on Operator { % } }`,
      path: ["_entities", 0],
    },
  ],
  RegionLivelihoods: [
    {
      via: "_entities",
      around: regionEntities("17", `livelihoods(period: { from: "2024-01-01", to: "2024-12-31" }) { % }`),
      path: ["_entities", 0, "livelihoods"],
    },
  ],
};

/** Root fields, with their arguments and a selection. */
const QUERY_PROBES: Record<string, string> = {
  livelihoodProject: `${PROJECT} { iatiIdentifier title }`,
  livelihoodProjects: `livelihoodProjects(filter: { donorRef: "${UNDP}" }) { totalCount }`,
  donor: `donor(ref: "${UNDP}") { ref name }`,
  donors: `donors { ref }`,
};

/** What to select under a field of an object type: a leaf that the field's own row governs alone. */
const LEAF: Record<string, string> = {
  Organisation: "name",
  ParticipatingOrg: "ref",
  ProjectSector: "code",
  ActivityDates: "plannedStart",
  ActivityStatusChange: "reason",
  Budget: "periodStart",
  MoneyAmount: "currency value",
  Transaction: "ref",
  ProjectFinance: "committed { currency value }",
  Beneficiaries: "total",
  Result: "title",
  Indicator: "title",
  IndicatorBaseline: "year",
  IndicatorPeriod: "periodStart",
  IndicatorValue: "value",
  Donor: "ref name",
  LivelihoodEnrollment: "enrolledOn",
  EnrollmentStatusChange: "status",
  LivelihoodProjectEdge: "cursor",
  PageInfo: "hasNextPage",
  Operator: "__typename",
  Region: "ubigeo",
  LivelihoodProject: "iatiIdentifier",
  Provenance: "kind source asOf",
};

const schema = buildSubgraphSchema([{ typeDefs }]);

function selectionOf(typeName: string, fieldName: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const field = type.getFields()[fieldName];
  if (!field) throw new Error(`${typeName}.${fieldName} does not exist`);
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return fieldName;
  const leaf = LEAF[named.name];
  if (!leaf) throw new Error(`no leaf selection for ${named.name}`);
  return `${fieldName} { ${leaf} }`;
}

function probesOf(key: string): Probe[] {
  const [typeName = "", fieldName = ""] = key.split(".");
  if (typeName === "Query") {
    const selection = QUERY_PROBES[fieldName];
    if (!selection) throw new Error(`no probe for ${key}`);
    return [{ via: fieldName, query: `{ ${selection} }`, path: [fieldName] }];
  }
  if (typeName === "Mutation") {
    // The seeded write again, with its key: the allowed viewers get the first answer back (a replay changes
    // nothing), the others FORBIDDEN.
    const write = WRITES.find((w) => w.mutation === fieldName) as Write;
    return [
      {
        via: "a replayed write",
        query: MUTATIONS[fieldName as MutationName],
        variables: { input: write.input, key: write.key },
        path: [fieldName],
      },
    ];
  }
  const anchors = ANCHORS[typeName];
  if (!anchors) throw new Error(`no anchor for ${typeName}`);
  const selection = selectionOf(typeName, fieldName);
  return anchors.map((anchor) => ({
    via: anchor.via,
    query: `{ ${anchor.around.replace("%", selection)} }`,
    path: [...anchor.path, fieldName],
  }));
}

function at(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Masked values of the rows that have them. */
const MASKED: Record<string, (value: unknown) => boolean> = {
  "Operator.ruc": looksLikePseudonym,
  "LivelihoodEnrollment.id": (value) => value === `${A}|${PSEUDONYM}`,
};

/** Columns of viewers who may never see a person's RUC. */
const WITHOUT_PERSONAL_DATA = new Set<Column>(["public", "donor", "funder", "analyst", "otherEditor"]);

beforeAll(async () => {
  await applyWrites(h, WRITES);
  await applyWrites(h, [
    {
      // So that the actual end, too, is a value a denied viewer must not see.
      mutation: "changeProjectStatus",
      input: {
        iatiIdentifier: A,
        status: "FINALISATION",
        reason: "Cierre técnico",
        effectiveDate: "2025-06-30",
      },
      key: "acc-finalise",
    },
    {
      mutation: "registerLivelihoodProject",
      input: projectInput({
        localId: "PE-ACC-0002",
        participatingOrgs: [
          { role: "FUNDING", ref: B_FUNDER, name: "Agencia Sueca de Cooperación", type: "GOVERNMENT" },
          {
            role: "EXTENDING",
            ref: B_EXTENDER,
            name: "Oficina de Servicios para Proyectos",
            type: "MULTILATERAL",
          },
          { role: "IMPLEMENTING", ref: NGO, name: "Asociación Amazonía Productiva", type: "NATIONAL_NGO" },
        ],
      }),
      key: "acc-register-b",
    },
  ]);
});

describe("the role × field matrix", () => {
  it("covers every field whose rule is not PUBLIC, and nothing else", () => {
    const gated = [...h.server.rules]
      .filter(([, rule]) => rule.read !== "PUBLIC" && rule.read !== "INTERNAL")
      .map(([key]) => key)
      .sort();
    expect(Object.keys(MATRIX).sort()).toEqual(gated);
  });

  it.each(Object.keys(MATRIX))(
    "gives every viewer of %s what the matrix says, leaking nothing",
    async (key) => {
      const row = MATRIX[key] as Row;
      for (const probe of probesOf(key)) {
        const asAdmin = await h.run(probe.query, probe.variables);
        expect(asAdmin.errors, `${key} via ${probe.via} as an admin`).toBeUndefined();
        const raw = at(asAdmin.data, probe.path);
        expect(raw, `${key} via ${probe.via}: the probe reaches a value`).not.toBeUndefined();
        await Promise.all(
          COLUMNS.map(async (column) => {
            const viewer = viewerFor(column, PILLAR, UNDP);
            const result = await h.run(probe.query, probe.variables, viewer);
            expectCell(result, probe.path, row[column], raw, MASKED[key]);
            if (WITHOUT_PERSONAL_DATA.has(column)) expect(JSON.stringify(result)).not.toContain(PERSON_RUC);
          }),
        );
      }
    },
  );
});

describe("funders", () => {
  const MONEY = `query($id: ID!) { livelihoodProject(iatiIdentifier: $id) {
    title transactions { value } finance { committed { value } } results { title } statusHistory { status }
  } }`;

  it("are the project's FUNDING organisations: an EXTENDING one reads the summary but not the money", async () => {
    const extender = await h.run(MONEY, { id: B }, viewers.donor(B_EXTENDER));
    expect(extender.data?.["livelihoodProject"]).toEqual({
      title: expect.any(String),
      transactions: null,
      finance: null,
      results: null,
      statusHistory: null,
    });
    expect(extender.errors?.map((e) => [e.path?.join("."), e.extensions?.["code"]])).toEqual([
      ["livelihoodProject.transactions", "FORBIDDEN"],
      ["livelihoodProject.finance", "FORBIDDEN"],
      ["livelihoodProject.results", "FORBIDDEN"],
      ["livelihoodProject.statusHistory", "FORBIDDEN"],
    ]);
    const funder = await h.run(MONEY, { id: B }, viewers.donor(B_FUNDER));
    expect(funder.errors).toBeUndefined();
    expect(funder.data?.["livelihoodProject"]).toMatchObject({ statusHistory: [{ status: "PIPELINE" }] });
  });

  it("see the money of the projects they fund and not of the others, in one list", async () => {
    const page = `{ livelihoodProjects { edges { node { iatiIdentifier finance { committed { value } } } } } }`;
    const result = await h.run(page, {}, viewers.donor(UNDP));
    const nodes = (
      result.data?.["livelihoodProjects"] as {
        edges: { node: { iatiIdentifier: string; finance: unknown } }[];
      }
    ).edges.map((e) => e.node);
    expect(nodes.map((n) => [n.iatiIdentifier, n.finance === null])).toEqual([
      [A, false],
      [B, true],
    ]);
    expect(result.errors?.map((e) => e.path?.join("."))).toEqual(["livelihoodProjects.edges.1.node.finance"]);
  });
});

describe("the public", () => {
  it("reads a region's livelihood figures, money included, but not its list of projects", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `name livelihoods(period: { from: "2024-01-01", to: "2024-12-31" }) {
        activeProjects committed { currency value } beneficiaries { total formerMiners }
        outcomeProgress { indicators measured } children { activeProjects } projects { iatiIdentifier }
      }`,
      { viewer: viewers.public },
    );
    expect(result.errors?.map((e) => [e.path?.join("."), e.extensions?.["code"]])).toEqual([
      ["region.livelihoods.projects", "FORBIDDEN"],
    ]);
    expect(result.data?.["region"]).toMatchObject({
      name: "Madre de Dios",
      livelihoods: {
        activeProjects: 1,
        committed: [
          { currency: "PEN", value: "0.00" },
          { currency: "USD", value: "300000.00" },
        ],
        beneficiaries: { total: 640, formerMiners: 210 },
        outcomeProgress: { indicators: 3, measured: 1 },
        projects: null,
      },
    });
  });
});

describe("entity resolution", () => {
  const cases: [string, Column, string, string][] = [
    [
      "a project, for the public",
      "public",
      `{ _entities(representations: [{ __typename: "LivelihoodProject", iatiIdentifier: "${A}" }]) { ... on LivelihoodProject { title } } }`,
      "projects",
    ],
    [
      "a donor, for the public",
      "public",
      `{ _entities(representations: [{ __typename: "Donor", ref: "${UNDP}" }]) { ... on Donor { name projects { title } } } }`,
      "donors",
    ],
    [
      "an operator, for a donor",
      "funder",
      `{ _entities(representations: [{ __typename: "Operator", ruc: "${PERSON_RUC}" }]) { ... on Operator { livelihoodEnrollments { enrolledOn } } } }`,
      "enrollments",
    ],
    [
      "an operator, for the public",
      "public",
      `{ _entities(representations: [{ __typename: "Operator", ruc: "${PERSON_RUC}" }]) { ... on Operator { livelihoodEnrollments { enrolledOn } } } }`,
      "enrollments",
    ],
  ];

  it.each(cases)(
    "refuses %s with FORBIDDEN before sending any database command",
    async (_name, column, query) => {
      h.mongo.resetStats();
      const result = await h.run(query, {}, viewerFor(column, PILLAR, UNDP));
      expect(result.data?.["_entities"]).toEqual([null]);
      expect(result.errors?.map((e) => e.extensions?.["code"])).toEqual(["FORBIDDEN"]);
      for (const collection of ["projects", "donors", "enrollments", "region_money"])
        expect(h.commands(collection), collection).toEqual({});
    },
  );

  it("resolves an operator by the pseudonym an analyst was shown, and shows the pseudonym again", async () => {
    const shown = await h.run(`{ ${PROJECT} { enrollments { id operator { ruc } } } }`, {}, viewers.analyst);
    const enrollment = (
      shown.data?.["livelihoodProject"] as { enrollments: { id: string; operator: { ruc: string } }[] }
    ).enrollments[0];
    const pseudonym = enrollment?.operator.ruc ?? "";
    expect(looksLikePseudonym(pseudonym)).toBe(true);
    expect(enrollment?.id).toBe(`${A}|${pseudonym}`);
    const resolved = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc livelihoodEnrollments { status } } } }`,
      { r: [{ __typename: "Operator", ruc: pseudonym }] },
      viewers.analyst,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.["_entities"]).toEqual([
      { ruc: pseudonym, livelihoodEnrollments: [{ status: "COMPLETED" }] },
    ]);
  });

  it("refuses a pseudonym the hub did not issue with BAD_USER_INPUT", async () => {
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { livelihoodEnrollments { status } } } }`,
      { r: [{ __typename: "Operator", ruc: `psn_${"A".repeat(52)}` }] },
      viewers.analyst,
    );
    expect(result.data?.["_entities"]).toEqual([null]);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "representations.ruc",
    });
  });
});

describe("the masks", () => {
  it("never change a company's RUC", async () => {
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc } } }`,
      { r: [{ __typename: "Operator", ruc: COMPANY_RUC }] },
      viewers.analyst,
    );
    expect(at(result.data, ["_entities", 0, "ruc"])).toBe(COMPANY_RUC);
  });
});
