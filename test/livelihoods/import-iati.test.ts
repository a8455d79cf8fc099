import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUDIT_COLLECTION, AuditLog, ImportError } from "../../packages/kit/src/index.ts";
import {
  importIati,
  MAX_IATI_FILE_BYTES,
  type IatiImportOptions,
} from "../../subgraphs/livelihoods/src/import/import-iati.ts";
import { InvalidIatiFile } from "../../subgraphs/livelihoods/src/import/import-error.ts";
import { loadActivities, type ActivityData } from "../../subgraphs/livelihoods/src/iati-xml/activities.ts";
import { renderActivities } from "../../subgraphs/livelihoods/src/iati-xml/render.ts";
import type { ProjectDoc } from "../../subgraphs/livelihoods/src/models.ts";
import { auditEntries } from "../support/database.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { useLivelihoods } from "./harness.ts";
import { RECORD } from "./fixtures.ts";
import { activity, REPORTER, render } from "./import-iati-fixtures.ts";

const h = useLivelihoods();
/** The import's clock: fixed, so that two imports of the same file write the same documents. */
const NOW = new Date("2025-11-20T15:00:00.000Z");

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-iati-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await h.server.models.Project.deleteMany({});
  await h.server.models.Donor.deleteMany({});
  await h.server.models.RegionMoney.deleteMany({});
  await h.connection.collection(AUDIT_COLLECTION).deleteMany({});
});

async function xmlFile(xml: string): Promise<string> {
  const path = join(dir, `activities-${++files}.xml`);
  await writeFile(path, xml, "utf8");
  return path;
}

function load(file: string, options: Partial<IatiImportOptions> = {}) {
  return importIati(h.server.models, {
    file,
    reportPath: join(dir, `report-${++files}.csv`),
    recordedBy: "import:test",
    now: NOW,
    ...options,
  });
}

async function reportRows(path: string): Promise<Record<string, string>[]> {
  return parseCsv(await readFile(path, "utf8"), { columns: true, bom: true }) as Record<string, string>[];
}

async function exported(): Promise<ActivityData[]> {
  let n = 0;
  const list = await loadActivities(
    h.server.apollo,
    () => h.server.context({ viewer: viewers.admin, requestId: `iati-import-${++n}` }),
    {},
  );
  return list.sort((a, b) => a.iatiIdentifier.localeCompare(b.iatiIdentifier));
}

const pick = (a: ActivityData) => ({
  iatiIdentifier: a.iatiIdentifier,
  budgets: a.budgets,
  transactions: a.transactions,
  results: a.results,
});

