import type { Document } from "bson";
import { SERVER_VERSION } from "./handshake.ts";
import { MongoCommandError } from "../engine/errors.ts";

/** `sort` in an update statement (updateOne/replaceOne choosing which match) is MongoDB 8.0's. */
const ACCEPTS_UPDATE_SORT = Number(SERVER_VERSION.split(".")[0]) >= 8;

/**
 * Refuses `sort` in the statements of an `update` command as the MongoDB version this server reports does:
 * 7.0 (what production runs) fails the whole command with "unknown field", so code that relies on it fails here
 * as it would there. The engine itself sorts (findAndModify uses it); claiming 8.0 turns it on.
 */
export function checkUpdateSort(statements: Document[]): void {
  if (ACCEPTS_UPDATE_SORT) return;
  if (statements.some((statement) => statement.sort !== undefined)) {
    throw new MongoCommandError("Location40415", "BSON field 'update.updates.sort' is an unknown field.");
  }
}
