import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Model } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importReinfo } from "../../subgraphs/formalization/src/import/import-reinfo.ts";
import type { Models as FormalizationModels } from "../../subgraphs/formalization/src/models.ts";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";
import { HEADER, row } from "../formalization/fixtures.ts";
import { startHub, type Hub } from "../support/hub.ts";

/**
 * The catalogue (`Query.datasets`) through the real gateway over HTTP, as the public sees it: the five pillars
 * seeded small, each on its own port, the gateway merging their parts in recovery's `items`.
 */
let hub: Hub;
let dir = "";

const CATALOGUE = /* GraphQL */ `
  query Catalogue {
    datasets {
      id
      items {
        id
        title
        kind
        publisher
        issued
        modified
        licence
        landingPage
        note
        records {
          pillar
          entity
          records
        }
        totalRecords
      }
      totalRecords
      official: items(kind: OFFICIAL) {
        id
        totalRecords
      }
    }
  }
`;

interface DatasetAnswer {
  id: string;
  title: string;
  kind: string;
  publisher: string;
  issued: string;
  modified: string;
  note: string | null;
  records: { pillar: string; entity: string; records: number }[];
  totalRecords: number;
}

interface CatalogueAnswer {
  id: string;
  items: DatasetAnswer[];
  totalRecords: number;
  official: { id: string; totalRecords: number }[];
}

/** Reads the catalogue as a PUBLIC viewer (no token); no errors expected. */
async function catalogue(): Promise<CatalogueAnswer> {
  const response = await fetch(hub.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: CATALOGUE }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: { datasets: CatalogueAnswer }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data?.datasets as CatalogueAnswer;
}

/**
 * Where each kind of record lives in its pillar's database: the model, and the array field for records stored
 * inside another's document. This is the pillars' own count the catalogue must equal.
 */
const RECORDS: Record<string, Record<string, { model: string; embedded?: string }>> = {
  formalization: {
    ReinfoRecord: { model: "Record" },
    ReinfoStatusChange: { model: "Record", embedded: "history" },
  },
  eradication: {
    EnforcementOperation: { model: "Operation" },
    SecurityOutpost: { model: "Outpost" },
    ProsecutorOffice: { model: "Office" },
    CaseloadReport: { model: "Office", embedded: "history" },
    ReportedFigure: { model: "ReportedFigure" },
  },
  recovery: {
    DegradedArea: { model: "Area" },
    MiningLiability: { model: "Liability" },
    RiskAssessment: { model: "Liability", embedded: "riskHistory" },
    RestorationProject: { model: "Project" },
    RestorationProgress: { model: "Project", embedded: "progress" },
    MonitoringMeasurement: { model: "Measurement" },
  },
  livelihoods: {
    LivelihoodProject: { model: "Project" },
    Transaction: { model: "Project", embedded: "transactions" },
    Donor: { model: "Donor" },
    LivelihoodEnrollment: { model: "Enrollment" },
  },
  services: {
    InvestmentProject: { model: "Project" },
    InvestmentAccrual: { model: "Project", embedded: "execution" },
  },
};

function modelsOf(pillar: string): Record<string, Model<unknown>> {
  const open = hub.pillars.find((p) => p.name === pillar);
  if (!open) throw new Error(`no pillar ${pillar}`);
  return open.server.models as Record<string, Model<unknown>>;
}

/** Every record of every pillar, counted in its own database: `pillar|entity` → records. */
async function ownCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [pillar, entities] of Object.entries(RECORDS)) {
    const models = modelsOf(pillar);
    for (const [entity, { model, embedded }] of Object.entries(entities)) {
      const collection = models[model];
      if (!collection) throw new Error(`${pillar} has no model ${model}`);
      const n = embedded
        ? ((
            await collection.aggregate<{ n: number }>([
              { $group: { _id: null, n: { $sum: { $size: { $ifNull: [`$${embedded}`, []] } } } } },
            ])
          )[0]?.n ?? 0)
        : await collection.countDocuments({});
      if (n > 0) counts.set(`${pillar}|${entity}`, n);
    }
  }
  return counts;
}

