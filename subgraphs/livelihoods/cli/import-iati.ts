/**
 * `npm run import:iati -- <activities.xml> [--report PATH] [--dry-run]`: loads a donor's IATI 2.03 activity file
 * into the `livelihoods` database at `MONGODB_URI` (default: the embedded server `npm start` runs). The file is
 * validated against the IATI 2.03 XSD first: an invalid file is refused whole (status 1, the validator's
 * messages on stderr). Activities in Peru become livelihood projects; refused and skipped (not Peru) activities
 * go to the report. Exit codes: 0 every activity in Peru loaded, 2 some refused (see the report), 1 failed.
 */
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import {
  AuditLog,
  defaultReportPath,
  formatImportSummary,
  importFailureText,
  importExitCode,
  openPillar,
  parseCli,
  progressDisplay,
  runCli,
  type Viewer,
} from "@tinkuy/kit";
import { importIati, type IatiImportSummary } from "../src/import/import-iati.ts";
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
const [first, ...extra] = cli.positionals;
const file = first !== undefined && extra.length === 0 ? first : cli.usageError("give exactly one XML file");
const reportPath = cli.values.report ?? defaultReportPath(file);
const dryRun = cli.values["dry-run"];

// The import is DEVIDA's staff loading a donor's publication: audited as that pillar's editor.
const viewer: Viewer = {
  id: `import:${userInfo().username}`,
  role: "AGENCY_EDITOR",
  pillar: "livelihoods",
  donor: null,
  grants: [],
};
const requestId = `import-${randomUUID()}`;
const progress = progressDisplay("IATI");
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

await runCli(async () => {
  const { server, connection, keys, logger, close } = await openPillar(livelihoods, {
    process: "import-iati",
    logLevel: "warn",
  });
  let summary: IatiImportSummary;
  const started = performance.now();
  try {
    await server.models.Project.init();
    summary = await importIati(server.models, {
      file,
      reportPath,
      dryRun,
      recordedBy: "import:iati",
      signal: controller.signal,
      audit: { log: new AuditLog(connection, logger, keys.auditKey), viewer, requestId },
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof InvalidIatiFile) {
      process.stderr.write(`${error.message}\n${error.details.map((d) => `  ${d}`).join("\n")}\n`);
    } else {
      process.stderr.write(importFailureText(error, "projects"));
    }
    return 1;
  } finally {
    progress.stop();
    await close();
  }
  const s = summary;
  process.stdout.write(
    formatImportSummary({
      dryRun: s.dryRun,
      read: s.read,
      unit: "activities",
      seconds: (performance.now() - started) / 1000,
      counts: {
        inserted: s.inserted,
        updated: s.updated,
        unchanged: s.unchanged,
        rejected: s.rejected,
        "skipped (not Peru)": s.skipped,
      },
    }) +
      (s.dryRun ? "" : `; ${s.regionCounters} region counters rebuilt`) +
      `\nreport: ${s.reportPath}` +
      (s.dryRun ? "" : `\naudit: ${requestId}`) +
      "\n",
  );
  if (s.interrupted) {
    process.stderr.write(
      "interrupted: the activities above are written, the rest are not; run the import again.\n",
    );
  }
  return importExitCode(s);
});
