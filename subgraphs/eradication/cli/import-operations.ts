/**
 * `npm run import:operations -- <file.csv|file.xlsx> [--report PATH] [--dry-run]`: loads an agency's weekly
 * report of enforcement operations, in the template of docs/templates/operaciones.md, into the `eradication`
 * database at `MONGODB_URI` (default: the embedded server `npm start` runs). Progress on stderr, the summary on
 * stdout. Exit codes: 0 every operation loaded, 1 fatal (nothing, or only part of the file, written: the
 * message says which), 2 some operations refused (see the report).
 */
import { defaultReportPath, importViewer, onlyFile, parseCli, runImport } from "@tinkuy/kit";
import { importClaims } from "../src/import/import-claims.ts";
import { importOperations } from "../src/import/import-operations.ts";
import { eradication } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:operations -- FILE.csv|FILE.xlsx [--kind operations|claims] [--dry-run] [--report PATH]
  FILE              an agency's operations in the template of docs/templates/operaciones.md (REFERENCIA,
                    FECHA, ENTIDADES, TIPO, …; one row per item destroyed or seized)
  --kind KIND       operations (default) or claims: figures an authority stated (DECLARACION, MEDIDA, VALOR, …),
                    kept beside the itemized operations
  --dry-run         validate and write the report, change nothing
  --report PATH     where refused rows go (default FILE.rejected.csv)
Writes to MONGODB_URI (default: the embedded server npm start runs), database ERADICATION_DB.
Exit status: 0 every operation loaded, 2 some refused (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    report: { type: "string" },
    kind: { type: "string", default: "operations" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = onlyFile(cli, "one CSV or XLSX file");
const kind = cli.values.kind;
if (kind !== "operations" && kind !== "claims") {
  cli.usageError(`--kind must be operations or claims, got ${JSON.stringify(kind)}`);
}

// The import is the eradication agency loading an agency's report: audited as that pillar's editor.
await runImport({
  pillar: eradication,
  process: "import-operations",
  label: "OPERACIONES",
  records: "operations",
  run: async (models, run) => {
    await models.Operation.init();
    await models.ReportedFigure.init();
    return (kind === "claims" ? importClaims : importOperations)(models, {
      ...run,
      file,
      reportPath: cli.values.report ?? defaultReportPath(file),
      dryRun: cli.values["dry-run"],
      recordedBy: importViewer("eradication").id,
    });
  },
  counts: (s) => ({
    [kind]: s.operations,
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
  }),
  countsSuffix: (s) => (s.dryRun || kind === "claims" ? "" : `; ${s.regionCounters} region counters updated`),
});
