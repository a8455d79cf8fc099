import { beforeAll, describe, expect, it } from "vitest";
import { distanceKm, NEAR_KM, sightingGrid } from "../../subgraphs/formalization/src/exclusion-evidence.ts";
import type { RecordDoc, StatusEntry } from "../../subgraphs/formalization/src/models.ts";
import { demoProvenance } from "../../subgraphs/formalization/src/provenance.ts";
import { rebuildRegionStats } from "../../subgraphs/formalization/src/region-stats.ts";
import type { Estado } from "../../subgraphs/formalization/src/status.ts";
import { validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();

/** Operators 0–3 and 6 are excluded (0 has two records), 4 is active; 6 is in Puno, the others in Inambari. */
const RUCS = Array.from({ length: 7 }, (_, i) => validRuc(`10${String(41000000 + i * 101)}`));
const A = { latitude: -12.95, longitude: -70.2 };
const B = { latitude: -12.6, longitude: -69.9 };
const FAR = { latitude: -12.2, longitude: -69.3 };
const PURGE = "2025-06-30";

function entry(status: Estado, date: string): StatusEntry {
  return {
    status,
    date: new Date(`${date}T00:00:00.000Z`),
    reason: "Prueba",
    legalBasis: "DS 012-2025-EM",
    recordedBy: "seed:test",
    provenance: demoProvenance(),
  };
}

function record(
  code: string,
  ruc: string,
  district: string,
  place: { latitude: number; longitude: number } | null,
  excludedOn: string | null,
): RecordDoc {
  const history = [entry("VIGENTE", "2019-05-01"), entry("SUSPENDIDO", "2020-03-01")];
  if (excludedOn) history.push(entry("EXCLUIDO", excludedOn));
  else history.push(entry("VIGENTE", "2020-09-01"));
  return {
    COD_REINFO: code,
    M_RUC: ruc,
    NOMBRE_MIN: "PRUEBA",
    ID_UNIDAD: "010149108",
    ID_DEPA: district.slice(0, 2),
    ID_PROV: district.slice(0, 4),
    ID_DIST: district,
    ESTADO: excludedOn ? "EXCLUIDO" : "VIGENTE",
    A_INSCRIPCION: 2019,
    LATITUD_G84: place?.latitude ?? null,
    LONGITUD_G84: place?.longitude ?? null,
    history,
    provenance: demoProvenance(),
  };
}

/** `degrees` north of a point: 0.018° of latitude is about 2 km, 0.047° about 5.2 km. */
const north = (p: { latitude: number; longitude: number }, degrees: number) => ({
  latitude: p.latitude + degrees,
  longitude: p.longitude,
});

beforeAll(async () => {
  await h.server.models.Record.collection.insertMany([
    record("REINFO-X0", RUCS[0]!, "170102", A, PURGE),
    record("REINFO-X1", RUCS[1]!, "170102", B, PURGE),
    record("REINFO-X2", RUCS[2]!, "170102", null, PURGE),
    // Excluded earlier, in January 2024.
    record("REINFO-X3", RUCS[3]!, "170102", A, "2024-01-15"),
    record("REINFO-X4", RUCS[4]!, "170102", A, null),
    // Operator 0's second excluded record, far from any degraded area.
    record("REINFO-X5", RUCS[0]!, "170102", FAR, PURGE),
    record("REINFO-X6", RUCS[6]!, "211002", { latitude: -14.67, longitude: -69.43 }, PURGE),
  ]);
  await rebuildRegionStats(h.server.models);
});

const EVIDENCE = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Region {
        ubigeo
        exclusionEvidence {
          excludedRecords
          excludedOperators
          operatorsTargetedAfterExclusion
          shareTargetedAfterExclusion
          excludedRecordsWithLocation
          recordsWithDegradationAfterExclusion
          shareWithDegradationAfterExclusion
          responsibleForLiabilities
          shareResponsibleForLiabilities
          targetedByEnforcement
          targetedOrResponsible
          targetedAndResponsible
          shareImplicated
        }
      }
    }
  }
