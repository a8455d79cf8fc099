import type { Document } from "bson";
import { collectionName, optionalBoolean, optionalDocument } from "./args.ts";
import { effectiveCollation } from "./collation-option.ts";
import { firstFieldCollection, type CommandHandler } from "./command.ts";
import { listReply } from "./cursor-reply.ts";
import { ID_INDEX } from "../engine/collection.ts";
import { checkNamespace } from "../engine/engine.ts";
import { compileFilter } from "../engine/mingo.ts";
import { checkValidationOptions } from "../engine/validation.ts";
import { checkViewOptions, isViewOptions } from "../engine/views.ts";

/** `listDatabases`: every database with collections; `nameOnly` and `filter` honoured. */
export const listDatabases: CommandHandler = {
  run(command, { engine }) {
    const filter = optionalDocument(command, "filter");
    const nameOnly = optionalBoolean(command, "nameOnly") ?? false;
    let databases: Document[] = engine.databaseNames().map((name) => {
      let documents = 0;
      for (const collection of engine.collections(name).values()) documents += collection.count;
      return nameOnly ? { name } : { name, sizeOnDisk: documents * 64, empty: documents === 0 };
    });
    if (filter) {
      const predicate = compileFilter(filter);
      databases = databases.filter(predicate);
    }
    const reply: Document = { databases };
    if (!nameOnly) reply.totalSize = databases.reduce((sum, d) => sum + (d.sizeOnDisk as number), 0);
    reply.ok = 1;
    return reply;
  },
};

/** `listCollections`: the collections of the database as a cursor; `filter` and `nameOnly` honoured. */
export const listCollections: CommandHandler = {
  run(command, { engine, db }) {
    const filter = optionalDocument(command, "filter");
    const nameOnly = optionalBoolean(command, "nameOnly") ?? false;
    let infos: Document[] = [...engine.collections(db).values()].map((collection) =>
      isViewOptions(collection.options)
        ? { name: collection.name, type: "view", options: collection.options, info: { readOnly: true } }
        : {
            name: collection.name,
            type: "collection",
            options: collection.options,
            info: { readOnly: false },
            idIndex: { v: 2, key: ID_INDEX.key, name: ID_INDEX.name },
          },
    );
    if (filter) infos = infos.filter(compileFilter(filter));
    if (nameOnly) infos = infos.map(({ name, type }) => ({ name, type }));
    return listReply(`${db}.$cmd.listCollections`, infos);
  },
};

/** Fields any command may carry that are not the command's own options. */
export const GENERIC_FIELDS = new Set([
  "$db",
  "lsid",
  "$clusterTime",
  "writeConcern",
  "comment",
  "txnNumber",
]);

/** `create`: an explicit collection; NamespaceExists when it is already there. */
export const create: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, { engine, db }) {
    const name = collectionName(command, "create");
    // The collection's options are the command's fields less the name and the generic command fields.
    const options: Document = {};
    for (const [key, value] of Object.entries(command)) {
      if (!GENERIC_FIELDS.has(key) && key !== "create") options[key] = value;
    }
    checkValidationOptions(options);
    checkViewOptions(options);
    // A default collation is kept complete, as listCollections reports it; the simple one is no option.
    if (options.collation !== undefined) {
      const collation = effectiveCollation(options, undefined);
      if (collation) options.collation = { ...collation.spec };
      else delete options.collation;
    }
    engine.createCollection(db, name, options);
    await engine.commit();
    return { ok: 1 };
  },
};

/** `drop`: removes a collection and its indexes; dropping a missing one succeeds, as in MongoDB 7. */
export const drop: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, { engine, db }) {
    const name = collectionName(command, "drop");
    checkNamespace(db, name);
    const dropped = engine.dropCollection(db, name);
    await engine.commit();
    if (!dropped) return { ok: 1 };
    return { nIndexesWas: dropped.indexSpecs().length, ns: dropped.ns, ok: 1 };
  },
};

/** `dropDatabase`. */
export const dropDatabase: CommandHandler = {
  async run(_command, { engine, db }) {
    engine.dropDatabase(db);
    await engine.commit();
    return { dropped: db, ok: 1 };
  },
};
