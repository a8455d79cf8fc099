import { createHash } from "node:crypto";
import { Binary, type Document } from "bson";
import { indexKey } from "./index-key.ts";

/** How long an unused session is kept, as `logicalSessionTimeoutMinutes` (30) tells drivers. */
const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/** The `uid` MongoDB gives a session without authentication: the SHA-256 of the empty user name. */
const NO_USER_UID = new Binary(createHash("sha256").update("").digest(), Binary.SUBTYPE_DEFAULT);

/**
 * The logical sessions this server has seen (each command's `lsid`) and when each was last used, as
 * `$listLocalSessions` reports them; `endSessions` forgets them, and so does 30 minutes without use.
 */
export class LocalSessions {
  readonly #sessions = new Map<string, { id: unknown; lastUse: Date }>();
  #nextPrune = Date.now() + SESSION_TIMEOUT_MS;

  /** Notes that a command used this session (`lsid` as the command carries it: `{id: UUID}`). */
  touch(lsid: unknown): void {
    if (lsid === null || typeof lsid !== "object" || !("id" in lsid)) return;
    const id = (lsid as { id: unknown }).id;
    const key = indexKey(id);
    // Re-inserted so the map stays in order of last use, oldest first.
    this.#sessions.delete(key);
    this.#sessions.set(key, { id, lastUse: new Date() });
    if (Date.now() >= this.#nextPrune) this.#prune();
  }

  #prune(): void {
    const cutoff = Date.now() - SESSION_TIMEOUT_MS;
    for (const [key, session] of this.#sessions) {
      if (session.lastUse.getTime() >= cutoff) break;
      this.#sessions.delete(key);
    }
    this.#nextPrune = Date.now() + SESSION_TIMEOUT_MS;
  }

  /** Forgets the sessions a client ended. */
  end(lsids: unknown[]): void {
    for (const lsid of lsids) {
      if (lsid !== null && typeof lsid === "object" && "id" in lsid) {
        this.#sessions.delete(indexKey((lsid as { id: unknown }).id));
      }
    }
  }

  /** One document per session, in `$listLocalSessions`' shape. */
  list(): Document[] {
    this.#prune();
    return [...this.#sessions.values()].map(({ id, lastUse }) => ({
      _id: { id, uid: NO_USER_UID },
      lastUse,
    }));
  }
}
