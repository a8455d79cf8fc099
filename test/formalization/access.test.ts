import { beforeAll, describe, expect, it } from "vitest";
import { validRuc } from "./fixtures.ts";
import { useFormalization, type Result } from "./harness.ts";
import { COMPANY, PERSON, seedRecord, seedSubject, type Subject } from "./trust-fixtures.ts";
import {
  COLUMNS,
  expectCell,
  looksLikeInitials,
  looksLikePseudonym,
  rucAsPassedBy,
  viewerFor,
  type Column,
  type Expectation,
  type Row,
} from "../support/access-matrix.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";

const h = useFormalization();

type Path = readonly (string | number)[];

/** The matrix's mutation rows write records of their own, in Ananea (Puno), under these holders' RUCs. */
const WRITER_RUC: Record<Subject["kind"], string> = {
  person: validRuc("1047474747"),
  company: validRuc("2070707070"),
};

beforeAll(async () => {
  await seedSubject(h, PERSON);
  await seedSubject(h, COMPANY);
});

// ---------------------------------------------------------------------------------------------------------------
// The table, written by hand: what each viewer gets from each field that is not PUBLIC. Rows are for a person's
// record; COMPANY_ROWS lists the rows that differ for a company's (its name and RUC are public at SUNAT).
// ---------------------------------------------------------------------------------------------------------------

// Y: the value as an admin sees it. M: masked (initials, or a `psn_` pseudonym). N: null with FORBIDDEN.
const Y: Expectation = "allow";
const M: Expectation = "mask";
const N: Expectation = "deny";

function row(
  publicViewer: Expectation,
  donor: Expectation,
  funder: Expectation,
  analyst: Expectation,
  analystPersonalData: Expectation,
  ownEditor: Expectation,
  otherEditor: Expectation,
  admin: Expectation,
): Row {
  return { public: publicViewer, donor, funder, analyst, analystPersonalData, ownEditor, otherEditor, admin };
}

// prettier-ignore
const MATRIX: Record<string, Row> = {
  //                                         public donor funder analyst analystPD ownEditor otherEditor admin
  "Query.reinfoRecords":                 row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Query.reinfoRecord":                  row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Query.operator":                      row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Mutation.registerReinfoRecord":       row(N,     N,    N,     N,      N,        Y,        N,          Y),
  "Mutation.changeReinfoStatus":         row(N,     N,    N,     N,      N,        Y,        N,          Y),
  "Mutation.reinstateReinfoRecord":      row(N,     N,    N,     N,      N,        Y,        N,          Y),
  "ReinfoRecord.code":                   row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.operator":               row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.minerName":              row(N,     N,    N,     M,      Y,        Y,        M,          Y),
  "ReinfoRecord.legalRepresentative":    row(N,     N,    N,     M,      Y,        Y,        M,          Y),
  "ReinfoRecord.miningRight":            row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.district":               row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.location":               row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.activityType":           row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.status":                 row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.registrationYear":       row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.sourceUpdatedAt":        row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.statusHistory":          row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecord.provenance":             row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "MiningRight.code":                    row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "MiningRight.name":                    row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoStatusChange.status":           row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoStatusChange.provenance":       row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoStatusChange.date":             row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoStatusChange.reason":           row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoStatusChange.legalBasis":       row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoStatusChange.recordedBy":       row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecordConnection.edges":        row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecordConnection.pageInfo":     row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecordConnection.totalCount":   row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecordEdge.cursor":             row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "ReinfoRecordEdge.node":               row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Operator.ruc":                        row(N,     N,    N,     M,      Y,        Y,        M,          Y),
  "Operator.kind":                       row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Operator.name":                       row(N,     N,    N,     M,      Y,        Y,        M,          Y),
  "Operator.reinfoRecords":              row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
};

// prettier-ignore
const COMPANY_ROWS: Partial<Record<string, Row>> = {
  //                                         public donor funder analyst analystPD ownEditor otherEditor admin
  "ReinfoRecord.minerName":              row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Operator.ruc":                        row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
  "Operator.name":                       row(N,     N,    N,     Y,      Y,        Y,        Y,          Y),
};

function rowFor(key: string, subject: Subject): Row {
  const row = (subject.kind === "company" ? COMPANY_ROWS[key] : undefined) ?? MATRIX[key];
  if (!row) throw new Error(`no matrix row for ${key}`);
  return row;
}

