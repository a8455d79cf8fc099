import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetName, importExitCode, PlaceMatcher, RejectionReport } from "../../packages/kit/src/index.ts";

// The tabular reader's tests are in tabular.test.ts.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-import-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the import scaffolding", () => {
  it("writes a report with a BOM, the code column, quoting and formulas made inert", async () => {
    const path = join(dir, "report.csv");
    const report = await RejectionReport.open(path, { separator: ";", codeColumn: "ID" });
    await report.add({ line: 3, code: "=SUM(A1)", field: "ESTE", reason: "not a number; see" });
    await report.add({ id: "feature-7", field: "geometry", reason: "open ring" });
    await report.close();
    expect(await readFile(path, "utf8")).toBe(
      '\uFEFFline;ID;field;reason\n3;\'=SUM(A1);ESTE;"not a number; see"\nfeature-7;;geometry;open ring\n',
    );
    expect(report.count).toBe(2);
  });

  it("names datasets by file name and digest, matches places with or without accents, and exits 0/2/1", async () => {
    expect(datasetName("/a/b/anexo.xlsx", "ab")).toBe("anexo.xlsx sha256:ab");
    const places = new PlaceMatcher({ department: "REGION", province: "PROVINCIA", district: "DISTRITO" });
    const match = places.match("Junín", "HUANCAYO", "El Tambo");
    expect("district" in match && match.district.ubigeo).toBe("120114");
    expect(places.match("JUNIN", "HUANCAYO", "NINGUNO")).toMatchObject({ field: "DISTRITO" });
    expect(places.match("ATLANTIDA", "X", "Y")).toMatchObject({ field: "REGION" });
    expect(importExitCode({ rejected: 0, interrupted: false })).toBe(0);
    expect(importExitCode({ rejected: 3, interrupted: false })).toBe(2);
    expect(importExitCode({ rejected: 0, interrupted: true })).toBe(1);
  });
});
