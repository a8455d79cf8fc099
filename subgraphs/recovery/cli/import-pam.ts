/**
 * `npm run import:pam -- <annex.csv|annex.xlsx> [--resolution "RM 338-2025-MINEM/DM"] [--as-of YYYY-MM-DD]
 * [--sheet NAME] [--separator ';'|','] [--report PATH] [--dry-run]`: loads MINEM's PAM inventory annex into the
 * `recovery` database at `MONGODB_URI` (default: the embedded server `npm start` runs). Progress on stderr, the
 * summary on stdout. Exit codes: 0 every row loaded, 1 fatal or interrupted, 2 some rows refused (see the report).
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
import { importPam, type PamImportSummary } from "../src/import/import-pam.ts";
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
const [first, ...extra] = cli.positionals;
const file =
  first !== undefined && extra.length === 0 ? first : cli.usageError("give exactly one annex file");
const separator = cli.values.separator;
if (separator !== undefined && separator !== ";" && separator !== ",") {
  cli.usageError(`--separator must be ';' or ',', got ${JSON.stringify(separator)}`);
}
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

// MINEM's inventory loaded by the recovery pillar's operator: audited as that pillar's editor.
const viewer: Viewer = {
  id: `import:${userInfo().username}`,
  role: "AGENCY_EDITOR",
  pillar: "recovery",
  donor: null,
  grants: [],
};
const requestId = `import-${randomUUID()}`;
const progress = progressDisplay("PAM");
// Ctrl-C stops after the batch being written; a second Ctrl-C exits at once (each liability is still whole).
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

await runCli(async () => {
  const { server, connection, keys, logger, close } = await openPillar(recovery, {
    process: "import-pam",
    logLevel: "warn",
  });
  let summary: PamImportSummary;
  const started = performance.now();
  try {
    const { models } = server;
    await models.Liability.init();
    summary = await importPam(models, {
      file,
      reportPath,
      resolution: cli.values.resolution,
      asOf,
      sheet: cli.values.sheet,
      separator: separator as ";" | "," | undefined,
      dryRun,
      signal: controller.signal,
      audit: { log: new AuditLog(connection, logger, keys.auditKey), viewer, requestId },
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.stop();
    process.stderr.write(importFailureText(error, "liabilities"));
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
        inserted: s.inserted,
        updated: s.updated,
        unchanged: s.unchanged,
        rejected: s.rejected,
        "no longer in the inventory": s.noLongerListed,
      },
    }) +
      `\ndataset: ${s.dataset}\nreport: ${s.reportPath}` +
      (s.dryRun ? "" : `\naudit: ${requestId}`) +
      "\n",
  );
  if (s.interrupted) {
    process.stderr.write(
      "interrupted: the rows above are written, the rest are not; run the import again.\n",
    );
  }
  return importExitCode(s);
});