/** What a masked cell must look like, by field; fields without a mask accept no masked value at all. */
function maskCheck(key: string, subject: Subject): (value: unknown) => boolean {
  switch (key) {
    case "ReinfoRecord.minerName":
    case "Operator.name":
      return (value) => looksLikeInitials(value) && value === subject.maskedMinerName;
    case "ReinfoRecord.legalRepresentative":
      return (value) => looksLikeInitials(value) && value === subject.maskedRepresentative;
    case "Operator.ruc":
      // A pseudonym, and not one that carries the DNI (digits 3–10 of a person's RUC) in the clear.
      return (value) => looksLikePseudonym(value) && !String(value).includes(subject.ruc.slice(2, 10));
    default:
      return () => false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// How each field is reached: through the root fields and, for entity types, through `_entities`. A RUC goes in
// as each viewer would pass it (`rucAsPassedBy`): an analyst without the grant passes the pseudonym it was shown.
// ---------------------------------------------------------------------------------------------------------------

interface Probe {
  route: string;
  query: string;
  variables: (subject: Subject, column: Column) => Record<string, unknown>;
  path: Path;
}

function recordProbes(selection: string, path: Path): Probe[] {
  return [
    {
      route: "reinfoRecord",
      query: `query($code: ID!) { reinfoRecord(code: $code) { ${selection} } }`,
      variables: (s) => ({ code: s.code }),
      path: ["reinfoRecord", ...path],
    },
    {
      route: "_entities(ReinfoRecord)",
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ReinfoRecord { ${selection} } } }`,
      variables: (s) => ({ r: [{ __typename: "ReinfoRecord", code: s.code }] }),
      path: ["_entities", 0, ...path],
    },
  ];
}

function operatorProbes(selection: string, path: Path): Probe[] {
  return [
    {
      route: "operator",
      query: `query($ruc: ID!) { operator(ruc: $ruc) { ${selection} } }`,
      variables: (s, column) => ({ ruc: rucAsPassedBy(column, s.ruc) }),
      path: ["operator", ...path],
    },
    {
      route: "_entities(Operator)",
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ${selection} } } }`,
      variables: (s, column) => ({ r: [{ __typename: "Operator", ruc: rucAsPassedBy(column, s.ruc) }] }),
      path: ["_entities", 0, ...path],
    },
    ...recordProbes(`operator { ${selection} }`, ["operator", ...path]),
  ];
}

function pageProbes(selection: string, path: Path): Probe[] {
  return [
    {
      route: "reinfoRecords",
      query: `query($ruc: ID) { reinfoRecords(filter: { ruc: $ruc }) { ${selection} } }`,
      variables: (s, column) => ({ ruc: rucAsPassedBy(column, s.ruc) }),
      path: ["reinfoRecords", ...path],
    },
  ];
}

const historyProbes = (field: string) =>
  recordProbes(`statusHistory { ${field} }`, ["statusHistory", 0, field]);
const simple = (field: string) => recordProbes(field, [field]);

const READ_PROBES: Record<string, Probe[]> = {
  "Query.reinfoRecords": pageProbes("totalCount", []),
  "Query.reinfoRecord": recordProbes("status", []).slice(0, 1),
  "Query.operator": operatorProbes("kind", []).slice(0, 1),
  "ReinfoRecord.code": simple("code"),
  "ReinfoRecord.operator": recordProbes("operator { kind }", ["operator"]),
  "ReinfoRecord.minerName": simple("minerName"),
  "ReinfoRecord.legalRepresentative": simple("legalRepresentative"),
  "ReinfoRecord.miningRight": recordProbes("miningRight { code name }", ["miningRight"]),
  "ReinfoRecord.district": recordProbes("district { ubigeo name }", ["district"]),
  "ReinfoRecord.location": recordProbes("location { latitude longitude }", ["location"]),
  "ReinfoRecord.activityType": simple("activityType"),
  "ReinfoRecord.status": simple("status"),
  "ReinfoRecord.registrationYear": simple("registrationYear"),
  "ReinfoRecord.sourceUpdatedAt": simple("sourceUpdatedAt"),
  "ReinfoRecord.statusHistory": recordProbes("statusHistory { status reason }", ["statusHistory"]),
  "ReinfoRecord.provenance": recordProbes("provenance { kind source asOf }", ["provenance"]),
  "MiningRight.code": recordProbes("miningRight { code }", ["miningRight", "code"]),
  "MiningRight.name": recordProbes("miningRight { name }", ["miningRight", "name"]),
  "ReinfoStatusChange.status": historyProbes("status"),
  "ReinfoStatusChange.date": historyProbes("date"),
  "ReinfoStatusChange.provenance": recordProbes("statusHistory { provenance { kind } }", [
    "statusHistory",
    0,
    "provenance",
  ]),
  "ReinfoStatusChange.reason": historyProbes("reason"),
  "ReinfoStatusChange.legalBasis": historyProbes("legalBasis"),
  "ReinfoStatusChange.recordedBy": historyProbes("recordedBy"),
  "ReinfoRecordConnection.edges": pageProbes("edges { cursor }", ["edges"]),
  "ReinfoRecordConnection.pageInfo": pageProbes("pageInfo { hasNextPage endCursor }", ["pageInfo"]),
  "ReinfoRecordConnection.totalCount": pageProbes("totalCount", ["totalCount"]),
  "ReinfoRecordEdge.cursor": pageProbes("edges { cursor }", ["edges", 0, "cursor"]),
  "ReinfoRecordEdge.node": pageProbes("edges { node { code } }", ["edges", 0, "node"]),
  "Operator.ruc": operatorProbes("ruc", ["ruc"]),
  "Operator.kind": operatorProbes("kind", ["kind"]),
  "Operator.name": operatorProbes("name", ["name"]),
  "Operator.reinfoRecords": operatorProbes("reinfoRecords { code }", ["reinfoRecords"]),
};

