/**
 * `npm run import:pam -- <annex.csv|annex.xlsx> [--resolution "RM 338-2025-MINEM/DM"] [--as-of YYYY-MM-DD]
 * [--sheet NAME] [--separator ';'|','] [--report PATH] [--dry-run]`: loads MINEM's PAM inventory annex into the
 * `recovery` database at `MONGODB_URI` (default: the embedded server `npm start` runs). Progress on stderr, the
 * summary on stdout. Exit codes: 0 every row loaded, 1 fatal or interrupted, 2 some rows refused (see the report).
 */
import {
  defaultReportPath,
  onlyFile,
  parseCli,
  pastDayOption,
  runImport,
  separatorOption,
} from "@tinkuy/kit";
import { importPam } from "../src/import/import-pam.ts";
import { recovery } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:pam -- ANNEX.csv|ANNEX.xlsx [--resolution TEXT] [--as-of YYYY-MM-DD] [--dry-run]
  ANNEX             MINEM's PAM inventory annex with its own columns (N, ID, EUM, TIPO, …, ESTE, NORTE, ZONA, …)
  --resolution TEXT the resolution approving the annex, e.g. "RM 338-2025-MINEM/DM" (stored on each liability)
  --as-of DAY       the day the annex describes (the resolution's date; default today)
  --sheet NAME      the XLSX sheet to read (default the first)
  --separator S     a CSV's ';' or ',' (default: read from the header line)
  --report PATH     where refused rows go (default ANNEX.rejected.csv)
  --dry-run         validate and write the report, change nothing
Writes to MONGODB_URI (default: the embedded server npm start runs), database RECOVERY_DB.
Exit status: 0 every row loaded, 2 some rows refused (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    resolution: { type: "string" },
    "as-of": { type: "string" },
    sheet: { type: "string" },
    separator: { type: "string" },
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = onlyFile(cli, "one annex file");
const separator = separatorOption(cli, cli.values.separator);
const asOf = pastDayOption(cli, "as-of", cli.values["as-of"]);

// MINEM's inventory loaded by the recovery pillar's operator: audited as that pillar's editor.
await runImport({
  pillar: recovery,
  process: "import-pam",
  label: "PAM",
  records: "liabilities",
  run: async (models, run) => {
    await models.Liability.init();
    return importPam(models, {
      ...run,
      file,
      reportPath: cli.values.report ?? defaultReportPath(file),
      resolution: cli.values.resolution,
      asOf,
      sheet: cli.values.sheet,
      separator,
      dryRun: cli.values["dry-run"],
    });
  },
  counts: (s) => ({
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
    "no longer in the inventory": s.noLongerListed,
  }),
  details: (s) => [`dataset: ${s.dataset}`],
});
