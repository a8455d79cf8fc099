import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import {
  expectCell,
  looksLikeInitials,
  looksLikePseudonym,
  type Expectation,
} from "../support/access-matrix.ts";
import { startHub, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { post } from "./support.ts";

/**
 * The role × field matrix through the real gateway over HTTP, for the sensitive fields of every pillar: what the
 * subgraphs enforce is what a client gets, however the gateway plans the query. Each row is written by hand.
 */
let hub: Hub;
let funder = "";
const subject = { record: "", project: "", operation: "", investment: "" };

const COLUMNS = [
  "public",
  "donor",
  "funder",
  "analyst",
  "analystPersonalData",
  "formalizationEditor",
  "eradicationEditor",
  "admin",
] as const;
type Column = (typeof COLUMNS)[number];

function viewerOf(column: Column): Viewer {
  switch (column) {
    case "public":
      return viewers.public;
    case "donor":
      return viewers.donor("XM-DAC-NOT-A-FUNDER");
    case "funder":
      return viewers.donor(funder);
    case "analyst":
      return viewers.analyst;
    case "analystPersonalData":
      return viewers.analystWithPersonalData;
    case "formalizationEditor":
      return viewers.editor("formalization");
    case "eradicationEditor":
      return viewers.editor("eradication");
    case "admin":
      return viewers.admin;
  }
}

/** A row: the query (built once the seeded subjects are known), the path of the value, and each column's outcome. */
interface Row {
  query: () => string;
  path: (string | number)[];
  masked?: (value: unknown) => boolean;
  expect: Record<Column, Expectation>;
}

const A = "allow" as const;
const M = "mask" as const;
const D = "deny" as const;

const ROWS: Record<string, Row> = {
  "ReinfoRecord.minerName (a person)": {
    query: () => `{ reinfoRecord(code: "${subject.record}") { minerName } }`,
    path: ["reinfoRecord", "minerName"],
    masked: looksLikeInitials,
    expect: {
      public: D,
      donor: D,
      funder: D,
      analyst: M,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: M,
      admin: A,
    },
  },
  "Operator.ruc (a person), through a record": {
    query: () => `{ reinfoRecord(code: "${subject.record}") { operator { ruc } } }`,
    path: ["reinfoRecord", "operator", "ruc"],
    masked: looksLikePseudonym,
    expect: {
      public: D,
      donor: D,
      funder: D,
      analyst: M,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: M,
      admin: A,
    },
  },
  "EnforcementOperation.location": {
    query: () => `{ enforcementOperation(id: "${subject.operation}") { location { latitude longitude } } }`,
    path: ["enforcementOperation", "location"],
    expect: {
      public: D,
      donor: D,
      funder: D,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: D,
      eradicationEditor: A,
      admin: A,
    },
  },
  "EnforcementOperation.arrests": {
    query: () => `{ enforcementOperation(id: "${subject.operation}") { arrests } }`,
    path: ["enforcementOperation", "arrests"],
    expect: {
      public: D,
      donor: D,
      funder: D,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: A,
      admin: A,
    },
  },
  "SecurityOutpost.staffing": {
    query: () => `{ securityOutposts { staffing } }`,
    path: ["securityOutposts", 0, "staffing"],
    expect: {
      public: D,
      donor: D,
      funder: D,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: D,
      eradicationEditor: A,
      admin: A,
    },
  },
  "LivelihoodProject.title": {
    query: () => `{ livelihoodProject(iatiIdentifier: "${subject.project}") { title } }`,
    path: ["livelihoodProject", "title"],
    expect: {
      public: D,
      donor: A,
      funder: A,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: A,
      admin: A,
    },
  },
  "LivelihoodProject.transactions": {
    query: () =>
      `{ livelihoodProject(iatiIdentifier: "${subject.project}") { transactions { type value } } }`,
    path: ["livelihoodProject", "transactions"],
    expect: {
      public: D,
      donor: D,
      funder: A,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: A,
      admin: A,
    },
  },
  "LivelihoodProject.enrollments": {
    query: () => `{ livelihoodProject(iatiIdentifier: "${subject.project}") { enrollments { status } } }`,
    path: ["livelihoodProject", "enrollments"],
    expect: {
      public: D,
      donor: D,
      funder: D,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: A,
      admin: A,
    },
  },
  "InvestmentProject.executingUnit (public investment is public data)": {
    query: () => `{ investmentProject(cui: "${subject.investment}") { executingUnit } }`,
    path: ["investmentProject", "executingUnit"],
    expect: {
      public: A,
      donor: A,
      funder: A,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: A,
      admin: A,
    },
  },
  "RegionFormalization.excluded (an aggregate)": {
    query: () => `{ region(ubigeo: "17") { formalization { excluded } } }`,
    path: ["region", "formalization", "excluded"],
    expect: {
      public: A,
      donor: A,
      funder: A,
      analyst: A,
      analystPersonalData: A,
      formalizationEditor: A,
      eradicationEditor: A,
      admin: A,
    },
  },
};

async function run(query: string, viewer: Viewer) {
  const answer = await post(hub.gatewayUrl, { query }, { viewer });
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  hub = await startHub();
  const admin = viewers.admin;
  const records = await run(
    `{ reinfoRecords(first: 100) { edges { node { code operator { kind } } } } }`,
    admin,
  );
  const edges = (
    records.data?.["reinfoRecords"] as { edges: { node: { code: string; operator: { kind: string } } }[] }
  ).edges;
  subject.record = edges.find((edge) => edge.node.operator.kind === "PERSON")?.node.code ?? "";
  const operations = await run(`{ enforcementOperations(first: 1) { edges { node { id } } } }`, admin);
  subject.operation =
    (operations.data?.["enforcementOperations"] as { edges: { node: { id: string } }[] }).edges[0]?.node.id ??
    "";
  const projects = await run(
    `{ livelihoodProjects(first: 20) { edges { node { iatiIdentifier participatingOrgs { role ref } } } } }`,
    admin,
  );
  const project = (
    projects.data?.["livelihoodProjects"] as {
      edges: {
        node: { iatiIdentifier: string; participatingOrgs: { role: string; ref: string | null }[] };
      }[];
    }
  ).edges.find((edge) => edge.node.participatingOrgs.some((org) => org.role === "FUNDING" && org.ref));
  subject.project = project?.node.iatiIdentifier ?? "";
  const investments = await run(`{ investmentProjects(first: 1) { edges { node { cui } } } }`, admin);
  subject.investment =
    (investments.data?.["investmentProjects"] as { edges: { node: { cui: string } }[] }).edges[0]?.node.cui ??
    "";
  funder = project?.node.participatingOrgs.find((org) => org.role === "FUNDING" && org.ref)?.ref ?? "";
  expect(subject).toEqual({
    record: expect.any(String),
    project: expect.any(String),
    operation: expect.any(String),
    investment: expect.any(String),
  });
  expect(
    [subject.record, subject.project, subject.operation, subject.investment, funder].every(
      (value) => value.length > 0,
    ),
  ).toBe(true);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe("the role × field matrix through the gateway", () => {
  for (const [name, row] of Object.entries(ROWS)) {
    it(`${name} answers each viewer as its row says`, async () => {
      const raw = await run(row.query(), viewers.admin);
      expect(raw.errors).toBeUndefined();
      let value: unknown = raw.data;
      for (const key of row.path) value = (value as Record<string | number, unknown>)[key];
      expect(value).not.toBeUndefined();
      for (const column of COLUMNS) {
        const result = await run(row.query(), viewerOf(column));
        expectCell(result, row.path, row.expect[column], value, row.masked);
      }
    });
  }
});
