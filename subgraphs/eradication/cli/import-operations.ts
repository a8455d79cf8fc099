/**
 * `npm run import:operations -- <file.csv|file.xlsx> [--report PATH] [--dry-run]`: loads an agency's weekly
 * report of enforcement operations, in the template of docs/templates/operaciones.md, into the `eradication`
 * database at `MONGODB_URI` (default: the embedded server `npm start` runs). Progress on stderr, the summary on
 * stdout. Exit codes: 0 every operation loaded, 1 fatal (nothing, or only part of the file, written: the
 * message says which), 2 some operations refused (see the report).
 */
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import {
  AuditLog,
  defaultReportPath,
  EXIT_FAILED,
  formatImportSummary,
  importFailureText,
  importExitCode,
  openPillar,
  parseCli,
  progressDisplay,
  runCli,
  type Viewer,
} from "@tinkuy/kit";
import { importClaims } from "../src/import/import-claims.ts";
import { importOperations, type OperationsSummary } from "../src/import/import-operations.ts";
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
const [first, ...extra] = cli.positionals;
const file =
  first !== undefined && extra.length === 0 ? first : cli.usageError("give exactly one CSV or XLSX file");
const reportPath = cli.values.report ?? defaultReportPath(file);
const dryRun = cli.values["dry-run"];
const kind = cli.values.kind;
if (kind !== "operations" && kind !== "claims") {
  cli.usageError(`--kind must be operations or claims, got ${JSON.stringify(kind)}`);
}

const operator = `import:${userInfo().username}`;
// The import is the eradication agency loading an agency's report: audited as that pillar's editor.
const viewer: Viewer = {
  id: operator,
  role: "AGENCY_EDITOR",
  pillar: "eradication",
  donor: null,
  grants: [],
};
const requestId = `import-${randomUUID()}`;
const progress = progressDisplay("OPERACIONES");
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

await runCli(async () => {
  const { server, connection, keys, logger, close } = await openPillar(eradication, {
    process: "import-operations",
    logLevel: "warn",
  });
  let summary: OperationsSummary;
  const started = performance.now();
  try {
    const { models } = server;
    await models.Operation.init();
    await models.ReportedFigure.init();
    summary = await (kind === "claims" ? importClaims : importOperations)(models, {
      file,
      reportPath,
      dryRun,
      recordedBy: operator,
      signal: controller.signal,
      audit: { log: new AuditLog(connection, logger, keys.auditKey), viewer, requestId },
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.stop();
    process.stderr.write(importFailureText(error, "operations"));
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
      seconds: (performance.now() - started) / 1000,
      counts: {
        [kind]: s.operations,
        inserted: s.inserted,
        updated: s.updated,
        unchanged: s.unchanged,
        rejected: s.rejected,
      },
    }) +
      (s.dryRun || kind === "claims" ? "" : `; ${s.regionCounters} region counters rebuilt`) +
      `\nreport: ${s.reportPath}` +
      (s.dryRun ? "" : `\naudit: ${requestId}`) +
      "\n",
  );
  if (s.interrupted) {
    process.stderr.write(
      "interrupted: the operations above are written, the rest are not; run the import again.\n",
    );
  }
  return importExitCode(s);
});
