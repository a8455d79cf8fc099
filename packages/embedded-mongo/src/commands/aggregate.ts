import type { Document } from "bson";
import { collectionName, optionalBoolean, optionalDocument, optionalNumber } from "./args.ts";
import { readableCollection } from "./collection-for.ts";
import { effectiveCollation, viewCollation } from "./collation-option.ts";
import type { CommandContext, CommandHandler } from "./command.ts";
import { cursorReply } from "./cursor-reply.ts";
import { clone } from "../engine/clone.ts";
import { MongoCommandError } from "../engine/errors.ts";
import { findDocuments } from "../engine/find.ts";
import { Aggregator, mingoOptions } from "../engine/mingo.ts";
import { isPlainObject } from "../engine/paths.ts";
import { duplicateKeyError } from "../engine/index.ts";
import { resolveView } from "../engine/views.ts";
import { insertDocument } from "../engine/write.ts";
import { evaluateLet } from "../engine/let-variables.ts";

/** Stages the embedded server cannot run; asking for one is refused rather than answered wrongly. */
const UNSUPPORTED_STAGES = new Set([
  "$geoNear",
  "$search",
  "$searchMeta",
  "$vectorSearch",
  "$changeStream",
  "$collStats",
  "$indexStats",
  "$listSessions",
  "$currentOp",
  "$planCacheStats",
]);

function stageName(stage: Document): string {
  const keys = Object.keys(stage);
  if (keys.length !== 1) {
    throw new MongoCommandError(
      "Location40323",
      "A pipeline stage specification object must contain exactly one field.",
    );
  }
  return keys[0] as string;
}

/**
 * `aggregate` on a collection (or `aggregate: 1` for collection-less stages such as `$documents`). A leading
 * `$match` is answered like a find (with an index when one fits); the matched documents are copied before
 * mingo sees them, and `$lookup`/`$unionWith` read copies of the other collections of the same database.
 * `$out` and `$merge` are run by the server itself as final stages.
 */
export const aggregate: CommandHandler = {
  collection: (command) => (typeof command.aggregate === "string" ? command.aggregate : undefined),
  async run(command, context) {
    const { engine, db } = context;
    if (command.explain)
      throw new MongoCommandError("NotImplemented", "explain is not supported by the embedded server");
    const pipeline = command.pipeline as unknown;
    if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) {
      throw new MongoCommandError("TypeMismatch", "'pipeline' option must be specified as an array");
    }
    const cursorOption = optionalDocument(command, "cursor");
    if (!cursorOption && !command.explain) {
      throw new MongoCommandError(
        "FailedToParse",
        "The 'cursor' option is required, except for aggregate with the explain argument",
      );
    }
    for (const stage of pipeline) {
      const name = stageName(stage);
      if (UNSUPPORTED_STAGES.has(name)) {
        throw new MongoCommandError("NotImplemented", `${name} is not supported by the embedded server`);
      }
    }
    const variables = evaluateLet(optionalDocument(command, "let"));
    const stages = [...pipeline];
    const last = stages[stages.length - 1];
    const output = last && ("$out" in last || "$merge" in last) ? (stages.pop() as Document) : undefined;
    const readConcern = optionalDocument(command, "readConcern");
    if (output && readConcern?.level === "linearizable") {
      throw new MongoCommandError(
        "InvalidOptions",
        `${Object.keys(output)[0] ?? "$out"} cannot be used with a 'linearizable' read concern level`,
      );
    }
    if (output && context.transaction) {
      throw new MongoCommandError(
        "OperationNotSupportedInTransaction",
        "$out and $merge cannot be used in a transaction",
      );
    }

    const name = typeof command.aggregate === "string" ? collectionName(command, "aggregate") : undefined;
    if (name === undefined && command.aggregate !== 1) {
      throw new MongoCommandError("FailedToParse", "aggregate field must be a collection name or 1");
    }
    let input: Document[] = [];
    const first = stages[0];
    let collation = effectiveCollation(command, undefined);
    const view = name === undefined ? undefined : resolveView(engine, db, name);
    if (view && name !== undefined) {
      // A view reads as its pipeline over its source collection, followed by the command's stages.
      collation = viewCollation(command, engine.collection(db, name));
      const source = engine.collection(db, view.source);
      input = source ? [...source.all()].map(clone) : [];
      source?.examined(input.length);
      stages.unshift(...view.pipeline);
    } else if (first && "$listLocalSessions" in first) {
      if (name !== undefined) {
        throw new MongoCommandError(
          "InvalidNamespace",
          "$listLocalSessions must be run against the database with {aggregate: 1}",
        );
      }
      input = engine.localSessions.list();
      stages.shift();
    } else if (name !== undefined) {
      const collection = readableCollection(context, name);
      collation = effectiveCollation(command, collection);
      if (first && "$match" in first && isPlainObject(first.$match)) {
        input = findDocuments(collection, { filter: first.$match, variables, collation }).map(clone);
        stages.shift();
      } else {
        input = collection ? [...collection.all()].map(clone) : [];
        collection?.examined(input.length);
      }
    }
    let results: Document[];
    try {
      const aggregator = new Aggregator(
        stages,
        mingoOptions({
          variables,
          collation,
          collectionResolver: (other) => {
            const target = readableCollection(context, other);
            if (!target) return [];
            target.examined(target.count);
            return [...target.all()].map(clone);
          },
        }),
      );
      results = aggregator.run(input) as Document[];
    } catch (error) {
      if (error instanceof MongoCommandError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const unknownStage = /^unregistered pipeline operator (\S+?)\.?$/.exec(message)?.[1];
      if (unknownStage !== undefined) {
        throw new MongoCommandError("Location40324", `Unrecognized pipeline stage name: '${unknownStage}'`);
      }
      throw new MongoCommandError("BadValue", message);
    }
    const ns = `${db}.${name ?? "$cmd.aggregate"}`;
    if (output) {
      await writeOutput(
        output,
        results,
        context,
        optionalBoolean(command, "bypassDocumentValidation") ?? false,
      );
      results = [];
    }
    return cursorReply({
      engine,
      ns,
      docs: results,
      position: 0,
      batchSize: optionalNumber(cursorOption ?? {}, "batchSize"),
      first: true,
      singleBatch: optionalBoolean(command, "singleBatch") ?? false,
    });
  },
};

