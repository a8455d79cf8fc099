import { createHash } from "node:crypto";
import type { Connection } from "mongoose";
import { AUDIT_COLLECTION } from "../../packages/kit/src/index.ts";

/**
 * A SHA-256 of every document of every collection of a subgraph's database except the audit log, in `_id`
 * order: equal digests before and after a refused mutation show it changed nothing.
 */
export async function domainDigest(connection: Connection): Promise<string> {
  const db = connection.db;
  if (!db) throw new Error("not connected");
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((info) => info.name)
    .filter((name) => name !== AUDIT_COLLECTION)
    .sort();
  const hash = createHash("sha256");
  for (const name of names) {
    const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    hash.update(`${name}\n${JSON.stringify(documents)}\n`);
  }
  return hash.digest("hex");
}

/** One stored audit entry, as the tests read it (see packages/kit/src/audit.ts). */
export interface AuditEntry {
  at: Date;
  viewer: { id: string; role: string; pillar: string | null; donor: string | null };
  requestId: string;
  operation: string;
  inputDigest: string;
  idempotencyKey: string | null;
  outcome: string;
  field: string | null;
  /** Only on bulk operations (imports). */
  counts?: Record<string, number>;
}

/** The audit entries matching `filter`, oldest first. */
export async function auditEntries(
  connection: Connection,
  filter: Record<string, unknown> = {},
): Promise<AuditEntry[]> {
  const entries = await connection.collection(AUDIT_COLLECTION).find(filter).sort({ _id: 1 }).toArray();
  return entries as unknown as AuditEntry[];
}
