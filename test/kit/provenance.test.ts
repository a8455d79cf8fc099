import { describe, expect, it } from "vitest";
import {
  enteredProvenance,
  sourceCounterUpdate,
  sourceKey,
  sumSources,
  syntheticProvenance,
  type SourceCounter,
} from "../../packages/kit/src/index.ts";

const asOf = new Date("2025-06-30T00:00:00Z");
const reinfo = { kind: "OFFICIAL", dataset: "reinfo.csv sha256:ab12", source: "MINEM", asOf } as const;
const demo = syntheticProvenance({
  dataset: "tinkuy-demo:formalization",
  asOf,
  modelledOn: "REINFO totals, MINEM 2025",
});

describe("provenance in the kit", () => {
  it("says what synthetic data is modelled on, and dates an editor's record by the day it was written, naming the agency", () => {
    expect(demo).toMatchObject({ kind: "SYNTHETIC", source: "Tinkuy demo-data generator", url: null });
    expect(demo.note).toBe("synthetic, modelled on REINFO totals, MINEM 2025");
    const entered = enteredProvenance({ agency: "DGFM", at: new Date("2025-03-04T18:30:00Z") });
    expect(entered).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: "DGFM",
      url: null,
      asOf: new Date("2025-03-04T00:00:00Z"),
      licence: null,
      // Public: the agency's role, never the person (staff read who in recordedBy and the audit log).
      note: "entered through the API by an editor of DGFM",
    });
  });

  it("keys a dataset by kind, name, source and date, in a field name MongoDB accepts", () => {
    expect(sourceKey(reinfo)).toBe(sourceKey({ ...reinfo }));
    expect(sourceKey(reinfo)).not.toBe(sourceKey({ ...reinfo, asOf: new Date("2025-07-31T00:00:00Z") }));
    expect(sourceKey(reinfo)).not.toBe(sourceKey({ ...reinfo, kind: "SYNTHETIC" }));
    expect(sourceKey(reinfo)).toMatch(/^s[A-Za-z0-9_]{16}$/);
  });

  it("counts records under their dataset in a counter update, and sums shares over counter documents", () => {
    const update = sourceCounterUpdate(reinfo, 2);
    const key = sourceKey(reinfo);
    expect(update.$inc).toEqual({ [`sources.${key}.records`]: 2 });
    expect(update.$set).toMatchObject({
      [`sources.${key}.kind`]: "OFFICIAL",
      [`sources.${key}.source`]: "MINEM",
    });
    const entry = (p: typeof reinfo | typeof demo, records: number): Record<string, SourceCounter> => ({
      [sourceKey(p)]: { kind: p.kind, dataset: p.dataset, source: p.source, asOf: p.asOf, records },
    });
    const shares = sumSources([
      entry(reinfo, 2),
      { ...entry(reinfo, 3), ...entry(demo, 7) },
      entry(demo, -7),
      null,
    ]);
    expect(shares).toEqual([
      { kind: "OFFICIAL", dataset: "reinfo.csv sha256:ab12", source: "MINEM", asOf, records: 5 },
    ]);
  });
});