async function writeOutput(
  stage: Document,
  results: Document[],
  { engine, db }: CommandContext,
  bypass: boolean,
): Promise<void> {
  if ("$out" in stage) {
    const spec = stage.$out as unknown;
    const target = typeof spec === "string" ? { db, coll: spec } : (spec as { db?: string; coll?: string });
    const targetDb = target.db ?? db;
    if (typeof target.coll !== "string")
      throw new MongoCommandError("FailedToParse", "$out requires a collection name");
    const previous = engine.collection(targetDb, target.coll);
    const indexes = previous?.indexSpecs().slice(1) ?? [];
    engine.dropCollection(targetDb, target.coll);
    const collection = engine.createCollection(targetDb, target.coll, previous?.options ?? {});
    for (const spec of indexes) collection.createIndex(spec);
    for (const doc of results) insertDocument(collection, doc, bypass);
    await engine.commit();
    return;
  }
  const spec = stage.$merge as unknown;
  const into = typeof spec === "string" ? spec : (spec as { into?: unknown }).into;
  const intoName = typeof into === "string" ? into : (into as { coll?: string } | undefined)?.coll;
  const intoDb = typeof into === "object" && into !== null ? ((into as { db?: string }).db ?? db) : db;
  if (typeof intoName !== "string") throw new MongoCommandError("FailedToParse", "$merge requires 'into'");
  const options = typeof spec === "object" && spec !== null ? (spec as Document) : {};
  const whenMatched = (options.whenMatched as string | undefined) ?? "merge";
  const whenNotMatched = (options.whenNotMatched as string | undefined) ?? "insert";
  const on = options.on ?? "_id";
  if (on !== "_id")
    throw new MongoCommandError(
      "NotImplemented",
      "$merge 'on' fields other than _id are not supported by the embedded server",
    );
  const { collection } = engine.ensureCollection(intoDb, intoName);
  for (const doc of results) {
    const existing = doc._id === undefined ? undefined : collection.get(doc._id);
    if (!existing) {
      if (whenNotMatched === "insert") insertDocument(collection, doc, bypass);
      else if (whenNotMatched === "fail")
        throw new MongoCommandError(
          "Location13113",
          "$merge could not find a matching document in the target collection",
        );
      continue;
    }
    switch (whenMatched) {
      case "replace":
        collection.replace({ _id: existing._id, ...doc });
        break;
      case "keepExisting":
        break;
      case "fail":
        // MongoDB's $merge inserts and lets the unique `_id` index refuse: the error is E11000's.
        throw duplicateKeyError(collection.ns, "_id_", { _id: 1 }, ["_id"], [doc._id]);
      case "merge":
        collection.replace({ ...existing, ...doc, _id: existing._id });
        break;
      default:
        throw new MongoCommandError(
          "NotImplemented",
          `$merge whenMatched '${whenMatched}' is not supported by the embedded server`,
        );
    }
  }
  await engine.commit();
}
