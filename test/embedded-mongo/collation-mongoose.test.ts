import mongoose, { Schema, type Connection, type Model } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";

interface Titular {
  nombre: string;
  region: string;
  ruc: string;
}

const ES1 = { locale: "es", strength: 1 };

const TITULARES: Titular[] = [
  { nombre: "PEÑA", region: "ÁNCASH", ruc: "10" },
  { nombre: "Pena", region: "Ancash", ruc: "9" },
  { nombre: "peña", region: "ancash", ruc: "100" },
  { nombre: "Nuñez", region: "Lima", ruc: "2" },
  { nombre: "Ñandú", region: "LIMA", ruc: "20" },
];

let server: EmbeddedMongo;
let connection: Connection;
let Titulares: Model<Titular>;

beforeAll(async () => {
  server = await startEmbeddedMongo();
  connection = await mongoose.createConnection(server.uri, { dbName: "collation_mongoose" }).asPromise();
  const schema = new Schema<Titular>({ nombre: String, region: String, ruc: String });
  schema.index({ region: 1 }, { collation: ES1 });
  Titulares = connection.model<Titular>("Titular", schema);
  await Titulares.init();
  await Titulares.insertMany(TITULARES);
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

describe("mongoose queries with a collation", () => {
  it("finds accent- and case-insensitively with .collation({ locale: 'es', strength: 1 })", async () => {
    const found = await Titulares.find({ region: "ancash" }).collation(ES1).sort({ ruc: 1 }).lean();
    // The sort runs under the collation too: "10" < "100" < "9" without numericOrdering.
    expect(found.map((t) => t.nombre)).toEqual(["PEÑA", "peña", "Pena"]);
    // ñ stays a letter of its own in Spanish.
    const penas = await Titulares.find({ nombre: "pena" }).collation(ES1).lean();
    expect(penas.map((t) => t.nombre)).toEqual(["Pena"]);
    expect(await Titulares.find({ region: "ancash" }).lean()).toHaveLength(1);
  });

  it("counts, sorts and gets distinct values under the collation", async () => {
    expect(await Titulares.countDocuments({ region: "LIMA" }).collation(ES1)).toBe(2);
    const byName = await Titulares.find({ region: "lima" }).collation(ES1).sort({ nombre: 1 }).lean();
    expect(byName.map((t) => t.nombre)).toEqual(["Nuñez", "Ñandú"]);
    const numeric = await Titulares.find()
      .collation({ locale: "es", numericOrdering: true })
      .sort({ ruc: 1 })
      .lean();
    expect(numeric.map((t) => t.ruc)).toEqual(["2", "9", "10", "20", "100"]);
    const regions = await Titulares.distinct("region").collation(ES1);
    expect(regions).toHaveLength(2);
  });

  it("groups under the collation in an aggregate", async () => {
    const rows = await Titulares.aggregate<{ _id: string; n: number }>([
      { $group: { _id: "$region", n: { $sum: 1 } } },
      { $sort: { n: -1 } },
    ]).collation(ES1);
    expect(rows.map((r) => r.n)).toEqual([3, 2]);
  });

  it("updates and deletes under the collation", async () => {
    const updated = await Titulares.updateMany(
      { region: "ancash" },
      { $set: { region: "Áncash" } },
    ).collation(ES1);
    expect(updated.modifiedCount).toBe(3);
    const one = await Titulares.findOneAndUpdate(
      { nombre: "ÑANDU" },
      { $set: { ruc: "21" } },
      { collation: ES1, new: true },
    ).lean();
    expect(one?.ruc).toBe("21");
    // "nunez" is not "Nuñez" in Spanish; "NUÑEZ" is at strength 1.
    expect((await Titulares.deleteMany({ nombre: "nunez" }).collation(ES1)).deletedCount).toBe(0);
    const deleted = await Titulares.deleteMany({ nombre: "NUÑEZ" }).collation(ES1);
    expect(deleted.deletedCount).toBe(1);
    expect(await Titulares.countDocuments({ region: "Áncash" })).toBe(3);
  });

  it("keeps the schema's collated index through syncIndexes", async () => {
    const indexes = await Titulares.listIndexes();
    const region = indexes.find((index) => index.name === "region_1");
    expect(region?.collation).toMatchObject({ locale: "es", strength: 1 });
    expect(await Titulares.syncIndexes()).toEqual([]);
  });
});

describe("a mongoose schema's default collation", () => {
  it("creates the collection with it and runs every query under it", async () => {
    const schema = new Schema<Titular>(
      { nombre: String, region: String, ruc: String },
      { collation: ES1, collection: "titulares_es" },
    );
    const Spanish = connection.model<Titular>("TitularEs", schema);
    await Spanish.init();
    await Spanish.insertMany(TITULARES);
    expect(await Spanish.countDocuments({ region: "ANCASH" })).toBe(3);
    const info = await connection.db?.listCollections({ name: "titulares_es" }).toArray();
    expect(
      (info?.[0] as { options?: { collation?: unknown } } | undefined)?.options?.collation,
    ).toMatchObject(ES1);
  });
});
