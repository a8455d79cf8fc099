import type { Document } from "bson";
import type { StorageRecord } from "./records.ts";

const isString = (value: unknown): value is string => typeof value === "string";
const isDocument = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What each kind of record needs besides `op` and `db`; typed so a new kind of record must be added here. */
const SHAPES: { readonly [Op in StorageRecord["op"]]: (record: Document) => boolean } = {
  createCollection: (r) => isString(r["coll"]) && (r["options"] === undefined || isDocument(r["options"])),
  setOptions: (r) => isString(r["coll"]) && isDocument(r["options"]),
  dropCollection: (r) => isString(r["coll"]),
  dropDatabase: () => true,
  createIndex: (r) =>
    isString(r["coll"]) && isDocument(r["spec"]) && isString((r["spec"] as Document)["name"]),
  dropIndex: (r) => isString(r["coll"]) && isString(r["name"]),
  put: (r) => isString(r["coll"]) && isDocument(r["doc"]),
  delete: (r) => isString(r["coll"]) && "id" in r,
  transaction: (r) =>
    Array.isArray(r["records"]) &&
    (r["records"] as unknown[]).every((each) => isDocument(each) && isStorageRecord(each as Document)),
};

/**
 * Whether a document read back from disk has the shape of a {@link StorageRecord}. A frame whose checksum
 * holds but whose content is not a record was written that way (a bug or a foreign file), not torn by a
 * crash, so recovery refuses it rather than feeding it to the engine.
 */
export function isStorageRecord(value: Document): value is StorageRecord {
  const op: unknown = value["op"];
  if (!isString(op) || !Object.hasOwn(SHAPES, op) || !isString(value["db"])) return false;
  return SHAPES[op as StorageRecord["op"]](value);
}
