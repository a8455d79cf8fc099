import { randomUUID } from "node:crypto";
import type { Viewer } from "@tinkuy/kit";
import type { Fixtures } from "./fixtures.ts";

/** The scenarios of issue 6, by number. */
export type ScenarioId = 1 | 2 | 3 | 4;

/** One scenario: who asks, and the body of each next request (a different one per request where it says so). */
export interface Scenario {
  id: ScenarioId;
  name: string;
  /** The floor serves this scenario's captured response on this path. */
  path: string;
  viewer: Viewer;
  /** The JSON body of the next request. */
  nextBody(): string;
  /** One fixed request, whose answer the floor serves (the same in every run); none for the writes. */
  sampleBody: string | undefined;
}

const PERIOD = `{ from: "2025-01-01", to: "2025-12-31" }`;

const REGION_VIEW = `query RegionView {
  regions {
    ubigeo
    name
    formalization { total active suspended excluded formalized formalizationRate }
    eradication(period: ${PERIOD}) { operations value arrests }
    recovery(period: ${PERIOD}) { hectaresDegraded hectaresRestored restorationRatio }
    livelihoods(period: ${PERIOD}) { activeProjects beneficiaries { total women formerMiners } }
    services(period: ${PERIOD}) { activeProjects executed executedPerInhabitant }
    indicators(period: ${PERIOD}) {
      activeRecords
      operationsPerThousandActiveRecords
      valueSeizedPerActiveRecord
      restoredPerDegradedHectare
      degradedHectaresPerActiveRecord
      formerMinerBeneficiariesPerExcludedRecord
      investmentExecutedPerActiveRecord
      operationsPerMillionSolesInvested
    }
  }
}`;

const OPERATOR_VIEW = `query OperatorView($ruc: ID!) {
  operator(ruc: $ruc) {
    ruc
    kind
    name
    reinfoRecords { code status district { name } statusHistory { status date reason legalBasis } }
    interventions { id date district { name } totalValue }
    liabilities { id formerMiningUnit riskLevel }
    livelihoodEnrollments { status project { title } }
  }
}`;

const REGISTRY_PAGE = `query RegistryPage($ubigeo: ID!, $status: ReinfoStatus!) {
  reinfoRecords(filter: { ubigeo: $ubigeo, status: $status }, first: 50) {
    totalCount
    edges {
      cursor
      node { code minerName status registrationYear miningRight { code name } district { ubigeo name } operator { ruc kind } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CHANGE_STATUS = `mutation Suspend($input: ChangeReinfoStatusInput!, $key: String!) {
  changeReinfoStatus(input: $input, idempotencyKey: $key) { code status }
}`;

const STATUSES = ["ACTIVE", "SUSPENDED", "EXCLUDED", "FORMALIZED"] as const;

const analyst: Viewer = {
  id: "bench-analyst",
  role: "MINISTRY_ANALYST",
  pillar: null,
  donor: null,
  grants: [],
};
const analystWithPersonalData: Viewer = { ...analyst, id: "bench-analyst-pd", grants: ["PERSONAL_DATA"] };
const editor: Viewer = {
  id: "bench-formalization-editor",
  role: "AGENCY_EDITOR",
  pillar: "formalization",
  donor: null,
  grants: [],
};

/** Cycles through `items`, one per call. */
function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error("the bench found nothing to ask for in the seeded data");
  let i = 0;
  return () => items[i++ % items.length] as T;
}

const body = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify(variables ? { query, variables } : { query });

/**
 * The four scenarios over the fixtures. The write scenario takes each ACTIVE record from one queue shared by
 * every target and warm-up, so no record is written twice in a run; `writesLeft` says how many remain.
 */
export function buildScenarios(fixtures: Fixtures): { scenarios: Scenario[]; writesLeft: () => number } {
  const ruc = cycle(fixtures.rucs);
  const filter = cycle(
    fixtures.departments.flatMap((ubigeo) => STATUSES.map((status) => ({ ubigeo, status }))),
  );
  const codes = fixtures.activeCodes;
  let written = 0;
  const regionBody = body(REGION_VIEW);
  const scenarios: Scenario[] = [
    {
      id: 1,
      name: "region view",
      path: "/region-view",
      viewer: analyst,
      nextBody: () => regionBody,
      sampleBody: regionBody,
    },
    {
      id: 2,
      name: "operator view",
      path: "/operator-view",
      viewer: analystWithPersonalData,
      nextBody: () => body(OPERATOR_VIEW, { ruc: ruc() }),
      sampleBody: body(OPERATOR_VIEW, { ruc: fixtures.rucs[0] }),
    },
    {
      id: 3,
      name: "registry page",
      path: "/registry-page",
      viewer: analyst,
      nextBody: () => body(REGISTRY_PAGE, filter()),
      // Madre de Dios's active records (the example in docs/analysts.md): a full page at any scale from 0.1.
      sampleBody: body(REGISTRY_PAGE, { ubigeo: "17", status: "ACTIVE" }),
    },
    {
      id: 4,
      name: "writes",
      path: "/writes",
      viewer: editor,
      nextBody: () => {
        // Past the end of the queue, a code no record has: the request fails and counts as an error.
        const code = codes[written++] ?? `REINFO-BENCH-NONE-${written}`;
        return body(CHANGE_STATUS, {
          input: { code, status: "SUSPENDED", reason: "Benchmark: suspensión", legalBasis: "DL 1293" },
          key: `bench-${randomUUID()}`,
        });
      },
      sampleBody: undefined,
    },
  ];
  return { scenarios, writesLeft: () => Math.max(0, codes.length - written) };
}
