/**
 * `npm run import:reinfo -- <file.csv> [--separator ';'|','] [--report PATH] [--dry-run]`: loads a REINFO
 * extract into the `formalization` database at `MONGODB_URI` (default: the embedded server `npm start` runs).
 * Progress on stderr (a bar on a terminal, a line per tenth of the file otherwise), the summary on stdout.
 * Exit codes: 0 every row loaded, 1 fatal (nothing, or only part of the file, written: the message says
 * which), 2 some rows rejected (see the report).
 */
import { defaultReportPath, onlyFile, parseCli, runImport, separatorOption } from "@tinkuy/kit";
import { importReinfo } from "../src/import/import-reinfo.ts";
import { formalization } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:reinfo -- FILE.csv|FILE.xlsx [--dry-run] [--separator ';'|','] [--sheet NAME] [--report PATH]
  FILE              a REINFO extract with MINEM's column names (COD_REINFO, M_RUC, NOMBRE_MIN, …): a CSV in UTF-8
                    or Windows-1252 (Excel's CSV on Windows), or an XLSX workbook
  --dry-run         validate and write the report, change nothing
  --separator S     a CSV's ';' or ',' (default: read from the header line)
  --sheet NAME      the XLSX sheet to read (default the first)
  --report PATH     where rejected rows go (default FILE.rejected.csv)
Writes to MONGODB_URI (default: the embedded server npm start runs), database FORMALIZATION_DB.
Exit status: 0 every row loaded, 2 some rows rejected (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    separator: { type: "string" },
    sheet: { type: "string" },
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = onlyFile(cli, "one CSV or XLSX file");
const separator = separatorOption(cli, cli.values.separator);

// The import is the formalization agency loading its own registry: audited as that pillar's editor.
await runImport({
  pillar: formalization,
  process: "import-reinfo",
  label: "REINFO",
  records: "records",
  run: async (models, run) => {
    await models.Record.init();
    return importReinfo(models, {
      ...run,
      file,
      reportPath: cli.values.report ?? defaultReportPath(file),
      separator,
      sheet: cli.values.sheet,
      dryRun: cli.values["dry-run"],
      recordedBy: "import:minem-reinfo",
    });
  },
  counts: (s) => ({
    inserted: s.inserted,
    updated: s.updated,
    "status changes": s.statusChanges,
    unchanged: s.unchanged,
    rejected: s.rejected,
  }),
  countsSuffix: (s) => (s.dryRun ? "" : `; ${s.regionsCorrected} region counters corrected`),
  details: (s) => [
    `read as: ${s.format === "xlsx" ? "XLSX" : `CSV, ${s.encoding}, separator ${s.separator}`}`,
  ],
});
