import { collectionName } from "./args.ts";
import { GENERIC_FIELDS } from "./catalog.ts";
import { firstFieldCollection, type CommandHandler } from "./command.ts";
import { MongoCommandError } from "../engine/errors.ts";
import { checkValidationOptions } from "../engine/validation.ts";

/** The collection options `collMod` changes here: document validation. */
const MODIFIABLE = new Set(["validator", "validationLevel", "validationAction"]);

/** `collMod`: changes a collection's validation options (validator, level, action); durable like any write. */
export const collMod: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, { engine, db }) {
    const name = collectionName(command, "collMod");
    const collection = engine.collection(db, name);
    if (!collection) throw new MongoCommandError("NamespaceNotFound", `ns does not exist: ${db}.${name}`);
    const changes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(command)) {
      if (key === "collMod" || GENERIC_FIELDS.has(key)) continue;
      if (!MODIFIABLE.has(key)) {
        throw new MongoCommandError(
          "NotImplemented",
          `collMod '${key}' is not supported by the embedded server`,
        );
      }
      changes[key] = value;
    }
    checkValidationOptions(changes);
    collection.setOptions({ ...collection.options, ...changes });
    await engine.commit();
    return { ok: 1 };
  },
};
