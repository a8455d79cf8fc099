import type { Connection } from "mongoose";
import type { Logger } from "pino";
import { createHmac } from "node:crypto";
import { canonicalJson } from "./idempotency.ts";
import type { Viewer } from "./viewer.ts";

/** The collection every subgraph records its mutations in. */
export const AUDIT_COLLECTION = "audit";

/** One mutation as the audit log receives it. */
export interface AuditRecord {
  viewer: Viewer;
  requestId: string;
  /** The mutation field, e.g. `changeReinfoStatus`. */
  operation: string;
  /** The arguments as the client sent them; only their digest is stored. */
  args: Record<string, unknown>;
  /** `OK`, or the error code the client received. */
  outcome: string;
  /** The offending field of a BAD_USER_INPUT outcome. */
  field?: string;
  /** What a bulk operation did, as counts (rows read, inserted, rejected…): numbers only, never input. */
  counts?: Record<string, number>;
}

/**
 * The subgraph's append-only record of every mutation attempt: who (id, role, pillar), when, which operation,
 * a digest of its input (HMAC-SHA256 under a key derived from the hub secret, so that someone holding the log
 * cannot confirm a guessed input; the input itself may hold personal data, so it is not copied), the idempotency
 * key, and the outcome, including refusals. Nothing in the code base updates or deletes an entry; in production
 * the subgraph's database user should hold `insert`/`find` only on this collection.
 */
export class AuditLog {
  readonly #connection: Connection;
  readonly #logger: Logger;
  readonly #key: Uint8Array;

  constructor(connection: Connection, logger: Logger, digestKey: Uint8Array) {
    this.#connection = connection;
    this.#logger = logger;
    this.#key = digestKey;
  }

  /** Appends one entry. A failure is logged, never thrown: the mutation's own outcome stands. */
  async record(entry: AuditRecord): Promise<void> {
    const { idempotencyKey, ...input } = entry.args;
    const document = {
      at: new Date(),
      viewer: {
        id: entry.viewer.id,
        role: entry.viewer.role,
        pillar: entry.viewer.pillar,
        donor: entry.viewer.donor,
      },
      requestId: entry.requestId,
      operation: entry.operation,
      // HMAC-SHA256 of the canonical input (keys sorted, pseudonyms decoded), hex.
      inputDigest: createHmac("sha256", this.#key).update(canonicalJson(input)).digest("hex"),
      idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : null,
      outcome: entry.outcome,
      field: entry.field ?? null,
      ...(entry.counts ? { counts: entry.counts } : {}),
    };
    try {
      await this.#connection.collection(AUDIT_COLLECTION).insertOne(document);
    } catch (error) {
      this.#logger.error(
        { err: error, audit: { ...document, viewer: document.viewer.id } },
        "audit write failed",
      );
    }
  }
}
