/**
 * `node --max-semi-space-size=64 --expose-gc --import tsx bench/db-memory-direct.ts [SRC] [DOCS] [SECONDS]`:
 * the embedded engine's memory with a REINFO-sized collection loaded directly (no wire, no seeding code):
 * DOCS (default 861,210, scale 10) records of the registry's shape and size with its seven indexes, then
 * SECONDS (default 20) of lookups like a page of the registry and the operator view's (by RUC, by code, a
 * page by department and status), profiled in-process. Prints RSS and heap after two full collections, the
 * data's BSON size, lookups per second and the share of profile samples in the garbage collector. SRC is the
 * engine's source folder (default packages/embedded-mongo/src), so another version can be measured the same way.
 * It asserts nothing.
 */
import { Session } from "node:inspector";
import { resolve } from "node:path";
import { BSON, ObjectId, type Document } from "bson";
import { pino } from "pino";
import type * as EngineTypes from "../packages/embedded-mongo/src/engine/engine.ts";
import type * as FindTypes from "../packages/embedded-mongo/src/engine/find.ts";
import type * as WriteTypes from "../packages/embedded-mongo/src/engine/write.ts";

const src = resolve(process.argv[2] ?? "packages/embedded-mongo/src");
const DOCS = Number(process.argv[3] ?? "861210");
const SECONDS = Number(process.argv[4] ?? "20");
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("needs node --expose-gc");

type EngineModule = typeof EngineTypes;
type WriteModule = typeof WriteTypes;
type FindModule = typeof FindTypes;
const { Engine } = (await import(`${src}/engine/engine.ts`)) as EngineModule;
const { insertDocument } = (await import(`${src}/engine/write.ts`)) as WriteModule;
const { findDocuments } = (await import(`${src}/engine/find.ts`)) as FindModule;

