import { beforeAll, describe, expect, it } from "vitest";
import type { LedgerDoc, RecordDoc } from "../../subgraphs/formalization/src/models.ts";
import { DEMO_AS_OF } from "../../subgraphs/formalization/src/provenance.ts";
import { STATUS_OF } from "../../subgraphs/formalization/src/status.ts";
import { prepare } from "../../subgraphs/formalization/src/subgraph.ts";
import { seedFormalization } from "../../subgraphs/formalization/seed/index.ts";
import { viewers } from "../support/viewers.ts";
import { CHANGE, REGISTER, registration, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);

/** Regions of every level, where the seed puts many records (Madre de Dios, Puno, Arequipa) and fewer. */
const REGIONS = ["17", "21", "04", "13", "1702", "2110", "170102", "211002"];
/** Before, on and after the 2025 exclusions; a year earlier; the backdated change's day and the day before. */
const DAYS = [
  "2019-12-31",
  "2024-02-29",
  "2024-03-01",
  "2024-12-31",
  "2025-06-29",
  "2025-06-30",
  "2025-07-01",
];

interface Figures {
  total: number;
  ACTIVE: number;
  SUSPENDED: number;
  EXCLUDED: number;
  FORMALIZED: number;
}

/** The figures of a region at the end of a day, recounted from every record's status history. */
function recount(records: readonly RecordDoc[], ubigeo: string, day: string): Figures {
  const end = Date.parse(`${day}T00:00:00.000Z`) + DAY;
  const figures: Figures = { total: 0, ACTIVE: 0, SUSPENDED: 0, EXCLUDED: 0, FORMALIZED: 0 };
  for (const record of records) {
    if (!record.ID_DIST.startsWith(ubigeo)) continue;
    const known = record.history.filter((entry) => entry.date.getTime() < end);
    const last = known.at(-1);
    if (!last) continue;
    figures.total++;
    figures[STATUS_OF[last.status]]++;
  }
  return figures;
}

const AS_OF = /* GraphQL */ `
  query ($ubigeo: ID!, $asOf: Date) {
    region(ubigeo: $ubigeo) {
      formalization(asOf: $asOf) {
        asOf
        total
        active
        suspended
        excluded
        formalized
        sources {
          kind
          records
        }
      }
    }
  }
`;

interface AsOfAnswer {
  region: {
    formalization: {
      asOf: string;
      total: number;
      active: number;
      suspended: number;
      excluded: number;
      formalized: number;
      sources: { kind: string; records: number }[];
    };
  };
}

let backdated = "";

beforeAll(async () => {
  await seedFormalization(h.server.models, { scale: 0.02 });
  // A backdated change: an editor records today that an active record was suspended on 1 March 2024.
  const candidate = await h.server.models.Record.findOne({
    ID_DEPA: "17",
    ESTADO: "VIGENTE",
    "history.date": { $not: { $gte: new Date("2024-03-01") } },
  }).lean<RecordDoc>();
  backdated = candidate!.COD_REINFO;
  const change = await h.run(CHANGE, {
    input: {
      code: backdated,
      status: "SUSPENDED",
      reason: "No presentó la declaración semestral",
      legalBasis: "DS 018-2017-EM",
      effectiveDate: "2024-03-01T15:00:00.000Z",
    },
    key: "key-as-of-backdated",
  });
  expect(change.errors).toBeUndefined();
  // And a registration today, in the same district as the seeded records.
  const registered = await h.run(REGISTER, {
    input: registration({ code: "REINFO-ASOF-1", ruc: validRuc("2060000001"), ubigeo: "170102" }),
    key: "key-as-of-register",
  });
  expect(registered.errors).toBeUndefined();
});

