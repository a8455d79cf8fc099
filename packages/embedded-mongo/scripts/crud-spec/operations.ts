import type {
  AnyBulkWriteOperation,
  BulkWriteResult,
  ClientBulkWriteModel,
  ClientSession,
  Collection,
  Db,
  Document,
  MongoClient,
} from "mongodb";

/** The objects a test's operations act on, by the ids `createEntities` gave them. */
export interface Entities {
  clients: Map<string, MongoClient>;
  databases: Map<string, Db>;
  collections: Map<string, Collection>;
  sessions: Map<string, ClientSession>;
}

/** An operation the runner cannot perform through the driver (the test is skipped, with this reason). */
export class UnsupportedOperation extends Error {}

type Args = Record<string, unknown>;

/** The driver's options from a test's arguments: the session entity resolved, the rest passed as written. */
function options(args: Args, entities: Entities, ...consumed: string[]): Document {
  const out: Document = {};
  for (const [key, value] of Object.entries(args)) {
    if (consumed.includes(key)) continue;
    if (key === "session") {
      out.session = entities.sessions.get(value as string);
      continue;
    }
    if (key === "returnDocument" && typeof value === "string") {
      out.returnDocument = value.toLowerCase();
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** A bulk write result as the unified format names its fields (the driver's class exposes them as getters). */
export function bulkResult(result: BulkWriteResult): Document {
  return {
    deletedCount: result.deletedCount,
    insertedCount: result.insertedCount,
    insertedIds: result.insertedIds,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    upsertedCount: result.upsertedCount,
    upsertedIds: result.upsertedIds,
  };
}

/** Turns Maps (the client bulk write's per-operation results) into documents keyed by index. */
function plain(value: unknown): unknown {
  if (value instanceof Map) {
    return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), plain(v)]));
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    }
  }
  return value;
}

/** The driver's model for one `clientBulkWrite` request (`{insertOne: {namespace, document}}` → `{name, …}`). */
function clientModel(request: Document): ClientBulkWriteModel {
  const [name, spec] = Object.entries(request)[0] as [string, Document];
  return { name, ...spec } as ClientBulkWriteModel;
}

async function onCollection(collection: Collection, name: string, args: Args, entities: Entities) {
  switch (name) {
    case "aggregate":
      return collection.aggregate(args.pipeline as Document[], options(args, entities, "pipeline")).toArray();
    case "bulkWrite":
      return bulkResult(
        await collection.bulkWrite(
          args.requests as AnyBulkWriteOperation[],
          options(args, entities, "requests"),
        ),
      );
    case "count":
      return collection.count(args.filter as Document, options(args, entities, "filter"));
    case "countDocuments":
      return collection.countDocuments(args.filter as Document, options(args, entities, "filter"));
    case "estimatedDocumentCount":
      return collection.estimatedDocumentCount(options(args, entities));
    case "distinct":
      return collection.distinct(
        args.fieldName as string,
        (args.filter as Document | undefined) ?? {},
        options(args, entities, "fieldName", "filter"),
      );
    case "find":
      return collection.find(args.filter as Document, options(args, entities, "filter")).toArray();
    case "findOne":
      return collection.findOne(args.filter as Document, options(args, entities, "filter"));
    case "findOneAndDelete":
      return collection.findOneAndDelete(args.filter as Document, options(args, entities, "filter"));
    case "findOneAndReplace":
      return collection.findOneAndReplace(
        args.filter as Document,
        args.replacement as Document,
        options(args, entities, "filter", "replacement"),
      );
    case "findOneAndUpdate":
      return collection.findOneAndUpdate(
        args.filter as Document,
        args.update as Document,
        options(args, entities, "filter", "update"),
      );
    case "insertOne":
      return collection.insertOne(args.document as Document, options(args, entities, "document"));
    case "insertMany":
      return collection.insertMany(args.documents as Document[], options(args, entities, "documents"));
    case "replaceOne":
      return collection.replaceOne(
        args.filter as Document,
        args.replacement as Document,
        options(args, entities, "filter", "replacement"),
      );
    case "updateOne":
      return collection.updateOne(
        args.filter as Document,
        args.update as Document,
        options(args, entities, "filter", "update"),
      );
    case "updateMany":
      return collection.updateMany(
        args.filter as Document,
        args.update as Document,
        options(args, entities, "filter", "update"),
      );
    case "deleteOne":
      return collection.deleteOne(args.filter as Document, options(args, entities, "filter"));
    case "deleteMany":
      return collection.deleteMany(args.filter as Document, options(args, entities, "filter"));
    case "createIndex":
      return collection.createIndex(args.keys as Document, options(args, entities, "keys"));
    default:
      throw new UnsupportedOperation(`collection operation ${name}`);
  }
}

async function onDatabase(db: Db, name: string, args: Args, entities: Entities) {
  switch (name) {
    case "aggregate":
      return db.aggregate(args.pipeline as Document[], options(args, entities, "pipeline")).toArray();
    case "createCollection":
      await db.createCollection(args.collection as string, options(args, entities, "collection"));
      return undefined;
    case "dropCollection":
      return db.dropCollection(args.collection as string, options(args, entities, "collection"));
    case "modifyCollection":
      return db.command({ collMod: args.collection, ...options(args, entities, "collection") });
    case "runCommand":
      return db.command(args.command as Document, options(args, entities, "command", "commandName"));
    default:
      throw new UnsupportedOperation(`database operation ${name}`);
  }
}

async function onClient(client: MongoClient, name: string, args: Args, entities: Entities) {
  switch (name) {
    case "clientBulkWrite": {
      const models = (args.models as Document[]).map(clientModel);
      return plain(await client.bulkWrite(models, options(args, entities, "models")));
    }
    default:
      throw new UnsupportedOperation(`client operation ${name}`);
  }
}

/** Runs one operation of a test on the entity it names; returns what the driver returned. */
export async function runOperation(
  object: string,
  name: string,
  args: Args,
  entities: Entities,
): Promise<unknown> {
  const collection = entities.collections.get(object);
  if (collection) return onCollection(collection, name, args, entities);
  const db = entities.databases.get(object);
  if (db) return onDatabase(db, name, args, entities);
  const client = entities.clients.get(object);
  if (client) return onClient(client, name, args, entities);
  throw new UnsupportedOperation(`${object}.${name}`);
}