describe("import:iati", () => {
  it("round-trips: the export of an imported file has the same identifiers, budgets, transactions and results", async () => {
    const portfolio = [activity("P-001"), activity("P-002", ["170101", "120101"]), activity("P-003", ["22"])];
    const file = await xmlFile(render(portfolio));
    const summary = await load(file);
    expect(summary).toMatchObject({ read: 3, inserted: 3, updated: 0, rejected: 0, skipped: 0 });
    const again = await exported();
    expect(again.map(pick)).toEqual(portfolio.map(pick));
    // The points became the districts they stand for; provenance names the publisher and the file.
    expect(again.map((a) => a.locations.map((l) => l.ubigeo))).toEqual([
      ["170101"],
      ["120101", "170101"],
      ["22"],
    ]);
    const stored = await h.server.models.Project.findOne({
      iatiIdentifier: `${REPORTER}-P-001`,
    }).lean<ProjectDoc>();
    expect(stored?.provenance).toMatchObject({
      kind: "PUBLISHED",
      dataset: `${REPORTER} ${file.split("/").at(-1)} sha256:${summary.sha256}`,
    });
    expect(stored?.transactions.every((t) => t.provenance.kind === "PUBLISHED")).toBe(true);
    // Counters reconciled: the commitments and disbursements are in the region money.
    const madre = await h.server.models.RegionMoney.find({ ubigeo: "17" }).lean();
    const committed = madre.reduce((sum, c) => sum + (c.committed?.USD ?? 0), 0);
    expect(committed).toBe(55_000_050 + 27_500_025);
    expect(await h.server.models.Donor.countDocuments({ _id: REPORTER })).toBe(1);

    // A second run of the same file changes nothing; exporting and re-importing the export changes nothing either.
    expect(await load(file)).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3 });
    const reexport = await xmlFile(renderActivities(again, NOW));
    const third = await load(reexport);
    expect(third).toMatchObject({ inserted: 0, rejected: 0 });
    expect((await exported()).map(pick)).toEqual(portfolio.map(pick));
  });

  it("brings the hub's own export back at the same regions where a capital lies outside its district's polygon", async () => {
    // Huánuco's capital lies in Amarilis's 2007 polygon and Iñapari's (also Tahuamanu's) outside the simplified
    // frontier; La Punta and Amantaní lost their polygons to the source's simplification; Santa Lucía's capital
    // is a typo in the directory; San Antonio del Estrecho (160801) is a district created since 2007.
    const portfolio = [
      activity("P-010", ["100101", "170301", "070105", "210103", "221006"]),
      activity("P-011", ["1703", "160801"]),
      activity("P-012", ["10"]),
    ];
    const summary = await load(await xmlFile(render(portfolio)));
    expect(summary).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    expect((await exported()).map((a) => a.locations.map((l) => l.ubigeo).sort())).toEqual([
      ["070105", "100101", "170301", "210103", "221006"],
      ["160801", "1703"],
      ["10"],
    ]);
  });

  it("refuses a file the IATI 2.03 schema refuses, whole, with the validator's messages", async () => {
    const xml = render([activity("P-001"), activity("P-002")], {
      1: (x) =>
        x
          .replace(/<iati-identifier>/, "<iati-identifer>")
          .replace(/<\/iati-identifier>/, "</iati-identifer>"),
    });
    const file = await xmlFile(xml);
    const failure = await load(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidIatiFile);
    expect((failure as InvalidIatiFile).details.join("\n")).toMatch(/iati-identifer/);
    expect(await h.server.models.Project.countDocuments()).toBe(0);
  });

  it("refuses a file larger than IATI's own tools take, before reading it, with how to split it", async () => {
    const file = await xmlFile(render([activity("P-001"), activity("P-002")]));
    const size = (await readFile(file)).length;
    const failure = await load(file, { maxFileBytes: size - 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportError);
    expect(String(failure)).toMatch(/IATI's own tools take activity files of at most 0 MiB; split it/);
    expect(await h.server.models.Project.countDocuments()).toBe(0);
    expect((await load(file, { maxFileBytes: size })).inserted).toBe(2);
    expect(MAX_IATI_FILE_BYTES).toBe(60 * 2 ** 20);
  });

  it("refuses each activity breaking a rule, skips those not in Peru, and loads the rest", async () => {
    const list = [
      activity("OK-1"),
      activity("NOT-PERU"),
      activity("TWICE"),
      activity("TWICE"),
      activity("OUTSIDE"),
      activity("SECTORS"),
      activity("LONG-BUDGET"),
      activity("OVERSPENT"),
    ];
    const xml = render(list, {
      1: (x) => x.replace('<recipient-country code="PE"', '<recipient-country code="BO"'),
      4: (x) => x.replace(/<pos>[^<]*<\/pos>/, "<pos>-16.5 -68.15</pos>"),
      5: (x) => x.replace('code="43050" percentage="40"', 'code="43050" percentage="30"'),
      6: (x) => x.replace('<period-end iso-date="2023-12-31"/>', '<period-end iso-date="2024-03-31"/>'),
      7: (x) => x.replace("125000.25", "999999.00"),
    });
    const file = await xmlFile(xml);
    const summary = await load(file);
    expect(summary).toMatchObject({ read: 8, inserted: 1, rejected: 6, skipped: 1 });
    expect(await h.server.models.Project.distinct("iatiIdentifier")).toEqual([`${REPORTER}-OK-1`]);
    const rows = await reportRows(summary.reportPath);
    const why = (local: string) =>
      rows
        .filter((r) => r["iati-identifier"] === `${REPORTER}-${local}`)
        .map((r) => `${r.field}: ${r.reason}`);
    expect(why("NOT-PERU")).toEqual([
      expect.stringMatching(/^recipient-country: recipient country BO, not Peru/),
    ]);
    expect(why("TWICE")).toHaveLength(2);
    expect(why("TWICE")[0]).toMatch(/appears 2 times/);
    expect(why("OUTSIDE")).toEqual([expect.stringMatching(/location\[1\]\.point\.pos: .*outside Peru/)]);
    expect(why("SECTORS")).toEqual([expect.stringMatching(/^sector: sector percentages must add up to 100/)]);
    expect(why("LONG-BUDGET")).toEqual([expect.stringMatching(/budget\[1\]\.periodEnd: .*at most a year/)]);
    expect(why("OVERSPENT")).toEqual([expect.stringMatching(/transaction\[2\]: disbursements would exceed/)]);
    // Each row names the line of its activity's tag.
    const lines = rows.map((r) => Number(r.line));
    expect(lines.every((line) => line > 1)).toBe(true);
  });

  it("refuses an identifier not prefixed by the reporting organisation's", async () => {
    const xml = render([activity("P-001")], {
      0: (x) => x.replace(`<iati-identifier>${REPORTER}-P-001`, "<iati-identifier>XE-EXAMPLE-OTRO-P-001"),
    });
    const summary = await load(await xmlFile(xml));
    expect(summary).toMatchObject({ inserted: 0, rejected: 1 });
    const rows = await reportRows(summary.reportPath);
    expect(rows[0]).toMatchObject({ field: "iati-identifier" });
  });

  it("updates a project whose activity changed, and a dry run writes nothing", async () => {
    await load(await xmlFile(render([activity("P-001")])));
    const changed = activity("P-001");
    changed.title = "Proyecto de ejemplo, segunda fase";
    const file = await xmlFile(render([changed, activity("P-002")]));
    const before = await h.domainDigest();
    expect(await load(file, { dryRun: true })).toMatchObject({ inserted: 1, updated: 1, dryRun: true });
    expect(await h.domainDigest()).toBe(before);
    expect(await load(file)).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    const stored = await h.server.models.Project.findOne({
      iatiIdentifier: `${REPORTER}-P-001`,
    }).lean<ProjectDoc>();
    expect(stored).toMatchObject({ title: "Proyecto de ejemplo, segunda fase", revision: 1 });
  });

  it("keeps the transactions editors recorded when a newer file updates the project", async () => {
    await load(await xmlFile(render([activity("P-001")])));
    const recorded = await h.run(
      RECORD,
      {
        input: {
          iatiIdentifier: `${REPORTER}-P-001`,
          type: "DISBURSEMENT",
          date: "2024-05-10",
          value: "1000.00",
          currency: "USD",
        },
        key: "key-import-iati-entered",
      },
      viewers.admin,
    );
    expect(recorded.errors).toBeUndefined();
    const changed = activity("P-001");
    changed.title = "Proyecto de ejemplo, segunda fase";
    const file = await xmlFile(render([changed]));
    expect(await load(file)).toMatchObject({ updated: 1 });
    const stored = await h.server.models.Project.findOne({
      iatiIdentifier: `${REPORTER}-P-001`,
    }).lean<ProjectDoc>();
    expect(
      stored?.transactions.map((t) => [t.provenance?.kind, t.transactionDate.toISOString().slice(0, 10)]),
    ).toEqual([
      ["PUBLISHED", "2023-02-15"],
      ["PUBLISHED", "2023-03-10"],
      ["ENTERED", "2024-05-10"],
    ]);
    // The same file again changes nothing.
    expect(await load(file)).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it("writes one audit entry per run with its counts, none for a dry run", async () => {
    const file = await xmlFile(render([activity("P-001"), activity("P-002")]));
    const audit = {
      log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
      viewer: viewers.admin,
      requestId: "import-test",
    };
    await load(file, { dryRun: true, audit });
    await load(file, { audit });
    const entries = await auditEntries(h.connection, { operation: "importIati" });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "OK", counts: { read: 2, inserted: 2, rejected: 0 } });
  });

  it("a run interrupted part-way and run again converges", async () => {
    const list = [activity("P-001"), activity("P-002"), activity("P-003")];
    const file = await xmlFile(render(list));
    const controller = new AbortController();
    const first = await load(file, { signal: controller.signal, afterWrite: () => controller.abort() });
    expect(first).toMatchObject({ interrupted: true, inserted: 1 });
    const second = await load(file);
    expect(second).toMatchObject({ interrupted: false, inserted: 2, unchanged: 1 });
    expect((await exported()).map(pick)).toEqual(list.map(pick));
    const counters = await h.server.models.RegionMoney.countDocuments();
    await h.server.models.RegionMoney.deleteMany({});
    expect(await load(file)).toMatchObject({ unchanged: 3 });
    expect(await h.server.models.RegionMoney.countDocuments()).toBe(counters);
  });
});