describe("figures as they were (Region.formalization(asOf:))", () => {
  it("counts as of a day equal a recount from every record's status history, for every level and day", async () => {
    const records = await h.server.models.Record.find({}).lean<RecordDoc[]>();
    for (const ubigeo of REGIONS) {
      for (const day of [...DAYS, today]) {
        const expected = recount(records, ubigeo, day);
        const data = await h.ok<AsOfAnswer>(AS_OF, { ubigeo, asOf: day });
        const { asOf, total, active, suspended, excluded, formalized, sources } = data.region.formalization;
        expect({
          ubigeo,
          day,
          total,
          ACTIVE: active,
          SUSPENDED: suspended,
          EXCLUDED: excluded,
          FORMALIZED: formalized,
        }).toEqual({ ubigeo, day, ...expected });
        expect(asOf).toBe(day);
        expect(sources.reduce((n, s) => n + s.records, 0)).toBe(total);
      }
    }
  });

  it("shows the registry before the 2025 exclusions with none excluded, and after them with the purge's", async () => {
    const before = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "17", asOf: "2025-06-29" });
    const after = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "17", asOf: "2025-06-30" });
    expect(before.region.formalization.excluded).toBe(0);
    expect(after.region.formalization.excluded).toBeGreaterThan(50);
    expect(after.region.formalization.total).toBe(before.region.formalization.total);
  });

  it("puts a backdated change on the day it took effect, not the day it was entered", async () => {
    const records = await h.server.models.Record.find({ COD_REINFO: backdated }).lean<RecordDoc[]>();
    const district = records[0]!.ID_DIST;
    const dayBefore = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: district, asOf: "2024-02-29" });
    const dayOf = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: district, asOf: "2024-03-01" });
    expect(dayOf.region.formalization.suspended).toBe(dayBefore.region.formalization.suspended + 1);
    expect(dayOf.region.formalization.active).toBe(dayBefore.region.formalization.active - 1);
  });

  it("answers today's counters without asOf, as of today, and the ledger agrees with them", async () => {
    const now = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "170102" });
    const ledger = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "170102", asOf: today });
    expect(now.region.formalization.asOf).toBe(today);
    expect(ledger.region.formalization).toEqual(now.region.formalization);
    // The registration of today counts today, under the editors' dataset.
    expect(now.region.formalization.sources.map((s) => s.kind).sort()).toEqual(["ENTERED", "SYNTHETIC"]);
  });

  it("answers many regions each as of its own day in one request with one aggregation, each equal to the recount", async () => {
    const records = await h.server.models.Record.find({}).lean<RecordDoc[]>();
    // Every region with every day (month ends, a leap day, a year's end, mid-month, today), mixed in one batch of
    // RegionIndicators entities whose periods end on those days, and Peru (00), the departments' sum.
    const pairs = [...REGIONS, "00"].flatMap((ubigeo) => [...DAYS, today].map((day) => ({ ubigeo, day })));
    h.mongo.resetStats();
    const data = await h.ok<{ _entities: { activeRecords: number; excludedRecords: number }[] }>(
      /* GraphQL */ `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on RegionIndicators {
              activeRecords
              excludedRecords
            }
          }
        }
      `,
      {
        r: pairs.map(({ ubigeo, day }) => ({
          __typename: "RegionIndicators",
          id: `${ubigeo}|2012-01-01|${day}`,
        })),
      },
    );
    expect(h.allCommands()).toEqual({ region_status_days: { aggregate: 1 } });
    pairs.forEach(({ ubigeo, day }, i) => {
      const expected = recount(records, ubigeo === "00" ? "" : ubigeo, day);
      expect({ ubigeo, day, ...data._entities[i] }).toEqual({
        ubigeo,
        day,
        activeRecords: expected.ACTIVE,
        excludedRecords: expected.EXCLUDED,
      });
    });
  });

  it("refuses a day in the future with BAD_USER_INPUT naming asOf", async () => {
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const result = await h.run(AS_OF, { ubigeo: "17", asOf: tomorrow });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "asOf" });
    expect(result.data?.region).toMatchObject({ formalization: null });
  });

  it("answers every department and its provinces as of a day with one ledger aggregation, and no registry read", async () => {
    const query = /* GraphQL */ `
      query ($asOf: Date) {
        regions {
          ubigeo
          formalization(asOf: $asOf) {
            total
            excluded
            sources {
              records
            }
            children {
              asOf
              total
              excluded
            }
          }
        }
      }
    `;
    h.mongo.resetStats();
    const data = await h.ok<{
      regions: {
        ubigeo: string;
        formalization: { total: number; children: { asOf: string; total: number }[] };
      }[];
    }>(query, { asOf: "2024-12-31" });
    expect(data.regions).toHaveLength(25);
    // One aggregation for the 25 departments and their 196 provinces (the loader batches both levels); its
    // cursor may need a getMore for the groups beyond the first batch. Nothing reads the registry.
    expect(Object.keys(h.allCommands())).toEqual(["region_status_days"]);
    expect(h.commands("region_status_days").aggregate).toBe(1);
    for (const { formalization } of data.regions) {
      expect(formalization.children.reduce((n, c) => n + c.total, 0)).toBe(formalization.total);
      for (const child of formalization.children) expect(child.asOf).toBe("2024-12-31");
    }
  });

  it("answers all 1,891 districts as of a year's end looking only at their year entries of the ledger", async () => {
    const ledger = h.server.models.RegionDay;
    const yearEntries = await ledger.countDocuments({ grain: "Y", region: /^\d{6}$/ });
    const allEntries = await ledger.countDocuments({ region: /^\d{6}$/ });
    const ns = `${h.connection.name}.region_status_days`;
    h.mongo.resetStats();
    const data = await h.ok<{ regions: { ubigeo: string; formalization: { total: number } }[] }>(
      /* GraphQL */ `
        query ($asOf: Date) {
          regions(level: DISTRICT) {
            ubigeo
            formalization(asOf: $asOf) {
              total
            }
          }
        }
      `,
      { asOf: "2024-12-31" },
    );
    expect(data.regions).toHaveLength(1_891);
    expect(h.commands("region_status_days").aggregate).toBe(1);
    // The year's end needs each district's years only: the engine looks up (district, "Y") pairs for the
    // aggregation's $or, not every entry of the 1,891 districts (their months and days).
    expect(h.mongo.stats().namespaces[ns]?.docsExamined).toBe(yearEntries);
    expect(yearEntries).toBeLessThan(allEntries / 2);
    // And the districts' figures add up to Peru's on that day.
    const peru = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "00", asOf: "2024-12-31" });
    const sum = data.regions.reduce((n, r) => n + r.formalization.total, 0);
    expect(sum).toBe(peru.region.formalization.total);
    expect(sum).toBeGreaterThan(0);
  });
});

