/**
 * `npm run import:degraded-areas -- <areas.geojson> --source MAAP|AMAZON_MINING_WATCH|OEFA_PIFA|GEOBOSQUES|…
 * [--date-property NAME | --year-property NAME] [--as-of YYYY-MM-DD] [--report PATH] [--dry-run]`: loads a layer
 * of degraded areas into the `recovery` database at `MONGODB_URI` (default: the embedded server `npm start`
 * runs). Progress on stderr, the summary on stdout. Exit codes: 0 every feature loaded, 1 fatal or interrupted,
 * 2 some features refused (see the report).
 */
import { defaultReportPath, onlyFile, parseCli, pastDayOption, runImport } from "@tinkuy/kit";
import type { DateRule } from "../src/import/degraded-areas/area-feature.ts";
import { importDegradedAreas } from "../src/import/degraded-areas/import-degraded-areas.ts";
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
const file = onlyFile(cli, "one GeoJSON file");
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
const asOf = pastDayOption(cli, "as-of", cli.values["as-of"]);

// A published layer loaded by the recovery pillar's operator: audited as that pillar's editor.
await runImport({
  pillar: recovery,
  process: "import-degraded-areas",
  label: source,
  records: "areas",
  unit: "features",
  run: async (models, run) => {
    await models.Area.init();
    return importDegradedAreas(models, {
      ...run,
      file,
      reportPath: cli.values.report ?? defaultReportPath(file),
      source,
      date,
      asOf,
      dryRun: cli.values["dry-run"],
    });
  },
  counts: (s) => ({
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
    "placed in a district only approximately (see each area's note)": s.approximateDistricts,
  }),
  details: (s) => [`dataset: ${s.dataset}`],
});
