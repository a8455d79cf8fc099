import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Collection, CollationOptions, Db, Document } from "mongodb";
import { MongoClient, MongoServerError } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();

const ES1: CollationOptions = { locale: "es", strength: 1 };
const ES2: CollationOptions = { locale: "es", strength: 2 };

interface Place extends Document {
  _id: number;
  name: string;
  region?: string;
}

/** Spanish names as they arrive: with and without accents, in any case, ñ and n. */
const PLACES: Place[] = [
  { _id: 1, name: "PEÑA", region: "ÁNCASH" },
  { _id: 2, name: "PENA", region: "Ancash" },
  { _id: 3, name: "peña", region: "ancash" },
  { _id: 4, name: "Pena", region: "ANCASH" },
  { _id: 5, name: "Nuñez", region: "Lima" },
  { _id: 6, name: "Ñandú", region: "LIMA" },
  { _id: 7, name: "Oca", region: "lima" },
  { _id: 8, name: "nube", region: "Cusco" },
];

/** Documents examined on a namespace while `run` executes: a scan shows up as the collection's size. */
async function examinedBy(ns: string, run: () => Promise<unknown>): Promise<number> {
  const before = mongo.server.stats().namespaces[ns]?.docsExamined ?? 0;
  await run();
  return (mongo.server.stats().namespaces[ns]?.docsExamined ?? 0) - before;
}

