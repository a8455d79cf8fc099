import { createHash } from "node:crypto";
import { sourceKey, type ProvenanceDoc } from "@tinkuy/kit";
import { afterEach, describe, expect, it } from "vitest";
import { CounterChange, type CountedProject } from "../../subgraphs/services/src/counters.ts";

// Counts the SHA-256 digests made (the kit's sourceKey makes one per call).
const hashProto = Object.getPrototypeOf(createHash("sha256")) as { digest: (...a: unknown[]) => unknown };
const digest = hashProto.digest;
let digests = 0;
hashProto.digest = function (this: unknown, ...args: unknown[]) {
  digests++;
  return digest.apply(this, args);
};
afterEach(() => {
  hashProto.digest = digest;
});

const provenance = (dataset: string): ProvenanceDoc => ({
  kind: "OFFICIAL",
  source: "MEF, Banco de Inversiones (datos abiertos)",
  dataset,
  url: null,
  licence: null,
  note: null,
  asOf: new Date("2025-05-30T00:00:00.000Z"),
});

/** A dataset's entry in a counter document: its description and its records. */
const counted = (p: ProvenanceDoc, records: number) => ({
  kind: p.kind,
  dataset: p.dataset,
  source: p.source,
  asOf: p.asOf,
  records,
});

function investment(i: number, p: ProvenanceDoc): CountedProject {
  return {
    districts: ["170101"],
    functionCode: "18",
    executionStartedOn: new Date("2024-03-15T00:00:00.000Z"),
    closedOn: null,
    execution: [1, 2, 3].map((month) => ({ year: 2025, month, accruedCents: 100 * i, provenance: p })),
    provenance: p,
  };
}

describe("CounterChange", () => {
  it("computes each dataset's source key once, however many investments, accruals and levels count it", () => {
    const a = provenance("A.csv");
    digests = 0;
    const change = new CounterChange();
    for (let i = 1; i <= 200; i++) change.add(investment(i, i % 2 ? a : { ...a }), 1);
    change.add(investment(1, provenance("B.csv")), 1);
    const docs = change.documents();
    // Two datasets (A as one object and as copies of it, B): two digests, not one per accrual and level.
    expect(digests).toBe(2);
    const year = docs.find((doc) => doc._id === "170101|2025");
    expect(year?.accrualSources?.["m01"]).toEqual({
      [sourceKey(a)]: counted(a, 200),
      [sourceKey(provenance("B.csv"))]: counted(provenance("B.csv"), 1),
    });
    const started = docs.find((doc) => doc._id === "1701|2024");
    expect(started?.startSources?.["d0315"]?.[sourceKey(a)]).toEqual(counted(a, 200));
    expect(docs.find((doc) => doc._id === "17")?.startSources?.["y2024"]?.[sourceKey(a)]?.records).toBe(200);
  });
});
