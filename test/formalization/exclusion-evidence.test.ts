import { beforeAll, describe, expect, it } from "vitest";
import { CHANGE, REGISTER, registration, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();

/** Six operators with records in Madre de Dios (17) and one in Puno (21); operators 0–3 and 6 are excluded. */
const RUCS = Array.from({ length: 7 }, (_, i) => validRuc(`10${String(41000000 + i * 101)}`));

beforeAll(async () => {
  for (const [i, ruc] of RUCS.entries()) {
    const code = `REINFO-X${i}`;
    const result = await h.run(REGISTER, {
      input: registration({
        code,
        ruc,
        ubigeo: i === 6 ? "211002" : "170102",
        latitude: null,
        longitude: null,
      }),
      key: `key-evidence-${i}`,
    });
    expect(result.errors).toBeUndefined();
    if (i <= 3 || i === 6) {
      const excluded = await h.run(CHANGE, {
        input: { code, status: "EXCLUDED", reason: "Exclusión", legalBasis: "DS 012-2025-EM" },
        key: `key-evidence-exclude-${i}`,
      });
      expect(excluded.errors).toBeUndefined();
    }
  }
});

const EVIDENCE = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Region {
        ubigeo
        exclusionEvidence {
          excludedRecords
          excludedOperators
          targetedByEnforcement
          responsibleForLiabilities
          targetedOrResponsible
          targetedAndResponsible
          shareImplicated
        }
      }
    }
  }
`;

describe("exclusion evidence", () => {
  it("sets the region's excluded operators against the RUCs the other pillars report", async () => {
    const result = await h.run(EVIDENCE, {
      r: [
        {
          __typename: "Region",
          ubigeo: "17",
          // Targeted: operators 0, 1 (excluded) and 4 (active, so not counted); liable: 1, 2 and a stranger.
          enforcementTargetRucs: [RUCS[0], RUCS[1], RUCS[4]],
          liabilityResponsibleRucs: [RUCS[1], RUCS[2], validRuc("2010007097")],
        },
      ],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        ubigeo: "17",
        exclusionEvidence: {
          excludedRecords: 4,
          excludedOperators: 4,
          targetedByEnforcement: 2,
          responsibleForLiabilities: 2,
          targetedOrResponsible: 3,
          targetedAndResponsible: 1,
          shareImplicated: 0.75,
        },
      },
    ]);
  });

  it("counts only records in the region: a RUC excluded elsewhere does not count here", async () => {
    const result = await h.run(EVIDENCE, {
      r: [
        {
          __typename: "Region",
          ubigeo: "17",
          enforcementTargetRucs: [RUCS[6]],
          liabilityResponsibleRucs: [],
        },
      ],
    });
    expect(result.data?._entities).toEqual([
      {
        ubigeo: "17",
        exclusionEvidence: expect.objectContaining({ targetedByEnforcement: 0, excludedOperators: 4 }),
      },
    ]);
  });

  it("answers all 25 departments with a fixed number of database commands", async () => {
    const departments = await h.run(`{ regions { ubigeo } }`);
    const representations = (departments.data?.regions as { ubigeo: string }[]).map(({ ubigeo }) => ({
      __typename: "Region",
      ubigeo,
      enforcementTargetRucs: RUCS,
      liabilityResponsibleRucs: RUCS.slice(0, 2),
    }));
    h.mongo.resetStats();
    const result = await h.run(EVIDENCE, { r: representations });
    expect(result.errors).toBeUndefined();
    expect((result.data?._entities as unknown[]).length).toBe(25);
    // One aggregation for the distinct excluded operators, one find for the other pillars' RUCs.
    expect(h.commands("reinfo_records")).toEqual({ aggregate: 1, find: 1 });
    expect(h.commands("region_stats")).toEqual({ find: 1 });
  });
});
