import { describe, expect, it, beforeAll } from "vitest";
import { recordSamples, type Sample } from "../eradication/fixtures.ts";
import { useEradication } from "../eradication/harness.ts";
import { useFormalization } from "../formalization/harness.ts";

// The other pillars' sides of the services contract: eradication's INTERNAL `enforcementOperations` (the
// numerator of services' `operationsPerMillionSolesInvested`) and formalization's `sources`, which merges
// `servicesSources` with the rest.

const erad = useEradication();
const form = useFormalization();
let samples: Sample[] = [];

beforeAll(async () => {
  samples = await recordSamples(erad.run);
});

describe("eradication's RegionIndicators.enforcementOperations", () => {
  it("counts the operations of the region and period, from the counters its own ratio reads (no further command)", async () => {
    const periods = [
      ["17", "2025-01-01", "2025-12-31"],
      ["1701", "2025-01-15", "2025-05-10"],
      ["00", "2025-01-01", "2025-12-31"],
      ["17", "2020-01-01", "2020-12-31"],
    ] as const;
    const r = periods.map(([u, f, t]) => ({
      __typename: "RegionIndicators",
      id: `${u}|${f}|${t}`,
      activeRecords: 1000,
    }));
    const query = (extra: string) =>
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionIndicators { operationsPerThousandActiveRecords ${extra} } } }`;
    erad.mongo.resetStats();
    await erad.ok(query(""), { r });
    const alone = erad.allCommands();
    erad.mongo.resetStats();
    const data = await erad.ok<{ _entities: { enforcementOperations: number }[] }>(
      query("enforcementOperations"),
      { r },
    );
    expect(erad.allCommands()).toEqual(alone);
    const expected = periods.map(
      ([u, f, t]) =>
        samples.filter((s) => (u === "00" || s.ubigeo.startsWith(u)) && s.date >= f && s.date <= t).length,
    );
    expect(expected[0]).toBeGreaterThan(0);
    expect(expected[3]).toBe(0);
    expect(data._entities.map((e) => e.enforcementOperations)).toEqual(expected);
  });
});

describe("formalization's RegionIndicators.sources", () => {
  it("merges the services pillar's datasets with the other pillars', the same dataset summed", async () => {
    const share = (kind: string, dataset: string | null, source: string, records: number) => ({
      kind,
      dataset,
      source,
      asOf: "2025-06-30",
      records,
    });
    const data = await form.ok<{ _entities: { sources: unknown[] }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionIndicators { sources { kind dataset source asOf records } } } }`,
      {
        r: [
          {
            __typename: "RegionIndicators",
            id: "17|2024-01-01|2024-12-31",
            eradicationSources: [
              share("SYNTHETIC", "tinkuy-demo:eradication", "Tinkuy demo-data generator", 2),
            ],
            recoverySources: [],
            livelihoodsSources: [],
            servicesSources: [
              share(
                "OFFICIAL",
                "DETALLE_INVERSIONES.csv sha256:ab",
                "MEF, Banco de Inversiones (Invierte.pe)",
                7,
              ),
              share("SYNTHETIC", "tinkuy-demo:eradication", "Tinkuy demo-data generator", 1),
            ],
          },
        ],
      },
    );
    expect(data._entities[0]?.sources).toEqual([
      share("OFFICIAL", "DETALLE_INVERSIONES.csv sha256:ab", "MEF, Banco de Inversiones (Invierte.pe)", 7),
      share("SYNTHETIC", "tinkuy-demo:eradication", "Tinkuy demo-data generator", 3),
    ]);
  });
});