function at(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function withContext(context: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof Error) error.message = `${context}: ${error.message}`;
    throw error;
  }
}

async function checkReadCells(key: string, subject: Subject): Promise<void> {
  const probes = READ_PROBES[key];
  if (!probes) throw new Error(`no probe reaches ${key}`);
  const expected = rowFor(key, subject);
  for (const probe of probes) {
    const admin = await h.run(probe.query, probe.variables(subject, "admin"), viewers.admin);
    expect(admin.errors, `${key} via ${probe.route} as an admin`).toBeUndefined();
    const raw = at(admin.data, probe.path);
    expect(raw ?? null, `${key} via ${probe.route}: the seed gives it a value`).not.toBeNull();
    for (const column of COLUMNS) {
      const result = await h.run(
        probe.query,
        probe.variables(subject, column),
        viewerFor(column, "formalization"),
      );
      withContext(`${key} via ${probe.route}, ${subject.kind}'s record, ${column}`, () =>
        expectCell(result, probe.path, expected[column], raw, maskCheck(key, subject)),
      );
    }
  }
}

/** A mutation as each column's viewer: each cell acts on a record of its own, prepared by an admin. */
const MUTATION_CELLS: Record<
  string,
  {
    prefix: string;
    prepare?: "EXCLUDED";
    query: string;
    input: (code: string, ruc: string) => Record<string, unknown>;
    status: string;
  }
> = {
  "Mutation.registerReinfoRecord": {
    prefix: "MR",
    query: `mutation($input: RegisterReinfoRecordInput!, $key: String!) {
      registerReinfoRecord(input: $input, idempotencyKey: $key) { code status } }`,
    input: (code, ruc) => ({
      code,
      ruc,
      minerName: "CCAHUANA LUQUE DORA",
      miningRightCode: "10149108",
      ubigeo: "211002",
      registrationYear: 2020,
      legalBasis: "DL 1293",
    }),
    status: "ACTIVE",
  },
  "Mutation.changeReinfoStatus": {
    prefix: "MC",
    query: `mutation($input: ChangeReinfoStatusInput!, $key: String!) {
      changeReinfoStatus(input: $input, idempotencyKey: $key) { code status } }`,
    input: (code) => ({
      code,
      status: "SUSPENDED",
      reason: "No presentó IGAFOM",
      legalBasis: "DS 018-2017-EM",
    }),
    status: "SUSPENDED",
  },
  "Mutation.reinstateReinfoRecord": {
    prefix: "MI",
    prepare: "EXCLUDED",
    query: `mutation($input: ReinstateReinfoRecordInput!, $key: String!) {
      reinstateReinfoRecord(input: $input, idempotencyKey: $key) { code status } }`,
    input: (code) => ({ code, reason: "Reconsideración fundada", legalBasis: "RD 0123-2025-MINEM/DGFM" }),
    status: "ACTIVE",
  },
};