`;

/** What the other pillars bring for Madre de Dios (17), as the gateway sends it. */
const MADRE_DE_DIOS = {
  __typename: "Region",
  ubigeo: "17",
  enforcementTargets: [
    { ruc: RUCS[0], lastTargetedOn: "2025-08-01" }, // after its exclusion
    { ruc: RUCS[1], lastTargetedOn: PURGE }, // on the day of its exclusion: not after
    { ruc: RUCS[3], lastTargetedOn: "2024-06-01" }, // after its January 2024 exclusion
    { ruc: RUCS[4], lastTargetedOn: "2025-08-01" }, // active: not an excluded operator
    { ruc: RUCS[6], lastTargetedOn: "2025-08-01" }, // excluded in Puno, not here
  ],
  degradedAreaSightings: [
    { ...north(A, 0.018), detectedOn: "2025-07-15" }, // 2 km from X0 and X3, after both exclusions
    { ...north(B, -0.018), detectedOn: "2025-05-01" }, // 2 km from X1, before its exclusion
    { ...north(B, 0.047), detectedOn: "2025-09-01" }, // 5.2 km from X1: beyond 5 km
    { ...north(B, 0.18), detectedOn: "2025-09-01" }, // 20 km from X1
  ],
  liabilityResponsibleRucs: [RUCS[2], validRuc("2010007097")],
};

describe("exclusion evidence", () => {
  it("compares each excluded record and operator with what happened after its own exclusion", async () => {
    const result = await h.run(EVIDENCE, { r: [MADRE_DE_DIOS] });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        ubigeo: "17",
        exclusionEvidence: {
          excludedRecords: 5,
          excludedOperators: 4,
          // Operators 0 and 3 (operator 1 was targeted on its exclusion day, 4 is active, 6 is in Puno).
          operatorsTargetedAfterExclusion: 2,
          shareTargetedAfterExclusion: 0.5,
          // X0, X1, X3 and X5 have coordinates; X0 and X3 have an area detected after their exclusion in 5 km.
          excludedRecordsWithLocation: 4,
          recordsWithDegradationAfterExclusion: 2,
          shareWithDegradationAfterExclusion: 0.5,
          // Operator 2 of four: its own denominator.
          responsibleForLiabilities: 1,
          shareResponsibleForLiabilities: 0.25,
          targetedByEnforcement: 3,
          targetedOrResponsible: 4,
          targetedAndResponsible: 0,
          shareImplicated: 1,
        },
      },
    ]);
  });

  it("counts only records in the region: an operator excluded elsewhere counts where it was excluded", async () => {
    const result = await h.run(EVIDENCE, {
      r: [
        {
          __typename: "Region",
          ubigeo: "21",
          enforcementTargets: [{ ruc: RUCS[6], lastTargetedOn: "2025-08-01" }],
          // An area next to Madre de Dios's X0: areas are compared only with records of their own region.
          degradedAreaSightings: [{ ...north(A, 0.018), detectedOn: "2025-07-15" }],
          liabilityResponsibleRucs: [RUCS[0]],
        },
      ],
    });
    expect(result.data?._entities).toEqual([
      {
        ubigeo: "21",
        exclusionEvidence: expect.objectContaining({
          excludedRecords: 1,
          excludedOperators: 1,
          operatorsTargetedAfterExclusion: 1,
          excludedRecordsWithLocation: 1,
          recordsWithDegradationAfterExclusion: 0,
          responsibleForLiabilities: 0,
        }),
      },
    ]);
  });

  it("has no shares where their denominators are zero", async () => {
    const result = await h.run(EVIDENCE, {
      r: [
        {
          __typename: "Region",
          ubigeo: "04",
          enforcementTargets: [],
          degradedAreaSightings: [],
          liabilityResponsibleRucs: [],
        },
      ],
    });
    expect(result.data?._entities).toEqual([
      {
        ubigeo: "04",
        exclusionEvidence: expect.objectContaining({
          excludedOperators: 0,
          shareTargetedAfterExclusion: null,
          excludedRecordsWithLocation: 0,
          shareWithDegradationAfterExclusion: null,
          shareResponsibleForLiabilities: null,
          shareImplicated: null,
        }),
      },
    ]);
  });

  it("answers all 25 departments with a fixed number of database commands", async () => {
    const departments = await h.run(`{ regions { ubigeo } }`);
    const representations = (departments.data?.regions as { ubigeo: string }[]).map(({ ubigeo }) => ({
      ...MADRE_DE_DIOS,
      ubigeo,
    }));
    h.mongo.resetStats();
    const result = await h.run(EVIDENCE, { r: representations });
    expect(result.errors).toBeUndefined();
    expect((result.data?._entities as unknown[]).length).toBe(25);
    // One find of every department's excluded records (with their history's statuses and dates, for the
    // exclusion dates), one find of the counters.
    expect(h.commands("reinfo_records")).toEqual({ find: 1 });
    expect(h.commands("region_stats")).toEqual({ find: 1 });
    expect(Object.keys(h.allCommands()).sort()).toEqual(["region_stats", "reinfo_records"]);
  });
});

describe("the degraded areas near a record", () => {
  it("are exactly those within NEAR_KM by great-circle distance, wherever in Peru, grid cell edges included", () => {
    // A deterministic spread of areas and points over Peru's extent, dense enough that many pairs sit near 5 km.
    let state = 42;
    const random = (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const inPeru = () => ({ latitude: -18.4 + random() * 18.4, longitude: -81.3 + random() * 12.6 });
    const clusters = Array.from({ length: 40 }, inPeru);
    const around = (centre: { latitude: number; longitude: number }) => ({
      latitude: centre.latitude + (random() - 0.5) * 0.3,
      longitude: centre.longitude + (random() - 0.5) * 0.3,
    });
    const sightings = Array.from({ length: 4_000 }, (_, i) => ({
      ...around(clusters[i % clusters.length]!),
      detectedOn: new Date("2024-01-01"),
    }));
    const nearby = sightingGrid(sightings);
    let pairs = 0;
    for (let i = 0; i < 800; i++) {
      const point = around(clusters[i % clusters.length]!);
      const expected = sightings.filter((s) => distanceKm(point, s) <= NEAR_KM);
      const found = nearby(point.latitude, point.longitude);
      expect(new Set(found)).toEqual(new Set(expected));
      pairs += expected.length;
    }
    expect(pairs).toBeGreaterThan(1_000);
  });
});