describe("indicators use the registry as of the period's last day", () => {
  const INDICATORS = /* GraphQL */ `
    query ($ubigeo: ID!, $from: Date!, $to: Date!) {
      region(ubigeo: $ubigeo) {
        indicators(period: { from: $from, to: $to }) {
          activeRecords
          excludedRecords
          formalizationRate
        }
        formalization(asOf: $to) {
          active
          excluded
          formalized
          total
        }
      }
    }
  `;

  it("counts records excluded in June 2025 as active in 2024, and as excluded in 2025", async () => {
    type Answer = {
      region: {
        indicators: { activeRecords: number; excludedRecords: number; formalizationRate: number | null };
        formalization: { active: number; excluded: number; formalized: number; total: number };
      };
    };
    const y2024 = await h.ok<Answer>(INDICATORS, { ubigeo: "17", from: "2024-01-01", to: "2024-12-31" });
    const y2025 = await h.ok<Answer>(INDICATORS, { ubigeo: "17", from: "2025-01-01", to: "2025-12-31" });
    expect(y2024.region.indicators.excludedRecords).toBe(0);
    expect(y2024.region.indicators).toEqual({
      activeRecords: y2024.region.formalization.active,
      excludedRecords: y2024.region.formalization.excluded,
      formalizationRate: y2024.region.formalization.formalized / y2024.region.formalization.total,
    });
    const purged = await h.server.models.Record.countDocuments({
      ID_DEPA: "17",
      history: { $elemMatch: { status: "EXCLUIDO", date: new Date("2025-06-30") } },
    });
    expect(purged).toBeGreaterThan(50);
    expect(y2025.region.indicators.excludedRecords).toBe(purged);
    // The purged records were suspended before, not active: they left SUSPENDED for EXCLUDED.
    expect(y2025.region.indicators.activeRecords).toBeLessThanOrEqual(
      y2024.region.indicators.activeRecords + 1,
    );
  });

  it("lists the registry's datasets as of the period's end with the other pillars', summing the same dataset", async () => {
    const shared = {
      kind: "SYNTHETIC",
      dataset: "tinkuy-demo:formalization",
      source: "Tinkuy demo-data generator",
    };
    const demo = { ...shared, asOf: DEMO_AS_OF.toISOString().slice(0, 10) };
    const query = /* GraphQL */ `
      query ($r: [_Any!]!) {
        _entities(representations: $r) {
          ... on RegionIndicators {
            id
            sources {
              kind
              dataset
              source
              asOf
              records
            }
          }
        }
      }
    `;
    const operations = {
      kind: "SYNTHETIC",
      dataset: "tinkuy-demo:eradication",
      source: shared.source,
      asOf: "2026-11-20",
    };
    const registry = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "17", asOf: "2024-12-31" });
    const result = await h.ok<{ _entities: { sources: unknown[] }[] }>(query, {
      r: [
        {
          __typename: "RegionIndicators",
          id: "17|2024-01-01|2024-12-31",
          eradicationSources: [{ ...operations, records: 12 }],
          // A pillar that counted records of the same dataset as the registry's adds to its count.
          recoverySources: [{ ...demo, records: 5 }],
          livelihoodsSources: [],
        },
      ],
    });
    expect(result._entities[0]?.sources).toEqual([
      { ...demo, records: registry.region.formalization.total + 5 },
      { ...operations, records: 12 },
    ]);
  });
});