const STATES = ["VIGENTE", "SUSPENDIDO", "EXCLUIDO", "FORMALIZADO"];
const depa = (i: number) => String(1 + (i % 25)).padStart(2, "0");
function record(i: number): Document {
  const d = depa(i);
  const entry = (k: number) => ({
    status: STATES[(i + k) % 4],
    at: new Date(Date.UTC(2020, 0, 1) + (i + k) * 3_600_000),
    reason: `Cambio de estado registrado por la DGFM para el expediente ${i}-${k}, con sustento en la resolución directoral correspondiente`,
    legalBasis: "D.L. 1293 y su reglamento, artículo 4",
    recordedBy: `analyst-${i % 97}`,
    provenance: {
      source: "reinfo-import",
      dataset: "reinfo-2024",
      row: i,
      importedAt: new Date(Date.UTC(2024, 5, 1)),
    },
  });
  return {
    _id: new ObjectId(),
    COD_REINFO: `R${String(i).padStart(8, "0")}`,
    M_RUC: `10${String(40_000_000 + Math.floor(i / 2)).padStart(9, "0")}`,
    NOMBRE_MIN: `MINERO ARTESANAL NUMERO ${i} DE LA COOPERATIVA ${i % 1000}`,
    NOMBRE_REP: `REPRESENTANTE LEGAL ${i % 5000}`,
    ID_UNIDAD: `U${i}`,
    NOMBRE_DM: `DERECHO MINERO ${i % 20000} - ${d}`,
    ID_DEPA: d,
    ID_PROV: `${d}${String(1 + (i % 9)).padStart(2, "0")}`,
    ID_DIST: `${d}${String(1 + (i % 9)).padStart(2, "0")}${String(1 + (i % 13)).padStart(2, "0")}`,
    TIPO_ACT: i % 3 === 0 ? "EXPLOTACION" : "BENEFICIO",
    ESTADO: STATES[i % 4],
    A_INSCRIPCION: 2017 + (i % 8),
    LATITUD_G84: -12 - (i % 1000) / 100,
    LONGITUD_G84: -75 - (i % 700) / 100,
    FECHA_ACTUALIZACION: new Date(Date.UTC(2024, 0, 1) + i * 1000),
    history: [entry(0), entry(1), entry(2)],
    provenance: {
      source: "reinfo-import",
      dataset: "reinfo-2024",
      row: i,
      importedAt: new Date(Date.UTC(2024, 5, 1)),
    },
    registrationKey: `reg-${i}`,
    registrationHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    createdAt: new Date(Date.UTC(2024, 5, 1)),
    updatedAt: new Date(Date.UTC(2024, 5, 1) + i),
    __v: 0,
  };
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
function memory(): Document {
  collect?.();
  collect?.();
  const usage = process.memoryUsage();
  return {
    rssMiB: mib(usage.rss),
    heapUsedMiB: mib(usage.heapUsed),
    arrayBuffersMiB: mib(usage.arrayBuffers),
  };
}

const engine = await Engine.open({ logger: pino({ level: "silent" }) });
const coll = engine.createCollection("formalization", "reinfo_records", {});
for (const [name, key, extra] of [
  ["COD_REINFO_1", { COD_REINFO: 1 }, { unique: true }],
  ["M_RUC_1", { M_RUC: 1 }, {}],
  ["ID_DEPA_1", { ID_DEPA: 1 }, {}],
  ["ID_PROV_1", { ID_PROV: 1 }, {}],
  ["ID_DIST_1", { ID_DIST: 1 }, {}],
  ["ESTADO_1", { ESTADO: 1 }, {}],
  ["registrationKey_1", { registrationKey: 1 }, { unique: true, sparse: true }],
] as const) {
  coll.createIndex({ name, key, ...extra });
}
const started = performance.now();
let bsonBytes = 0;
for (let i = 0; i < DOCS; i++) {
  const doc = record(i);
  bsonBytes += BSON.calculateObjectSize(doc);
  insertDocument(coll, doc);
}
const loadSeconds = (performance.now() - started) / 1000;
const loaded = memory();

const session = new Session();
session.connect();
const post = (method: string): Promise<Document> =>
  new Promise((ok, fail) =>
    session.post(method, (error, result) => (error ? fail(error) : ok(result as Document))),
  );
await post("Profiler.enable");
await post("Profiler.start");
let lookups = 0;
const until = performance.now() + SECONDS * 1000;
let i = 0;
while (performance.now() < until) {
  for (let k = 0; k < 20; k++, i++) {
    const n = (i * 7919) % DOCS;
    findDocuments(coll, {
      filter: { M_RUC: `10${String(40_000_000 + Math.floor(n / 2)).padStart(9, "0")}` },
    });
    findDocuments(coll, { filter: { COD_REINFO: `R${String(n).padStart(8, "0")}` } });
    lookups += 2;
  }
  findDocuments(coll, {
    filter: { ID_DEPA: depa(i), ESTADO: STATES[i % 4] },
    skip: (i % 20) * 50,
    limit: 50,
  });
  lookups += 1;
  await new Promise((ok) => setImmediate(ok));
}
const { profile } = (await post("Profiler.stop")) as {
  profile: { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[] };
};
const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
let gc = 0;
let idle = 0;
for (const id of profile.samples) {
  const name = names.get(id);
  if (name === "(garbage collector)") gc++;
  else if (name === "(idle)" || name === "(program)") idle++;
}
const afterLoad = memory();
const bsonMiB = mib(bsonBytes);
console.log(
  JSON.stringify(
    {
      src,
      docs: DOCS,
      bsonMiB,
      loadSeconds: Math.round(loadSeconds),
      loaded,
      afterLoad,
      rssOverBson: Math.round((afterLoad["rssMiB"] / bsonMiB) * 100) / 100,
      lookupsPerSecond: Math.round(lookups / SECONDS),
      gcShareOfSamples: Math.round((gc / profile.samples.length) * 1000) / 1000,
      gcShareOfBusySamples: Math.round((gc / (profile.samples.length - idle)) * 1000) / 1000,
    },
    null,
    2,
  ),
);
