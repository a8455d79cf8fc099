import { beforeAll, describe, expect, it } from "vitest";
import { COLUMNS, viewerFor } from "../support/access-matrix.ts";
import { regionEntities } from "../support/region-entity.ts";
import { accrual, day, project, store } from "./fixtures.ts";
import { useServices } from "./harness.ts";

// Public investment is public data: every read of this subgraph is PUBLIC, but for the fields only the gateway
// reads (INTERNAL, @inaccessible in the supergraph); the writes are the pillar's editors' and admins'.

const h = useServices();
const PILLAR = "services";

/** Every field whose rule is not PUBLIC, with its rule: written out by hand, never derived from the SDL. */
const NOT_PUBLIC: Record<string, string> = {
  "RegionIndicators.activeRecords": "INTERNAL",
  "RegionIndicators.enforcementOperations": "INTERNAL",
  "RegionIndicators.servicesSources": "INTERNAL",
  "DatasetCatalogue.servicesDatasets": "INTERNAL",
  "Mutation.registerInvestmentProject": "EDITOR",
  "Mutation.recordInvestmentAccrual": "EDITOR",
  "Mutation.changeInvestmentStatus": "EDITOR",
};

const water = project({
  districts: ["170101"],
  executionStartedOn: day("2024-02-01"),
  execution: [accrual(2024, 3, 12_345.67)],
});

beforeAll(async () => {
  await store(h.server.models, water);
});

/** A read of every public type: an investment with its accruals and districts, the listing, a region's figures. */
const EVERYTHING = /* GraphQL */ `
  query ($cui: ID!) {
    investmentProject(cui: $cui) {
      cui name function functionCode programme subprogramme executingUnit governmentLevel
      districts { ubigeo name level capital { name latitude longitude altitude } }
      status viableCost updatedCost accruedTotal registeredOn viableOn executionStartedOn closedOn
      execution { year month accrued provenance { kind dataset source url asOf licence note } }
      provenance { kind dataset source url asOf licence note }
    }
    investmentProjects(filter: { ubigeo: "17" }, first: 5) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { cui } }
    }
    ${regionEntities(
      "17",
      `services(period: { from: "2024-01-01", to: "2024-12-31" }) {
        region { ubigeo } from to activeProjects executed yearlyAccrualsOutsidePeriodMonths population
        executedPerInhabitant byFunction { function activeProjects executed }
        sources { kind dataset source asOf records } partial
        children { executed } series(granularity: QUARTER) { executed }
      }`,
    )}
  }
`;

describe("access", () => {
  it("rules every field PUBLIC but the gateway's INTERNAL fields and the editors' mutations", () => {
    const ruled = Object.fromEntries(
      [...h.server.rules].filter(([, rule]) => rule.read !== "PUBLIC").map(([key, rule]) => [key, rule.read]),
    );
    expect(ruled).toEqual(NOT_PUBLIC);
  });

  it.each(COLUMNS)("answers every public read in full to the %s viewer", async (column) => {
    const admin = await h.ok(EVERYTHING, { cui: water.cui });
    const answer = await h.run(EVERYTHING, { cui: water.cui }, viewerFor(column, PILLAR));
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual(admin);
    expect(JSON.stringify(answer.data)).toContain("12345.67");
  });

  it.each(COLUMNS)("lets the %s viewer write only as an editor of services or an admin", async (column) => {
    const before = await h.domainDigest();
    const answer = await h.run(
      `mutation ($input: RecordInvestmentAccrualInput!) {
        recordInvestmentAccrual(input: $input, idempotencyKey: "access-${column}-0001") { cui }
      }`,
      { input: { cui: "0000001", year: 2024, month: 3, accrued: "1.00" } },
      viewerFor(column, PILLAR),
    );
    const code = answer.errors?.[0]?.extensions?.["code"];
    if (column === "ownEditor" || column === "admin") {
      // Allowed through: the write itself refuses an unknown CUI.
      expect(code).not.toBe("FORBIDDEN");
    } else {
      expect(code).toBe("FORBIDDEN");
    }
    expect(await h.domainDigest()).toBe(before);
  });
});