describe("the ledger at start", () => {
  it("is built from the histories for a database written without it, equal to the one the writes kept", async () => {
    const kept = await h.server.models.RegionDay.find({}).sort({ _id: 1 }).lean<LedgerDoc[]>();
    expect(kept.length).toBeGreaterThan(1_000);
    const answerBefore = await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "17", asOf: "2024-03-01" }, viewers.public);
    await h.connection.collection("region_status_days").drop();

    await prepare(h.server);

    const rebuilt = await h.server.models.RegionDay.find({}).sort({ _id: 1 }).lean<LedgerDoc[]>();
    // An entry the writes kept has no `sources` when it holds only changes (the rebuild may leave an empty
    // map out too): compare them as maps.
    const net = (entries: LedgerDoc[]) =>
      entries.map((e) => ({ ...e, in: e.in ?? {}, out: e.out ?? {}, sources: e.sources ?? {} }));
    expect(net(rebuilt)).toEqual(net(kept));
    expect(await h.ok<AsOfAnswer>(AS_OF, { ubigeo: "17", asOf: "2024-03-01" }, viewers.public)).toEqual(
      answerBefore,
    );

    const digest = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(digest);
  });

  it("is repaired when left partial (an interrupted build or import): its sums disagree with the counters", async () => {
    const kept = await h.server.models.RegionDay.find({}).sort({ _id: 1 }).lean<LedgerDoc[]>();
    const { deletedCount } = await h.server.models.RegionDay.deleteMany({
      region: { $regex: /^17/ },
      grain: "D",
    });
    expect(deletedCount).toBeGreaterThan(100);

    await prepare(h.server);

    expect(await h.server.models.RegionDay.find({}).sort({ _id: 1 }).lean<LedgerDoc[]>()).toEqual(kept);
  });
});
