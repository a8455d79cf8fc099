import { MongoClient } from "mongodb";
import { regionCatalog } from "@tinkuy/kit";

/** What the scenarios draw their variables from, read from the seeded databases before measuring. */
export interface Fixtures {
  /** The 25 departments' UBIGEO codes. */
  departments: string[];
  /** Operators' RUCs, those the other pillars reference first, then REINFO's suspended and excluded ones. */
  rucs: string[];
  /** Codes of ACTIVE REINFO records, each to be written once in the whole run. */
  activeCodes: string[];
}

const MAX_RUCS = 2_000;

/** A fixed shuffle (xorshift32), so two runs ask for the same RUCs in the same order. */
function shuffled<T>(items: T[], seed = 2025): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Reads the fixtures through the official driver (the bench never goes through the subgraphs for this). */
export async function readFixtures(uri: string): Promise<Fixtures> {
  const client = await MongoClient.connect(uri);
  try {
    const records = client.db("formalization").collection("reinfo_records");
    const referenced = new Set<string>(
      [
        ...(await client.db("eradication").collection("enforcement_operations").distinct("targetRucs")),
        ...(await client.db("recovery").collection("mining_liabilities").distinct("responsibleRuc")),
        ...(await client.db("livelihoods").collection("enrollments").distinct("ruc")),
      ].filter((ruc): ruc is string => typeof ruc === "string"),
    );
    const inReinfo = (await records.distinct("M_RUC", {
      ESTADO: { $in: ["EXCLUIDO", "SUSPENDIDO"] },
    })) as string[];
    const first = shuffled(inReinfo.filter((ruc) => referenced.has(ruc)));
    const rest = shuffled(inReinfo.filter((ruc) => !referenced.has(ruc)));
    const active = await records
      .find({ ESTADO: "VIGENTE" }, { projection: { _id: 0, COD_REINFO: 1 } })
      .toArray();
    return {
      departments: regionCatalog()
        .list({ level: "DEPARTMENT" })
        .map((region) => region.ubigeo),
      rucs: [...first, ...rest].slice(0, MAX_RUCS),
      activeCodes: shuffled(active.map((record) => String(record["COD_REINFO"]))),
    };
  } finally {
    await client.close();
  }
}
