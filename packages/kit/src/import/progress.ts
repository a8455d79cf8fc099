import { SingleBar } from "cli-progress";

/** How far an import has come. */
export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

/** Progress on stderr: `update` after each batch, `stop` at the end (or on failure, before printing). */
export interface ProgressDisplay {
  update(progress: ImportProgress): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (cli-progress), a line per tenth of the file otherwise (a log, a pipe).
 * `label` starts the bar (`PAM`, `REINFO`).
 */
export function progressDisplay(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const tty = stream.isTTY === true;
  const bar = new SingleBar({
    format: `${label} {bar} {percentage}% | {rows} rows | {duration}s`,
    hideCursor: true,
    stream,
  });
  let started = false;
  let tenth = 0;
  return {
    update({ bytes, totalBytes, rows }) {
      if (tty) {
        if (!started) bar.start(Math.max(totalBytes, 1), 0, { rows: 0 });
        started = true;
        bar.update(bytes, { rows });
      } else if (totalBytes > 0 && Math.floor((bytes / totalBytes) * 10) > tenth) {
        tenth = Math.floor((bytes / totalBytes) * 10);
        stream.write(`import: ${rows} rows read (${Math.min(100, tenth * 10)}% of the file)\n`);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
