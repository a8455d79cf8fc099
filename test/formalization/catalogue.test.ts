import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pillarDatasets } from "../../packages/kit/src/index.ts";
import { formalizationDatasets } from "../../subgraphs/formalization/src/datasets.ts";
import { importReinfo } from "../../subgraphs/formalization/src/import/import-reinfo.ts";
import type { RecordDoc } from "../../subgraphs/formalization/src/models.ts";
import { ensureRegionStats } from "../../subgraphs/formalization/src/region-stats.ts";
import { seedFormalization } from "../../subgraphs/formalization/seed/index.ts";
import { CHANGE, HEADER, REGISTER, registration, row, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();
let dir = "";

/** The catalogue as a scan of the registry would give it: the kit's grouping of every record and history entry. */
const scanned = () =>
  pillarDatasets("formalization", [
    { entity: "ReinfoRecord", model: h.server.models.Record },
    { entity: "ReinfoStatusChange", model: h.server.models.Record, unwind: "history" },
  ]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-catalogue-"));
  await seedFormalization(h.server.models, { scale: 0.01 });
  // An official extract of three rows, one of them a record the seed did not have.
  const file = join(dir, "reinfo-2026-11.csv");
  await writeFile(
    file,
    [HEADER, row("CAT-1"), row("CAT-2"), row("CAT-3", { ESTADO: "SUSPENDIDO" })].join("\n") + "\n",
  );
  const summary = await importReinfo(h.server.models, {
    file,
    reportPath: join(dir, "report.csv"),
    recordedBy: "import:minem-reinfo",
    now: new Date("2026-11-30T12:00:00.000Z"),
  });
  expect(summary.rejected).toBe(0);
  // An editor registers a record and changes a seeded record's status.
  const registered = await h.run(REGISTER, {
    input: registration({ code: "CAT-ENTERED-1", ruc: validRuc("2060000002"), ubigeo: "170102" }),
    key: "key-catalogue-register",
  });
  expect(registered.errors).toBeUndefined();
  const seeded = await h.server.models.Record.findOne({
    ESTADO: "VIGENTE",
    "provenance.kind": "SYNTHETIC",
  }).lean<RecordDoc>();
  const changed = await h.run(CHANGE, {
    input: {
      code: seeded!.COD_REINFO,
      status: "SUSPENDED",
      reason: "No renovó su declaración",
      legalBasis: "DS 018-2017-EM",
    },
    key: "key-catalogue-change",
  });
  expect(changed.errors).toBeUndefined();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("formalization's part of the catalogue", () => {
  it("equals a scan of the registry after a seed, an import and an editor's writes, with exact counts", async () => {
    const fromCounters = await formalizationDatasets(h.server.models);
    expect(fromCounters).toEqual(await scanned());
    expect(fromCounters.map((d) => d.kind).sort()).toEqual(["ENTERED", "OFFICIAL", "SYNTHETIC"]);
    const official = fromCounters.find((d) => d.kind === "OFFICIAL");
    expect(official?.title).toMatch(/^reinfo-2026-11\.csv sha256:[0-9a-f]{64}$/);
    expect(official?.records).toEqual([
      { pillar: "formalization", entity: "ReinfoRecord", records: 3 },
      { pillar: "formalization", entity: "ReinfoStatusChange", records: 3 },
    ]);
    // The editor registered one record (one entry) and changed another (one entry on a synthetic record).
    expect(fromCounters.find((d) => d.kind === "ENTERED")?.records).toEqual([
      { pillar: "formalization", entity: "ReinfoStatusChange", records: 2 },
      { pillar: "formalization", entity: "ReinfoRecord", records: 1 },
    ]);
  });

  it("reads only the departments' counters: one command, never the registry", async () => {
    h.mongo.resetStats();
    await formalizationDatasets(h.server.models);
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 } });
  });

  it("is rebuilt at start from counters an earlier version wrote without history entries by dataset", async () => {
    const before = await formalizationDatasets(h.server.models);
    await h.server.models.RegionStats.updateMany({}, { $unset: { changes: 1 } });
    await ensureRegionStats(h.server.models);
    expect(await formalizationDatasets(h.server.models)).toEqual(before);
    h.mongo.resetStats();
    await ensureRegionStats(h.server.models); // nothing left to rebuild: no write
    expect(Object.values(h.allCommands()).flatMap((c) => Object.keys(c))).not.toContain("insert");
  });
});
