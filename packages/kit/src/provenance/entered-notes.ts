import type { mongo } from "mongoose";
import { enteredNote, type ProvenanceDoc } from "./provenance.ts";

/**
 * The note earlier versions wrote on an entered record, `entered through the API by <editor id>`: any note with
 * that opening but the agency's role ({@link enteredNote}) after it.
 */
export const EDITOR_NOTE = /^entered through the API by (?!an editor of )/;

/** Which stored notes to rewrite, and how: by default, entered records' notes that name their editor. */
export interface NoteRewrite {
  /** The notes to rewrite (a `$regex` on `provenance.note`). */
  match: RegExp;
  /** The kinds of provenance whose notes are rewritten. */
  kinds: readonly ProvenanceDoc["kind"][];
  /** The note that replaces a matching one. */
  rewrite: (provenance: Pick<ProvenanceDoc, "kind" | "source" | "note">) => string;
}

const ENTERED_NOTES: NoteRewrite = {
  match: EDITOR_NOTE,
  kinds: ["ENTERED"],
  rewrite: (provenance) => enteredNote(provenance.source),
};

type Stored = Pick<ProvenanceDoc, "kind" | "source" | "note">;

/**
 * Rewrites the provenance notes an earlier version stored naming the person who wrote the record (by default,
 * `entered through the API by <editor id>` becomes {@link enteredNote} of the record's agency), in a
 * collection's documents (`provenance`) and in the records they hold in arrays (`<array>.<i>.provenance`). For
 * the start-up migrations: reads only documents holding such a note, writes each changed note by its position
 * and only while it still reads as it did (a concurrent write is never overwritten), so a second run finds
 * nothing and writes nothing. Returns how many notes it found to rewrite.
 */
export async function rewriteStoredNotes(
  collection: mongo.Collection,
  arrays: readonly string[] = [],
  how: NoteRewrite = ENTERED_NOTES,
): Promise<number> {
  const matches = { "provenance.kind": { $in: how.kinds }, "provenance.note": { $regex: how.match } };
  const query = {
    $or: [matches, ...arrays.map((array) => ({ [array]: { $elemMatch: matches } }))],
  } as mongo.Filter<mongo.Document>;
  const projection = Object.fromEntries(["provenance", ...arrays].map((path) => [path, 1]));
  const stale = (p: Stored | undefined): p is Stored & { note: string } =>
    !!p && how.kinds.includes(p.kind) && typeof p.note === "string" && how.match.test(p.note);
  let rewritten = 0;
  const ops: mongo.AnyBulkWriteOperation[] = [];
  for await (const doc of collection.find(query, { projection })) {
    const filter: mongo.Document = { _id: doc._id };
    const $set: mongo.Document = {};
    const note = (path: string, p: Stored & { note: string }): void => {
      filter[`${path}.note`] = p.note;
      $set[`${path}.note`] = how.rewrite(p);
      rewritten++;
    };
    const own = doc.provenance as Stored | undefined;
    if (stale(own)) note("provenance", own);
    for (const array of arrays) {
      const entries = (doc[array] ?? []) as { provenance?: Stored }[];
      entries.forEach((entry, i) => {
        if (stale(entry.provenance)) note(`${array}.${i}.provenance`, entry.provenance);
      });
    }
    ops.push({ updateOne: { filter, update: { $set } } });
    if (ops.length >= 500) await collection.bulkWrite(ops.splice(0), { ordered: false });
  }
  if (ops.length > 0) await collection.bulkWrite(ops, { ordered: false });
  return rewritten;
}
