import { createHash } from "node:crypto";
import { Binary, type Document } from "bson";
import { indexKey } from "./index-key.ts";

/** The `uid` MongoDB gives a session without authentication: the SHA-256 of the empty user name. */
const NO_USER_UID = new Binary(createHash("sha256").update("").digest(), Binary.SUBTYPE_DEFAULT);

/**
 * The logical sessions this server has seen (each command's `lsid`) and when each was last used, as
 * `$listLocalSessions` reports them; `endSessions` forgets them.
 */
export class LocalSessions {
  readonly #sessions = new Map<string, { id: unknown; lastUse: Date }>();

  /** Notes that a command used this session (`lsid` as the command carries it: `{id: UUID}`). */
  touch(lsid: unknown): void {
    if (lsid === null || typeof lsid !== "object" || !("id" in lsid)) return;
    const id = (lsid as { id: unknown }).id;
    this.#sessions.set(indexKey(id), { id, lastUse: new Date() });
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
    return [...this.#sessions.values()].map(({ id, lastUse }) => ({
      _id: { id, uid: NO_USER_UID },
      lastUse,
    }));
  }
}
