/**
 * `npm run import:degraded-areas -- <areas.geojson> --source MAAP|AMAZON_MINING_WATCH|OEFA_PIFA|GEOBOSQUES|…
 * [--date-property NAME | --year-property NAME] [--as-of YYYY-MM-DD] [--report PATH] [--dry-run]`: loads a layer
 * of degraded areas into the `recovery` database at `MONGODB_URI` (default: the embedded server `npm start`
 * runs). Progress on stderr, the summary on stdout. Exit codes: 0 every feature loaded, 1 fatal or interrupted,
 * 2 some features refused (see the report).
 */
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import {
  AuditLog,
  defaultReportPath,
  EXIT_FAILED,
  formatImportSummary,
  importExitCode,
  importFailureText,
  openPillar,
  parseCli,
  progressDisplay,
  runCli,
  type Viewer,
} from "@tinkuy/kit";
import type { DateRule } from "../src/import/degraded-areas/area-feature.ts";
import {
  importDegradedAreas,
  type DegradedAreasImportSummary,
} from "../src/import/degraded-areas/import-degraded-areas.ts";
import { SOURCES, type DetectionSource } from "../src/vocabulary.ts";
import { recovery } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:degraded-areas -- AREAS.geojson --source SOURCE [--date-property NAME | --year-property NAME] [--dry-run]
  AREAS.geojson       an RFC 7946 FeatureCollection of Polygon and MultiPolygon features (WGS84)
  --source SOURCE     whose layer it is: ${SOURCES.join(", ")}
  --date-property P   the property holding each detection's ISO date (default detected_on)
  --year-property P   the property holding each detection's year, for yearly layers (dated 1 January)
  --as-of DAY         the day the layer describes (its publication; default today)
  --report PATH       where refused features go (default AREAS.rejected.csv)
  --dry-run           validate and write the report, change nothing
Each feature's id (or id property) is the area's id; name and cause (${"ILLEGAL_MINING, INFORMAL_MINING, OTHER"}) are
optional properties. Writes to MONGODB_URI (default: the embedded server npm start runs), database RECOVERY_DB.
Exit status: 0 every feature loaded, 2 some features refused (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    source: { type: "string" },
    "date-property": { type: "string" },
    "year-property": { type: "string" },
    "as-of": { type: "string" },
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const [first, ...extra] = cli.positionals;
const file =
  first !== undefined && extra.length === 0 ? first : cli.usageError("give exactly one GeoJSON file");
const sourceText = cli.values.source;
const source: DetectionSource = (SOURCES as readonly string[]).includes(sourceText ?? "")
  ? (sourceText as DetectionSource)
  : cli.usageError(`--source must be one of ${SOURCES.join(", ")}, got ${JSON.stringify(sourceText ?? "")}`);
const dateProperty = cli.values["date-property"];
const yearProperty = cli.values["year-property"];
if (dateProperty !== undefined && yearProperty !== undefined) {
  cli.usageError("give --date-property or --year-property, not both");
}
const date: DateRule =
  yearProperty !== undefined ? { yearProperty } : { dateProperty: dateProperty ?? "detected_on" };
const asOfText = cli.values["as-of"];
const asOf = asOfText === undefined ? undefined : new Date(`${asOfText}T00:00:00.000Z`);
if (
  asOf &&
  (!/^\d{4}-\d{2}-\d{2}$/.test(asOfText ?? "") || Number.isNaN(asOf.getTime()) || asOf > new Date())
) {
  cli.usageError(`--as-of must be a past day as YYYY-MM-DD, got ${JSON.stringify(asOfText)}`);
}
const reportPath = cli.values.report ?? defaultReportPath(file);
const dryRun = cli.values["dry-run"];

// A published layer loaded by the recovery pillar's operator: audited as that pillar's editor.
const viewer: Viewer = {
  id: `import:${userInfo().username}`,
  role: "AGENCY_EDITOR",
  pillar: "recovery",
  donor: null,
  grants: [],
};
const requestId = `import-${randomUUID()}`;
const progress = progressDisplay(source);
// Ctrl-C stops after the batch being written; a second Ctrl-C exits at once (each area is still whole).
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

await runCli(async () => {
  const { server, connection, keys, logger, close } = await openPillar(recovery, {
    process: "import-degraded-areas",
    logLevel: "warn",
  });
  let summary: DegradedAreasImportSummary;
  const started = performance.now();
  try {
    const { models } = server;
    await models.Area.init();
    summary = await importDegradedAreas(models, {
      file,
      reportPath,
      source,
      date,
      asOf,
      dryRun,
      signal: controller.signal,
      audit: { log: new AuditLog(connection, logger, keys.auditKey), viewer, requestId },
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.stop();
    process.stderr.write(importFailureText(error, "areas"));
    return EXIT_FAILED;
  } finally {
    progress.stop();
    await close();
  }
  const s = summary;
  process.stdout.write(
    formatImportSummary({
      dryRun: s.dryRun,
      read: s.read,
      unit: "features",
      seconds: (performance.now() - started) / 1000,
      counts: {
        inserted: s.inserted,
        updated: s.updated,
        unchanged: s.unchanged,
        rejected: s.rejected,
        "in a district with newer districts inside its 2007 limits": s.approximateDistricts,
      },
    }) +
      `\ndataset: ${s.dataset}\nreport: ${s.reportPath}` +
      (s.dryRun ? "" : `\naudit: ${requestId}`) +
      "\n",
  );
  if (s.interrupted) {
    process.stderr.write(
      "interrupted: the features above are written, the rest are not; run the import again.\n",
    );
  }
  return importExitCode(s);
});