async function failure(run: () => Promise<unknown>): Promise<MongoServerError> {
  const error: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

function ids(docs: Document[]): unknown[] {
  return docs.map((doc) => doc._id);
}

describe("collation on reads", () => {
  let places: Collection<Place>;

  beforeAll(async () => {
    places = mongo.db("collation").collection<Place>("places");
    await places.insertMany(PLACES);
  });

  it("keeps ñ a letter of its own in Spanish: PEÑA is not PENA even at strength 1", async () => {
    const found = await places.find({ name: "pena" }, { collation: ES1 }).sort({ _id: 1 }).toArray();
    expect(ids(found)).toEqual([2, 4]);
    const withTilde = await places.find({ name: "PEÑA" }, { collation: ES1 }).sort({ _id: 1 }).toArray();
    expect(ids(withTilde)).toEqual([1, 3]);
  });

  it("folds ñ into n in English at strength 1, as ICU's root order does", async () => {
    const found = await places
      .find({ name: "pena" }, { collation: { locale: "en", strength: 1 } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(found)).toEqual([1, 2, 3, 4]);
  });

  it("matches ÁNCASH, Ancash and ancash at strength 1 and only the unaccented ones at strength 2", async () => {
    expect(await places.countDocuments({ region: "ancash" }, { collation: ES1 })).toBe(4);
    const second = await places.find({ region: "ancash" }, { collation: ES2 }).sort({ _id: 1 }).toArray();
    expect(ids(second)).toEqual([2, 3, 4]);
    const third = await places.find({ region: "ancash" }, { collation: { locale: "es" } }).toArray();
    expect(ids(third)).toEqual([3]);
    // Without a collation the match is binary.
    expect(ids(await places.find({ region: "ancash" }).toArray())).toEqual([3]);
  });

  it("distinguishes case only with caseLevel at strength 1", async () => {
    const found = await places
      .find({ region: "ancash" }, { collation: { locale: "es", strength: 1, caseLevel: true } })
      .sort({ _id: 1 })
      .toArray();
    // ÁNCASH differs from ancash by case; Ancash by case too; only ancash itself remains.
    expect(ids(found)).toEqual([3]);
    const accentless = await places
      .find({ region: "Ancash" }, { collation: { locale: "es", strength: 1, caseLevel: true } })
      .toArray();
    expect(ids(accentless)).toEqual([2]);
  });

  it("sorts ñ after n in Spanish, and by code points without a collation", async () => {
    const spanish = await places
      .find({ _id: { $in: [5, 6, 7, 8] } }, { collation: { locale: "es" } })
      .sort({ name: 1 })
      .toArray();
    expect(spanish.map((p) => p.name)).toEqual(["nube", "Nuñez", "Ñandú", "Oca"]);
    const binary = await places
      .find({ _id: { $in: [5, 6, 7, 8] } })
      .sort({ name: 1 })
      .toArray();
    expect(binary.map((p) => p.name)).toEqual(["Nuñez", "Oca", "nube", "Ñandú"]);
  });

  it("compares ranges by the collation", async () => {
    const found = await places
      .find({ name: { $gt: "n", $lt: "o" } }, { collation: ES1 })
      .sort({ _id: 1 })
      .toArray();
    // Ñ is a letter between n and o.
    expect(ids(found)).toEqual([5, 6, 8]);
    const beforeEnye = await places
      .find({ name: { $gt: "n", $lt: "ñ" } }, { collation: ES1 })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(beforeEnye)).toEqual([5, 8]);
    const enye = await places.find({ name: { $gte: "ñ", $lt: "o" } }, { collation: ES1 }).toArray();
    expect(ids(enye)).toEqual([6]);
  });

  it("matches $in, $nin, $ne and $all by the collation", async () => {
    expect(await places.countDocuments({ region: { $in: ["LIMA", "cusco"] } }, { collation: ES1 })).toBe(4);
    expect(await places.countDocuments({ region: { $nin: ["LIMA", "cusco"] } }, { collation: ES1 })).toBe(4);
    expect(await places.countDocuments({ region: { $ne: "lima" } }, { collation: ES1 })).toBe(5);
    expect(await places.countDocuments({ name: { $all: ["oca"] } }, { collation: ES1 })).toBe(1);
  });

  it("answers distinct with one value per class", async () => {
    const regions = await places.distinct("region", {}, { collation: ES1 });
    expect(regions).toEqual(["ÁNCASH", "Cusco", "Lima"]);
    const binary = await places.distinct("region");
    expect(binary).toHaveLength(8);
  });

  it("orders strings with numericOrdering: 10 after 9", async () => {
    const db = mongo.db("collation");
    const codes = db.collection<{ _id: number; code: string }>("codes");
    await codes.insertMany([
      { _id: 1, code: "10" },
      { _id: 2, code: "9" },
      { _id: 3, code: "100" },
      { _id: 4, code: "2" },
    ]);
    const numeric = await codes
      .find({}, { collation: { locale: "en", numericOrdering: true } })
      .sort({ code: 1 })
      .toArray();
    expect(numeric.map((c) => c.code)).toEqual(["2", "9", "10", "100"]);
    const plain = await codes.find({}).sort({ code: 1 }).toArray();
    expect(plain.map((c) => c.code)).toEqual(["10", "100", "2", "9"]);
    const above = await codes
      .find({ code: { $gt: "9" } }, { collation: { locale: "en", numericOrdering: true } })
      .toArray();
    expect(above.map((c) => c.code).sort()).toEqual(["10", "100"]);
  });

  it("puts upper case first with caseFirst: upper", async () => {
    const db = mongo.db("collation");
    const words = db.collection<{ _id: number; w: string }>("words");
    await words.insertMany([
      { _id: 1, w: "a" },
      { _id: 2, w: "A" },
      { _id: 3, w: "b" },
      { _id: 4, w: "B" },
    ]);
    const upper = await words
      .find({}, { collation: { locale: "en", caseFirst: "upper" } })
      .sort({ w: 1 })
      .toArray();
    expect(upper.map((d) => d.w)).toEqual(["A", "a", "B", "b"]);
    const lower = await words
      .find({}, { collation: { locale: "en", caseFirst: "lower" } })
      .sort({ w: 1 })
      .toArray();
    expect(lower.map((d) => d.w)).toEqual(["a", "A", "b", "B"]);
  });

  it("ignores punctuation and spaces with alternate: shifted", async () => {
    const db = mongo.db("collation");
    const names = db.collection<{ _id: number; n: string }>("punct");
    await names.insertMany([
      { _id: 1, n: "San Martín" },
      { _id: 2, n: "San-Martin" },
      { _id: 3, n: "SanMartin" },
    ]);
    const shifted = { locale: "es", strength: 1, alternate: "shifted" } as const;
    expect(await names.countDocuments({ n: "san martin" }, { collation: shifted })).toBe(3);
    expect(await names.countDocuments({ n: "san martin" }, { collation: ES1 })).toBe(1);
  });

  it("tells punctuation apart again at strength 4 with alternate: shifted", async () => {
    const db = mongo.db("collation");
    const names = db.collection<{ _id: number; n: string }>("quaternary");
    await names.insertMany([
      { _id: 1, n: "San-Martin" },
      { _id: 2, n: "SanMartin" },
    ]);
    const at = (strength: number) =>
      names.countDocuments(
        { n: "SanMartin" },
        { collation: { locale: "es", strength, alternate: "shifted" } },
      );
    expect(await at(3)).toBe(2);
    expect(await at(4)).toBe(1);
    expect(await at(5)).toBe(1);
  });

  it("applies the collation to a positional projection", async () => {
    const db = mongo.db("collation");
    const lists = db.collection<{ _id: number; tags: string[] }>("positional");
    await lists.insertOne({ _id: 1, tags: ["Cusco", "Lima"] });
    const found = await lists.findOne({ tags: "LIMA" }, { collation: ES1, projection: { "tags.$": 1 } });
    expect(found).toEqual({ _id: 1, tags: ["Lima"] });
  });

  it("refuses the options Intl.Collator cannot express rather than answer wrongly", async () => {
    const spaceOnly = { locale: "es", alternate: "shifted", maxVariable: "space" } as const;
    expect((await failure(() => places.find({}, { collation: spaceOnly }).toArray())).code).toBe(238);
    const backwards = { locale: "es", backwards: true } as const;
    expect((await failure(() => places.find({}, { collation: backwards }).toArray())).code).toBe(238);
  });

  it("treats {locale: 'simple'} as the binary comparison", async () => {
    expect(await places.countDocuments({ region: "ancash" }, { collation: { locale: "simple" } })).toBe(1);
  });
});

describe("collation on aggregate", () => {
  let places: Collection<Place>;

  beforeAll(async () => {
    places = mongo.db("collation").collection<Place>("places");
    await places.insertMany(PLACES);
  });

  it("applies to $match, $sort and $group keys", async () => {
    const rows = await places
      .aggregate(
        [
          { $match: { region: { $ne: "cusco" } } },
          { $group: { _id: "$region", n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ],
        { collation: ES1 },
      )
      .toArray();
    expect(rows).toEqual([
      { _id: "ÁNCASH", n: 4 },
      { _id: "Lima", n: 3 },
    ]);
    const binary = await places.aggregate([{ $group: { _id: "$region" } }]).toArray();
    expect(binary).toHaveLength(8);
  });

  it("applies to comparisons in expressions", async () => {
    const rows = await places
      .aggregate(
        [
          { $match: { _id: { $lte: 4 } } },
          { $project: { same: { $eq: ["$region", "ancash"] }, order: { $cmp: ["$name", "PENA"] } } },
          { $sort: { _id: 1 } },
        ],
        { collation: ES1 },
      )
      .toArray();
    expect(rows.map((r) => r.same)).toEqual([true, true, true, true]);
    expect(rows.map((r) => r.order)).toEqual([1, 0, 1, 0]);
  });

  it("applies to $match after other stages", async () => {
    const n = await places
      .aggregate([{ $sort: { _id: 1 } }, { $match: { name: "pena" } }, { $count: "n" }], { collation: ES1 })
      .toArray();
    expect(n).toEqual([{ n: 2 }]);
  });
});

describe("collation on writes", () => {
  let db: Db;

  beforeAll(() => {
    db = mongo.db("collation_writes");
  });

  it("updates, deletes and findAndModifies the documents the collation matches", async () => {
    const places = db.collection<Place>("places");
    await places.insertMany(PLACES);
    const updated = await places.updateMany(
      { region: "ancash" },
      { $set: { region: "Áncash" } },
      { collation: ES1 },
    );
    expect(updated.matchedCount).toBe(4);
    const one = await places.updateOne({ name: "nuñez" }, { $set: { seen: true } }, { collation: ES2 });
    expect(one.modifiedCount).toBe(1);
    const found = await places.findOneAndUpdate(
      { name: "oca" },
      { $set: { seen: true } },
      { collation: ES1, returnDocument: "after" },
    );
    expect(found).toMatchObject({ _id: 7, seen: true });
    const removed = await places.findOneAndDelete({ name: "NUBE" }, { collation: ES1 });
    expect(removed).toMatchObject({ _id: 8 });
    const deleted = await places.deleteMany({ region: "LIMA" }, { collation: ES1 });
    expect(deleted.deletedCount).toBe(3);
    const deleteOne = await places.deleteOne({ name: "pena" }, { collation: ES1 });
    expect(deleteOne.deletedCount).toBe(1);
    expect(await places.countDocuments()).toBe(3);
    expect(await places.countDocuments({ region: "Áncash" })).toBe(3);
  });

  it("sorts findAndModify's candidates by the collation", async () => {
    const words = db.collection<{ _id: number; w: string }>("pick");
    await words.insertMany([
      { _id: 1, w: "b" },
      { _id: 2, w: "A" },
      { _id: 3, w: "a" },
    ]);
    const first = await words.findOneAndDelete({}, { sort: { w: 1 }, collation: { locale: "en" } });
    expect(first).toMatchObject({ _id: 3 });
    const binary = await words.findOneAndDelete({}, { sort: { w: 1 } });
    expect(binary).toMatchObject({ _id: 2 });
  });
});

describe("collation on indexes and collections", () => {
  let db: Db;

  beforeAll(() => {
    db = mongo.db("collation_indexes");
  });

  it("reports an index's complete collation in listIndexes", async () => {
    const places = db.collection<Place>("listed");
    await places.createIndex({ name: 1 }, { collation: ES1, name: "name_es" });
    await places.createIndex({ region: 1 }, { collation: { locale: "simple" } });
    const indexes = await places.listIndexes().toArray();
    expect(indexes.find((index) => index.name === "name_es")?.collation).toEqual({
      locale: "es",
      caseLevel: false,
      caseFirst: "off",
      strength: 1,
      numericOrdering: false,
      alternate: "non-ignorable",
      maxVariable: "punct",
      normalization: false,
      backwards: false,
      version: "57.1",
    });
    expect(indexes.find((index) => index.name === "region_1")?.collation).toBeUndefined();
  });

  it("answers a query with the index's collation from the index, and one without it by a scan", async () => {
    const people = db.collection<{ _id: number; name: string; n: number }>("people");
    await people.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({ _id: i, name: i % 2 ? `Peña ${i}` : `Pena ${i}`, n: i })),
    );
    await people.createIndex({ name: 1 }, { collation: ES2 });
    const ns = `${db.databaseName}.people`;
    let found: Document[] = [];
    const indexed = await examinedBy(ns, async () => {
      found = await people.find({ name: "PEÑA 7" }, { collation: ES2 }).toArray();
    });
    expect(ids(found)).toEqual([7]);
    expect(indexed).toBe(1);
    // Another collation (or none) cannot use the index for strings: it scans, and still answers right.
    const scanned = await examinedBy(ns, async () => {
      found = await people.find({ name: "PEÑA 7" }, { collation: ES1 }).toArray();
    });
    expect(ids(found)).toEqual([7]);
    expect(scanned).toBe(1000);
    const binary = await examinedBy(ns, async () => {
      found = await people.find({ name: "Peña 7" }).toArray();
    });
    expect(ids(found)).toEqual([7]);
    expect(binary).toBe(1000);
  });

  it("enforces a unique index under its collation", async () => {
    const users = db.collection<{ _id: number; login: string }>("users");
    await users.createIndex({ login: 1 }, { unique: true, collation: ES2 });
    await users.insertOne({ _id: 1, login: "Muñoz" });
    const error = await failure(() => users.insertOne({ _id: 2, login: "MUÑOZ" }));
    expect(error.code).toBe(11000);
    await users.insertOne({ _id: 3, login: "Munoz" });
    expect(await users.countDocuments()).toBe(2);
  });

  it("keeps a binary index and a collated one on the same key side by side", async () => {
    const both = db.collection<{ _id: number; k: string }>("both");
    await both.createIndex({ k: 1 });
    await both.createIndex({ k: 1 }, { collation: ES1, name: "k_es" });
    await both.insertMany([
      { _id: 1, k: "Áb" },
      { _id: 2, k: "ab" },
    ]);
    const ns = `${db.databaseName}.both`;
    let n = 0;
    const examined = await examinedBy(ns, async () => {
      n = await both.countDocuments({ k: "AB" }, { collation: ES1 });
    });
    expect(n).toBe(2);
    expect(examined).toBe(2);
    expect(await both.countDocuments({ k: "ab" })).toBe(1);
  });

  it("gives a collection's default collation to its operations and new indexes", async () => {
    await db.createCollection("regions", { collation: ES1 });
    const regions = db.collection<{ _id: number; name: string }>("regions");
    await regions.insertMany([
      { _id: 1, name: "ÁNCASH" },
      { _id: 2, name: "ancash" },
      { _id: 3, name: "Lima" },
    ]);
    expect(await regions.countDocuments({ name: "Ancash" })).toBe(2);
    expect(await regions.countDocuments({ name: "Ancash" }, { collation: { locale: "simple" } })).toBe(0);
    await regions.createIndex({ name: 1 });
    const [listed] = await db.listCollections({ name: "regions" }, { nameOnly: false }).toArray();
    expect((listed as Document | undefined)?.options?.collation).toMatchObject({ locale: "es", strength: 1 });
    const index = (await regions.listIndexes().toArray()).find((each) => each.name === "name_1");
    expect(index?.collation).toMatchObject({ locale: "es", strength: 1 });
    const ns = `${db.databaseName}.regions`;
    const examined = await examinedBy(ns, async () => {
      expect(await regions.countDocuments({ name: "ANCASH" })).toBe(2);
    });
    expect(examined).toBe(2);
  });
});

/** A place stored with its region one level down and a field no filter reads. */
interface Stored extends Document {
  _id: number;
  name: string;
  addr: { region: string | undefined };
  notes: string;
}

describe("collation on the stored documents' field pre-test", () => {
  // A scan tests each stored document on the top-level fields its filter reads before decoding it whole; that
  // pre-test must compare under the query's collation, or it drops documents the collation matches (a binary
  // "ancash" is not "ÁNCASH") and keeps ones it excludes ($nin).
  let stored: Collection<Stored>;
  let ns: string;

  beforeAll(async () => {
    stored = mongo.db("collationPretest").collection<Stored>("stored");
    ns = `${stored.dbName}.${stored.collectionName}`;
    await stored.insertMany(
      PLACES.map(({ _id, name, region }) => ({ _id, name, addr: { region }, notes: "x".repeat(2_000) })),
    );
  });

  async function scanned(filter: Document, collation?: CollationOptions): Promise<unknown[]> {
    let found: Document[] = [];
    const examined = await examinedBy(ns, async () => {
      found = await stored
        .find(filter, collation ? { collation } : {})
        .sort({ _id: 1 })
        .toArray();
    });
    expect(examined).toBe(PLACES.length);
    return ids(found);
  }

  it("matches a dotted path under the collation and binary without one", async () => {
    expect(await scanned({ "addr.region": "ancash" }, ES1)).toEqual([1, 2, 3, 4]);
    expect(await scanned({ "addr.region": "ancash" })).toEqual([3]);
  });

  it("matches $or branches on different fields under the collation", async () => {
    expect(await scanned({ $or: [{ name: "pena" }, { "addr.region": "lima" }] }, ES1)).toEqual([
      2, 4, 5, 6, 7,
    ]);
  });

  it("excludes by $nin and $ne under the collation", async () => {
    expect(await scanned({ name: { $nin: ["pena", "peña"] } }, ES1)).toEqual([5, 6, 7, 8]);
    expect(await scanned({ name: { $nin: ["pena", "peña"] } })).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(await scanned({ name: { $ne: "PENA" }, "addr.region": { $ne: "lima" } }, ES1)).toEqual([1, 3, 8]);
  });
});

describe("collation on views", () => {
  let db: Db;

  beforeAll(async () => {
    db = mongo.db("collationViews");
    await db.collection<Place>("places").insertMany(PLACES);
    await db.command({ create: "binaryView", viewOn: "places", pipeline: [] });
    await db.command({ create: "spanishView", viewOn: "places", pipeline: [], collation: ES1 });
  });

  it("refuses to override a view's default collation with OptionNotSupportedOnView, as MongoDB does", async () => {
    const commands: Document[] = [
      { find: "binaryView", filter: { name: "pena" }, collation: ES1 },
      { count: "binaryView", query: { name: "pena" }, collation: ES1 },
      { distinct: "binaryView", key: "name", collation: ES1 },
      { aggregate: "binaryView", pipeline: [], cursor: {}, collation: ES1 },
      { find: "spanishView", collation: ES2 },
      { find: "spanishView", collation: { locale: "simple" } },
    ];
    for (const command of commands) {
      const error = await failure(() => db.command(command));
      expect(error.codeName).toBe("OptionNotSupportedOnView");
      expect(error.code).toBe(167);
    }
  });

  it("reads a view without a collation by binary comparison, and accepts naming simple again", async () => {
    const view = db.collection<Place>("binaryView");
    expect(ids(await view.find({ name: "pena" }).toArray())).toEqual([]);
    const simple = { collation: { locale: "simple" } };
    expect(ids(await view.find({ name: "PENA" }, simple).toArray())).toEqual([2]);
  });

  it("reads a view under its own collation by default or named again", async () => {
    const view = db.collection<Place>("spanishView");
    expect(ids(await view.find({ name: "pena" }).sort({ _id: 1 }).toArray())).toEqual([2, 4]);
    expect(ids(await view.find({ name: "pena" }, { collation: ES1 }).sort({ _id: 1 }).toArray())).toEqual([
      2, 4,
    ]);
    expect(await view.countDocuments({ region: "ancash" })).toBe(4);
    const counted = await db.command({ count: "spanishView", query: { region: "lima" } });
    expect(counted.n).toBe(3);
    expect(await view.distinct("region")).toHaveLength(3);
    const matched = await view.aggregate([{ $match: { name: "PENA" } }, { $sort: { _id: 1 } }]).toArray();
    expect(ids(matched)).toEqual([2, 4]);
  });
});

describe("collation on disk", () => {
  it("keeps a collection's default collation and a collated unique index across a restart", async () => {
    const dbPath = await mkdtemp(join(tmpdir(), "embedded-mongo-collation-"));
    try {
      const run = async <T>(use: (db: Db) => Promise<T>): Promise<T> => {
        const server = await startEmbeddedMongo({ dbPath });
        const client = await MongoClient.connect(server.uri);
        try {
          return await use(client.db("padron"));
        } finally {
          await client.close();
          await server.stop();
        }
      };
      await run(async (db) => {
        await db.createCollection("titulares", { collation: ES1 });
        const titulares = db.collection<{ _id: number; nombre: string; region?: string }>("titulares");
        await titulares.createIndex({ nombre: 1 }, { unique: true, collation: ES2 });
        await titulares.insertMany([
          { _id: 1, nombre: "Peña", region: "ÁNCASH" },
          { _id: 2, nombre: "Pena", region: "ancash" },
        ]);
      });
      await run(async (db) => {
        const titulares = db.collection<{ _id: number; nombre: string; region?: string }>("titulares");
        expect(await titulares.countDocuments({ region: "Ancash" })).toBe(2);
        const error = await failure(() => titulares.insertOne({ _id: 3, nombre: "PEÑA" }));
        expect(error.code).toBe(11000);
        const index = (await titulares.listIndexes().toArray()).find((each) => each.name === "nombre_1");
        expect(index?.collation).toMatchObject({ locale: "es", strength: 2 });
      });
    } finally {
      await rm(dbPath, { recursive: true, force: true });
    }
  });
});

describe("invalid collation documents", () => {
  let places: Collection<Place>;

  beforeAll(async () => {
    places = mongo.db("collation_invalid").collection<Place>("places");
    await places.insertOne({ _id: 1, name: "x" });
  });

  const cases: [string, Document, number, string, RegExp][] = [
    ["an unknown locale", { locale: "xx" }, 2, "BadValue", /Field 'locale' is invalid/],
    ["a locale with an unsupported country", { locale: "es_PE" }, 2, "BadValue", /Did you mean 'es'/],
    ["an empty locale", { locale: "" }, 2, "BadValue", /cannot be the empty string/],
    ["a missing locale", { strength: 1 }, 4, "NoSuchKey", /Missing expected field "locale"/],
    ["a locale of the wrong type", { locale: 1 }, 14, "TypeMismatch", /"locale" had the wrong type/],
    ["strength 0", { locale: "es", strength: 0 }, 9, "FailedToParse", /integer 1 through 5/],
    ["strength 6", { locale: "es", strength: 6 }, 9, "FailedToParse", /integer 1 through 5/],
    ["a string strength", { locale: "es", strength: "1" }, 14, "TypeMismatch", /"strength" had/],
    ["an unknown field", { locale: "es", strangth: 1 }, 9, "FailedToParse", /unknown field/],
    ["a bad caseFirst", { locale: "es", caseFirst: "up" }, 9, "FailedToParse", /'caseFirst' must be/],
    [
      "caseFirst at strength 1",
      { locale: "es", strength: 1, caseFirst: "upper" },
      2,
      "BadValue",
      /caseFirst/,
    ],
    ["a non-boolean caseLevel", { locale: "es", caseLevel: 1 }, 14, "TypeMismatch", /"caseLevel"/],
    ["a bad alternate", { locale: "es", alternate: "none" }, 9, "FailedToParse", /'alternate' must be/],
    ["backwards at strength 1", { locale: "fr_CA", strength: 1 }, 2, "BadValue", /'backwards' is invalid/],
    ["simple with options", { locale: "simple", strength: 1 }, 9, "FailedToParse", /no other fields/],
    ["another ICU version", { locale: "es", version: "60.1" }, 161, "IncompatibleCollationVersion", /57\.1/],
  ];

  for (const [what, collation, code, codeName, message] of cases) {
    it(`refuses ${what} with ${codeName}`, async () => {
      const error = await failure(() =>
        places.find({}, { collation: collation as CollationOptions }).toArray(),
      );
      expect(error.code).toBe(code);
      expect(error.codeName).toBe(codeName);
      expect(error.message).toMatch(message);
    });
  }

  it("refuses an invalid collation on every command that takes one", async () => {
    const bad = { locale: "xx" } as CollationOptions;
    const runs: (() => Promise<unknown>)[] = [
      () => places.countDocuments({ name: "x" }, { collation: bad }),
      () => places.distinct("name", {}, { collation: bad }),
      () => places.aggregate([], { collation: bad }).toArray(),
      () => places.findOneAndUpdate({}, { $set: { a: 1 } }, { collation: bad }),
      () => places.createIndex({ name: 1 }, { collation: bad }),
      () => mongo.db("collation_invalid").createCollection("bad", { collation: bad }),
    ];
    for (const run of runs) expect((await failure(run)).code).toBe(2);
    const update = await places.updateOne({}, { $set: { a: 1 } }, { collation: bad }).then(
      () => undefined,
      (e: unknown) => e as MongoServerError,
    );
    expect(update?.code).toBe(2);
    const removal = await places.deleteOne({}, { collation: bad }).then(
      () => undefined,
      (e: unknown) => e as MongoServerError,
    );
    expect(removal?.code).toBe(2);
    expect(await places.countDocuments()).toBe(1);
  });
});