/** The catalogue's records by `pillar|entity`, summed over its datasets. */
function catalogueCounts(items: readonly DatasetAnswer[], kind?: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const dataset of items.filter((d) => kind === undefined || d.kind === kind)) {
    for (const { pillar, entity, records } of dataset.records) {
      counts.set(`${pillar}|${entity}`, (counts.get(`${pillar}|${entity}`) ?? 0) + records);
    }
  }
  return counts;
}

const sorted = (counts: Map<string, number>) => [...counts].sort(([a], [b]) => a.localeCompare(b));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-catalogue-"));
  hub = await startHub({ scale: 0.02 });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the dataset catalogue through the gateway", () => {
  it("lists only demo data on the seeded hub, and as many records per pillar and kind as each pillar holds", async () => {
    const answer = await catalogue();
    expect(answer.id).toBe("hub");
    // Demo data is SYNTHETIC; the only other kind a seed writes is a claim stated in public, as REPORTED.
    expect(answer.items.length).toBeGreaterThanOrEqual(PILLAR_NAMES.length);
    expect(answer.items.filter((d) => d.kind !== "SYNTHETIC" && d.kind !== "REPORTED")).toEqual([]);
    expect(answer.official).toEqual([]);
    for (const dataset of answer.items.filter((d) => d.kind === "SYNTHETIC")) {
      expect(dataset.note).toMatch(/^synthetic, modelled on /);
    }
    // Every pillar contributes demo data; each synthetic dataset is one pillar's generator.
    const synthetic = answer.items.filter((d) => d.kind === "SYNTHETIC");
    expect(new Set(synthetic.flatMap((d) => d.records.map((r) => r.pillar)))).toEqual(new Set(PILLAR_NAMES));
    // Each pillar's records, counted in its own database, are all in the catalogue, and nothing else is.
    const own = await ownCounts();
    expect(sorted(catalogueCounts(answer.items))).toEqual(sorted(own));
    for (const dataset of answer.items) {
      expect(dataset.totalRecords).toBe(dataset.records.reduce((n, r) => n + r.records, 0));
    }
    expect(answer.totalRecords).toBe([...own.values()].reduce((a, b) => a + b, 0));
  });

  it("lists an official REINFO import as an OFFICIAL dataset with exact counts, beside the demo data", async () => {
    const before = await catalogue();
    const codes = ["REINFO-C900001", "REINFO-C900002", "REINFO-C900003", "REINFO-C900004"];
    const file = join(dir, "reinfo-extract-2025-02-26.csv");
    await writeFile(
      file,
      [HEADER, ...codes.map((code, i) => row(code, i === 3 ? { ESTADO: "SUSPENDIDO" } : {}))].join("\n") +
        "\n",
    );
    const summary = await importReinfo(modelsOf("formalization") as unknown as FormalizationModels, {
      file,
      reportPath: join(dir, "report.csv"),
      recordedBy: "import:minem-reinfo",
      now: new Date("2025-03-01T12:00:00.000Z"),
    });
    expect(summary).toMatchObject({ inserted: 4, rejected: 0 });
    const sha256 = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
    const title = `${basename(file)} sha256:${sha256}`;

    const after = await catalogue();
    expect(after.official).toHaveLength(1);
    const official = after.items.find((d) => d.kind === "OFFICIAL") as DatasetAnswer;
    expect(official).toMatchObject({ title, issued: "2025-02-26", modified: "2025-02-26" });
    expect(official.id).toBe(after.official[0]?.id);
    // Four records, each with the one status change the extract recorded for it.
    expect(official.records).toEqual([
      { pillar: "formalization", entity: "ReinfoRecord", records: 4 },
      { pillar: "formalization", entity: "ReinfoStatusChange", records: 4 },
    ]);
    expect(official.totalRecords).toBe(8);
    expect(after.official[0]?.totalRecords).toBe(8);
    // The demo data is as it was; the catalogue still equals what the pillars hold.
    expect(after.items.filter((d) => d.kind !== "OFFICIAL")).toEqual(before.items);
    expect(after.totalRecords).toBe(before.totalRecords + 8);
    expect(sorted(catalogueCounts(after.items))).toEqual(sorted(await ownCounts()));
  });
});