async function checkMutationCells(key: string, subject: Subject): Promise<void> {
  const cell = MUTATION_CELLS[key];
  if (!cell) throw new Error(`no probe reaches ${key}`);
  const expected = rowFor(key, subject);
  const ruc = WRITER_RUC[subject.kind];
  for (const [index, column] of COLUMNS.entries()) {
    const code = `REINFO-${cell.prefix}-${subject.kind.slice(0, 1).toUpperCase()}${index}`;
    if (key !== "Mutation.registerReinfoRecord")
      await seedRecord(h, code, { ruc, ubigeo: "211002" }, cell.prepare);
    const result = await h.run(
      cell.query,
      { input: cell.input(code, ruc), key: `key-matrix-${code}` },
      viewerFor(column, "formalization"),
    );
    const field = key.slice("Mutation.".length);
    withContext(`${key}, ${subject.kind}, ${column}`, () =>
      expectCell(result, [field], expected[column], { code, status: cell.status }),
    );
  }
}

describe("the role × field matrix", () => {
  it("has a row for every rule that is not PUBLIC or INTERNAL, and for nothing else", () => {
    const gated = [...h.server.rules]
      .filter(([, rule]) => rule.read !== "PUBLIC" && rule.read !== "INTERNAL")
      .map(([key]) => key);
    expect(Object.keys(MATRIX).sort()).toEqual(gated.sort());
    for (const key of Object.keys(COMPANY_ROWS)) expect(MATRIX).toHaveProperty([key]);
    const reached = [...Object.keys(READ_PROBES), ...Object.keys(MUTATION_CELLS)];
    expect(reached.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.keys(MATRIX))(
    "%s answers each viewer as its row says, for a person's record and a company's",
    async (key) => {
      for (const subject of [PERSON, COMPANY]) {
        if (key.startsWith("Mutation.")) await checkMutationCells(key, subject);
        else await checkReadCells(key, subject);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on ReinfoRecord {
        code
        minerName
        operator {
          ruc
        }
      }
      ... on Operator {
        ruc
        name
        reinfoRecords {
          code
        }
      }
    }
  }
`;

const REPRESENTATIONS = [
  { __typename: "ReinfoRecord", code: PERSON.code },
  { __typename: "ReinfoRecord", code: COMPANY.code },
  { __typename: "Operator", ruc: PERSON.ruc },
  { __typename: "Operator", ruc: COMPANY.ruc },
];

function codesAt(result: Result, path: Path): unknown[] {
  return (result.errors ?? [])
    .filter((error) => JSON.stringify(error.path) === JSON.stringify(path))
    .map((error) => error.extensions?.["code"]);
}

describe("entity resolution", () => {
  it.each<Column>(["public", "donor", "funder"])(
    "refuses a %s viewer's ReinfoRecord and Operator entities with FORBIDDEN, sending no database command",
    async (column) => {
      h.mongo.resetStats();
      const result = await h.run(ENTITIES, { r: REPRESENTATIONS }, viewerFor(column, "formalization"));
      expect(result.data?._entities).toEqual([null, null, null, null]);
      for (let i = 0; i < REPRESENTATIONS.length; i++)
        expect(codesAt(result, ["_entities", i])).toEqual(["FORBIDDEN"]);
      expect(h.commands("reinfo_records")).toEqual({});
      expect(h.commands("region_stats")).toEqual({});
      const text = JSON.stringify(result);
      for (const secret of [PERSON.ruc, PERSON.minerName, COMPANY.ruc, COMPANY.minerName, PERSON.code])
        expect(text).not.toContain(secret);
    },
  );

  it("answers an analyst the same entities with one database command, masking the person only", async () => {
    // As the gateway builds them for an analyst: the person's RUC is the pseudonym a subgraph showed it.
    const representations = REPRESENTATIONS.map((r) =>
      r.ruc === PERSON.ruc ? { ...r, ruc: TEST_KEYS.pseudonyms.mask(PERSON.ruc) } : r,
    );
    h.mongo.resetStats();
    const result = await h.run(ENTITIES, { r: representations }, viewers.analyst);
    expect(result.errors).toBeUndefined();
    const [personRecord, companyRecord, person, company] = result.data?._entities as Record<
      string,
      unknown
    >[];
    expect(personRecord).toMatchObject({ code: PERSON.code, minerName: PERSON.maskedMinerName });
    expect(looksLikePseudonym((personRecord?.["operator"] as { ruc: string }).ruc)).toBe(true);
    expect(companyRecord).toEqual({
      code: COMPANY.code,
      minerName: COMPANY.minerName,
      operator: { ruc: COMPANY.ruc },
    });
    expect(person).toEqual({
      ruc: TEST_KEYS.pseudonyms.mask(PERSON.ruc),
      name: PERSON.maskedMinerName,
      reinfoRecords: [{ code: PERSON.code }],
    });
    expect(JSON.stringify(result)).not.toContain(PERSON.ruc);
    expect(company).toEqual({
      ruc: COMPANY.ruc,
      name: COMPANY.minerName,
      reinfoRecords: [{ code: COMPANY.code }],
    });
    // Records by code in one find, operators' records by RUC in another.
    expect(h.commands("reinfo_records")).toEqual({ find: 2 });
  });

  it("refuses a denied viewer's pseudonym with FORBIDDEN before trying to decode it", async () => {
    const result = await h.run(
      ENTITIES,
      { r: [{ __typename: "Operator", ruc: "psn_made-up" }] },
      viewers.public,
    );
    expect(result.data?._entities).toEqual([null]);
    expect(codesAt(result, ["_entities", 0])).toEqual(["FORBIDDEN"]);
  });

  it.each([
    ["reinfoRecords", `{ reinfoRecords { totalCount } }`],
    ["reinfoRecord", `{ reinfoRecord(code: "${PERSON.code}") { code } }`],
    ["operator", `{ operator(ruc: "${PERSON.ruc}") { ruc } }`],
  ])("refuses the public %s with FORBIDDEN, sending no database command", async (field, query) => {
    h.mongo.resetStats();
    const result = await h.run(query, {}, viewers.public);
    expect(result.data?.[field]).toBeNull();
    expect(codesAt(result, [field])).toEqual(["FORBIDDEN"]);
    expect(h.commands("reinfo_records")).toEqual({});
    expect(h.commands("region_stats")).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("text search", () => {
  /** A person's record with names found nowhere else in this file's data. */
  const MINER = {
    code: "REINFO-TS0001",
    ruc: validRuc("1043210987"),
    minerName: "CHOQUEHUANCA TTITO TEODORA",
    legalRepresentative: "YUPANQUI ALCCA AURELIO",
    miningRightCode: "10777001",
    miningRightName: "SENOR DE QOYLLURITI 7",
  };
  const SEARCH = /* GraphQL */ `
    query ($text: String!) {
      reinfoRecords(filter: { text: $text }, first: 100) {
        totalCount
        edges {
          node {
            code
            minerName
          }
        }
      }
    }
  `;
  const MASKED: Column[] = ["analyst", "otherEditor"];
  const UNMASKED: Column[] = ["analystPersonalData", "ownEditor", "admin"];

  beforeAll(async () => {
    await seedRecord(h, MINER.code, MINER);
  });

  async function search(text: string, column: Column): Promise<{ codes: string[]; result: Result }> {
    const result = await h.run(SEARCH, { text }, viewerFor(column, "formalization"));
    expect(result.errors, `${text} as ${column}`).toBeUndefined();
    const page = result.data?.reinfoRecords as { totalCount: number; edges: { node: { code: string } }[] };
    const codes = page.edges.map((edge) => edge.node.code);
    expect(page.totalCount, `${text} as ${column}`).toBe(codes.length);
    return { codes, result };
  }

  it.each(MASKED)(
    "does not match a miner's name for the %s viewer, who is shown initials: the full name and a surname find nothing",
    async (column) => {
      for (const text of [MINER.minerName, "choquehuanca", "TTITO TEODORA"]) {
        const { codes, result } = await search(text, column);
        expect(codes, text).toEqual([]);
        expect(JSON.stringify(result)).not.toContain(MINER.minerName);
      }
    },
  );

  it.each(UNMASKED)("matches a miner's name for the %s viewer, who sees it", async (column) => {
    for (const text of [MINER.minerName, "choquehuanca"]) {
      const { codes, result } = await search(text, column);
      expect(codes, text).toEqual([MINER.code]);
      expect(JSON.stringify(result)).toContain(MINER.minerName);
    }
  });

  it.each([...MASKED, ...UNMASKED])(
    "finds the record by registry code and by mining right name and code for the %s viewer",
    async (column) => {
      for (const text of [
        MINER.code,
        "reinfo-ts0001",
        MINER.miningRightName,
        "qoyllur",
        MINER.miningRightCode,
      ]) {
        const { codes } = await search(text, column);
        expect(codes, text).toContain(MINER.code);
      }
    },
  );

  it.each([...MASKED, ...UNMASKED])(
    "never matches a legal representative's name, for the %s viewer either",
    async (column) => {
      for (const text of [MINER.legalRepresentative, "yupanqui"]) {
        const { codes } = await search(text, column);
        expect(codes, text).toEqual([]);
      }
    },
  );
});
