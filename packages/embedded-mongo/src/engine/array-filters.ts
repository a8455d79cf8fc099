import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";

/** Every array filter must be used by some `$[identifier]` of the update: MongoDB refuses unused ones. */
export function checkArrayFilters(update: Document, arrayFilters: readonly Document[]): void {
  const used = new Set<string>();
  for (const fields of Object.values(update)) {
    for (const path of Object.keys(fields as Document)) {
      for (const match of path.matchAll(/\$\[([^\]]+)\]/g)) used.add(match[1] as string);
    }
  }
  for (const filter of arrayFilters) {
    const identifier = (Object.keys(filter)[0] ?? "").split(".")[0] as string;
    if (!used.has(identifier)) {
      throw new MongoCommandError(
        "FailedToParse",
        `The array filter for identifier '${identifier}' was not used in the update ${JSON.stringify(update)}`,
      );
    }
  }
}
