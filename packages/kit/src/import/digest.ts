import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";

/**
 * The SHA-256 (hex) of a whole file, streamed: an import's first pass, so that every record it writes names the
 * file it came from before the rows are read.
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** An imported file's dataset name in provenance: `<file name> sha256:<hex>` (the name without its folder). */
export function datasetName(fileName: string, sha256: string): string {
  return `${basename(fileName)} sha256:${sha256}`;
}

/** {@link datasetName} of a file on disk, its digest taken in a streamed pass. */
export async function fileDataset(path: string): Promise<{ dataset: string; sha256: string }> {
  const sha256 = await fileSha256(path);
  return { dataset: datasetName(path, sha256), sha256 };
}
