/**
 * `npm run import:investments -- <DETALLE_INVERSIONES.csv|…> [--as-of YYYY-MM-DD] [--sheet NAME]
 * [--separator ';'|','] [--report PATH] [--dry-run]`: loads one of MEF's investment-bank files (Invierte.pe open
 * data, as published: active, closed or deactivated investments) into the `services` database at `MONGODB_URI`
 * (default: the embedded server `npm start` runs). Progress on stderr, the summary on stdout. Exit codes: 0 every
 * row loaded, 1 fatal or interrupted, 2 some rows refused (see the report).
 */
import {
  defaultReportPath,
  importViewer,
  onlyFile,
  parseCli,
  pastDayOption,
  runImport,
  separatorOption,
} from "@tinkuy/kit";
import { centsText } from "../src/import/investment-row.ts";
import { importInvestments } from "../src/import/import-investments.ts";
import { initModels } from "../src/models.ts";
import { services } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:investments -- FILE.csv|FILE.xlsx [--as-of YYYY-MM-DD] [--dry-run]
  FILE              one of MEF's investment-bank files as published (datosabiertos.mef.gob.pe):
                    DETALLE_INVERSIONES.csv (active), CIERRE_INVERSIONES.csv (closed) or
                    INVERSIONES_DESACTIVADAS.csv (deactivated); CODIGO_UNICO, NOMBRE_INVERSION, FUNCION, NIVEL,
                    ESTADO, SITUACION, MONTO_VIABLE, FECHA_REGISTRO, UBIGEO, … (other columns are ignored)
  --as-of DAY       the day the file describes (default: the latest day the file records)
  --sheet NAME      the XLSX sheet to read (default the first)
  --separator S     a CSV's ';' or ',' (default: read from the header line)
  --report PATH     where refused rows go (default FILE.rejected.csv)
  --dry-run         validate and write the report, change nothing
Writes to MONGODB_URI (default: the embedded server npm start runs), database SERVICES_DB.
Exit status: 0 every row loaded, 2 some rows refused (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    "as-of": { type: "string" },
    sheet: { type: "string" },
    separator: { type: "string" },
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = onlyFile(cli, "one investment-bank file");
const separator = separatorOption(cli, cli.values.separator);
const asOf = pastDayOption(cli, "as-of", cli.values["as-of"]);

// MEF's open data loaded by the services pillar's operator: audited as that pillar's editor.
await runImport({
  pillar: services,
  process: "import-investments",
  label: "INVIERTE",
  records: "investments",
  run: async (models, run) => {
    await initModels(models);
    return importInvestments(models, {
      ...run,
      file,
      reportPath: cli.values.report ?? defaultReportPath(file),
      asOf,
      sheet: cli.values.sheet,
      separator,
      dryRun: cli.values["dry-run"],
      recordedBy: importViewer("services").id,
    });
  },
  counts: (s) => ({
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
    "repeated rows": s.duplicates,
  }),
  details: (s) => [
    `dataset: ${s.dataset}`,
    `as of: ${s.asOf} (${s.asOfFrom === "option" ? "--as-of" : s.asOfFrom === "file" ? "the latest day the file records" : "today: the file records no day"})`,
    ...(s.unattributed > 0
      ? [
          `not attributable to one year: ${centsText(s.unattributedCents)} accrued by ${s.unattributed} investments ` +
            "in earlier years MEF publishes as one sum (kept out of the figures; see the investments' provenance notes)",
        ]
      : []),
    ...(s.changedMeanwhile > 0
      ? [`${s.changedMeanwhile} investments changed through the API while the import ran: run it again`]
      : []),
  ],
});
