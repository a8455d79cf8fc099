/**
 * `npm run import:iati -- <activities.xml> [--report PATH] [--dry-run]`: loads a donor's IATI 2.03 activity file
 * into the `livelihoods` database at `MONGODB_URI` (default: the embedded server `npm start` runs). The file is
 * validated against the IATI 2.03 XSD first: an invalid file is refused whole (status 1, the validator's
 * messages on stderr). Activities in Peru become livelihood projects; refused and skipped (not Peru) activities
 * go to the report. Exit codes: 0 every activity in Peru loaded, 2 some refused (see the report), 1 failed.
 */
import { defaultReportPath, onlyFile, parseCli, runImport } from "@tinkuy/kit";
import { importIati } from "../src/import/import-iati.ts";
import { InvalidIatiFile } from "../src/import/import-error.ts";
import { livelihoods } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:iati -- FILE.xml [--dry-run] [--report PATH]
  FILE.xml          a donor's IATI 2.03 activity file (iati-activities)
  --dry-run         validate and write the report, change nothing
  --report PATH     where refused and skipped activities go (default FILE.rejected.csv)
Writes to MONGODB_URI (default: the embedded server npm start runs), database LIVELIHOODS_DB.
Exit status: 0 every activity in Peru loaded, 2 some refused (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = onlyFile(cli, "one XML file");

// The import is DEVIDA's staff loading a donor's publication: audited as that pillar's editor.
await runImport({
  pillar: livelihoods,
  process: "import-iati",
  label: "IATI",
  records: "projects",
  unit: "activities",
  run: async (models, run) => {
    await models.Project.init();
    return importIati(models, {
      ...run,
      file,
      reportPath: cli.values.report ?? defaultReportPath(file),
      dryRun: cli.values["dry-run"],
      recordedBy: "import:iati",
    });
  },
  counts: (s) => ({
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
    "skipped (not Peru)": s.skipped,
  }),
  countsSuffix: (s) => (s.dryRun ? "" : `; ${s.regionCounters} region counters rebuilt`),
  failureText: (error) =>
    error instanceof InvalidIatiFile
      ? `${error.message}\n${error.details.map((d) => `  ${d}`).join("\n")}\n`
      : undefined,
});
