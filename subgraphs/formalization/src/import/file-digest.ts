import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * The SHA-256 (hex) of a whole file, streamed: the import's first pass, so that every record it writes names the
 * file it came from before the rows are read.
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
