/**
 * `npm run import:reinfo -- <file.csv> [--separator ';'|','] [--report PATH] [--dry-run]`: loads a REINFO
 * extract into the `formalization` database at `MONGODB_URI` (default: the embedded server `npm start` runs).
 * Progress on stderr (a bar on a terminal, a line per tenth of the file otherwise), the summary on stdout.
 * Exit codes: 0 every row loaded, 1 fatal (nothing, or only part of the file, written: the message says
 * which), 2 some rows rejected (see the report).
 */
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { AuditLog, openPillar, parseCli, runCli, type Viewer } from "@tinkuy/kit";
import { SingleBar } from "cli-progress";
import { importFailureText } from "@tinkuy/kit";
import { importReinfo, type ImportSummary } from "../src/import/import-reinfo.ts";
import type { Separator } from "../src/import/source.ts";
import { formalization } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run import:reinfo -- FILE.csv [--dry-run] [--separator ';'|','] [--report PATH]
  FILE.csv          a REINFO extract with MINEM's column names (COD_REINFO, M_RUC, NOMBRE_MIN, …)
  --dry-run         validate and write the report, change nothing
  --separator S     ';' or ',' (default: read from the header line)
  --report PATH     where rejected rows go (default FILE.rejected.csv)
Writes to MONGODB_URI (default: the embedded server npm start runs), database FORMALIZATION_DB.
Exit status: 0 every row loaded, 2 some rows rejected (or a wrong command line), 1 nothing or only part written.`,
  allowPositionals: true,
  options: {
    separator: { type: "string" },
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const [first, ...extra] = cli.positionals;
// usageError() returns never; as an expression it also narrows `file` to a string.
const file = first !== undefined && extra.length === 0 ? first : cli.usageError("give exactly one CSV file");
const separator = cli.values.separator;
if (separator !== undefined && separator !== ";" && separator !== ",") {
  cli.usageError(`--separator must be ';' or ',', got ${JSON.stringify(separator)}`);
}
const reportPath = cli.values.report ?? `${file.replace(/\.csv$/i, "")}.rejected.csv`;
const dryRun = cli.values["dry-run"];

const operator = `import:${userInfo().username}`;
// The import is the formalization agency loading its own registry: audited as that pillar's editor.
const viewer: Viewer = {
  id: operator,
  role: "AGENCY_EDITOR",
  pillar: "formalization",
  donor: null,
  grants: [],
};
const requestId = `import-${randomUUID()}`;

const tty = process.stderr.isTTY;
const bar = new SingleBar({
  format: "REINFO {bar} {percentage}% | {rows} rows | {duration}s",
  hideCursor: true,
});
let barStarted = false;
let tenth = 0;
// Ctrl-C stops after the batch being written; a second Ctrl-C exits at once (each record is still whole).
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

// A lost connection or any other unexpected failure is one line on stderr and status 1 (runCli).
await runCli(async () => {
  const { server, connection, keys, logger, close } = await openPillar(formalization, {
    process: "import-reinfo",
    logLevel: "warn",
  });
  let summary: ImportSummary;
  const started = performance.now();
  try {
    const { models } = server;
    await models.Record.init();
    summary = await importReinfo(models, {
      file,
      reportPath,
      separator: separator as Separator | undefined,
      dryRun,
      recordedBy: "import:minem-reinfo",
      signal: controller.signal,
      audit: { log: new AuditLog(connection, logger, keys.auditKey), viewer, requestId },
      onProgress: ({ bytes, totalBytes, rows }) => {
        if (tty) {
          if (!barStarted) bar.start(totalBytes, 0, { rows: 0 });
          barStarted = true;
          bar.update(bytes, { rows });
        } else if (totalBytes > 0 && Math.floor((bytes / totalBytes) * 10) > tenth) {
          tenth = Math.floor((bytes / totalBytes) * 10);
          process.stderr.write(`import: ${rows} rows read (${Math.min(100, tenth * 10)}% of the file)\n`);
        }
      },
    });
  } catch (error) {
    bar.stop();
    process.stderr.write(importFailureText(error, "records"));
    return 1;
  } finally {
    bar.stop();
    await close();
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const s = summary;
  process.stdout.write(
    `${s.dryRun ? "dry run (nothing written): " : ""}read ${s.read} rows in ${seconds}s: ` +
      `${s.inserted} inserted, ${s.updated} updated (${s.statusChanges} status changes), ` +
      `${s.unchanged} unchanged, ${s.rejected} rejected` +
      (s.dryRun ? "" : `; ${s.regionsCorrected} region counters corrected`) +
      `\nreport: ${s.reportPath}` +
      (s.dryRun ? "" : `\naudit: ${requestId}`) +
      "\n",
  );
  if (s.interrupted) {
    process.stderr.write(
      "interrupted: the rows above are written, the rest are not; run the import again.\n",
    );
    return 1;
  }
  return s.rejected > 0 ? 2 : 0;
});
