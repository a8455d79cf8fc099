import { describe, expect, it } from "vitest";
import { FIGURE_COLUMNS } from "../../gateway/src/routes/export-columns.ts";
import { notesText } from "../../gateway/src/routes/export-layout.ts";
import { fixedText, roundAs } from "../../gateway/src/routes/export-number.ts";
import type { ExportRegion, Figures } from "../../gateway/operations/export-query.ts";
import {
  exportRequest,
  type BadParameter,
  type ExportRequest,
} from "../../gateway/src/routes/export-request.ts";
import { exportTable } from "../../gateway/src/routes/export-table.ts";

const request = (search: string, format: "csv" | "xlsx" = "csv") =>
  exportRequest(new URLSearchParams(search), format);

describe("exportRequest", () => {
  it("defaults to the departments, and to the level below a parent given alone", () => {
    expect(request("from=2025-01-01&to=2025-12-31")).toMatchObject({
      level: "DEPARTMENT",
      parent: null,
      granularity: null,
      lang: "es",
      separator: ",",
    });
    expect(request("from=2025-01-01&to=2025-12-31&parent=17")).toMatchObject({ level: "PROVINCE" });
    expect(request("from=2025-01-01&to=2025-12-31&parent=1701")).toMatchObject({ level: "DISTRICT" });
    // Peru as a parent is all of Peru.
    expect(request("from=2025-01-01&to=2025-12-31&parent=00")).toMatchObject({
      level: "DEPARTMENT",
      parent: null,
    });
  });

  it("names the parameter at fault, separator only for the CSV", () => {
    expect(request("from=2025-01-01&to=2025-12-31&level=DISTRICT&parent=170101")).toMatchObject({
      field: "level",
    });
    expect(request("from=2025-01-01&to=2025-12-31&separator=%3B", "xlsx")).toMatchObject({
      field: "separator",
    });
    expect(request("from=2025-01-01&to=2025-12-31&separator=%3B", "csv")).toMatchObject({
      separator: ";",
    });
  });
});

describe("exportRequest's series size", () => {
  // A day after every bucket of the periods below, so that none is left out for starting after today.
  const today = new Date("2026-06-15T00:00:00Z");
  const series = (search: string) => exportRequest(new URLSearchParams(search), "csv", today);

  it("refuses Peru's districts by month, naming granularity and saying to pick a parent or a coarser one", () => {
    const refused = series("level=DISTRICT&from=2024-01-01&to=2025-12-31&granularity=MONTH");
    expect(refused).toMatchObject({ field: "granularity" });
    const { message } = refused as BadParameter;
    expect(message).toContain("45,384 rows (1,891 districts × 24 months), more than the 10,000");
    expect(message).toContain("choose a parent (fewer regions), a coarser granularity or a shorter period");
    // By quarter for two years is still too many (15,128); the XLSX is refused the same way.
    expect(series("level=DISTRICT&from=2024-01-01&to=2025-12-31&granularity=QUARTER")).toMatchObject({
      field: "granularity",
    });
    expect(
      exportRequest(
        new URLSearchParams("level=DISTRICT&from=2024-01-01&to=2025-12-31&granularity=MONTH"),
        "xlsx",
        today,
      ),
    ).toMatchObject({ field: "granularity" });
  });

  it("answers what fits: a department's districts by month, Peru's districts by year or without buckets", () => {
    // Lima's 171 districts by month for two years: 4,104 rows.
    expect(series("level=DISTRICT&parent=15&from=2024-01-01&to=2025-12-31&granularity=MONTH")).toMatchObject({
      parent: "15",
      granularity: "MONTH",
    });
    expect(series("level=DISTRICT&from=2024-01-01&to=2025-12-31&granularity=YEAR")).toMatchObject({
      granularity: "YEAR",
    });
    expect(series("level=DISTRICT&from=2024-01-01&to=2025-12-31")).toMatchObject({ granularity: null });
    // The departments by month over the longest period: 25 × 360 = 9,000 rows.
    expect(series("from=1996-01-01&to=2025-12-31&granularity=MONTH")).toMatchObject({ level: "DEPARTMENT" });
  });

  it("counts only the buckets up to today: a period reaching into the future is not refused for its empty months", () => {
    // Peru's districts by month from 2025-11-01 to the end of 2030: 2 months up to today (1,891 × 2 rows).
    const early = new Date("2025-12-10T00:00:00Z");
    const params = new URLSearchParams("level=DISTRICT&from=2025-11-01&to=2030-12-31&granularity=MONTH");
    expect(exportRequest(params, "csv", early)).toMatchObject({ granularity: "MONTH" });
    expect(exportRequest(params, "csv", today)).toMatchObject({ field: "granularity" });
  });
});

describe("roundAs", () => {
  it("rounds as the dashboard's Intl formatters do, from the figure's shortest decimal form", () => {
    // toFixed would give 1.00 and 12.4: the doubles lie just below the halves.
    expect(roundAs(1.005, "ratio")).toBe(1.01);
    expect(roundAs(0.1245, "percent")).toBe(12.5);
    expect(roundAs(101.90217391304348, "ratio")).toBe(101.9);
    expect(roundAs("752108992.705", "money")).toBe(752108992.71);
    expect(roundAs(0.4567, "percent")).toBe(45.7);
    expect(roundAs(null, "count")).toBeNull();
    expect(fixedText(101.9, "ratio")).toBe("101.90");
    expect(fixedText(45.7, "percent")).toBe("45.7");
    expect(fixedText(1234567, "count")).toBe("1234567");
  });
});

const figures = (fields: Record<string, unknown>): Figures => ({ sources: [], ...fields });

/** A region whose every part answered, with the given fields over zeros. */
function region(ubigeo: string, parts: Partial<Record<keyof ExportRegion, Figures | null>> = {}) {
  return {
    ubigeo,
    name: `R${ubigeo}`,
    formalization: figures({ total: 1, active: 1, suspended: 0, excluded: 0, formalized: 0 }),
    eradication: figures({ operations: 0, value: "0", arrests: 0, outposts: [] }),
    recovery: figures({ hectaresDegraded: 0, hectaresRestored: 0, restorationRatio: null }),
    livelihoods: figures({ activeProjects: 0, beneficiaries: { total: 0, women: 0, formerMiners: 0 } }),
    services: figures({
      activeProjects: 0,
      executed: "0.00",
      yearlyAccrualsOutsidePeriodMonths: "0.00",
      population: 0,
      executedPerInhabitant: null,
    }),
    indicators: figures({
      formalizationRate: 0,
      restoredPerDegradedHectare: null,
      investmentExecutedPerActiveRecord: "0.00",
      operationsPerMillionSolesInvested: null,
    }),
    ...parts,
  } as ExportRegion;
}

const base = request("from=2025-01-01&to=2025-12-31") as ExportRequest;
const column = (id: string) => FIGURE_COLUMNS.findIndex((c) => c.id === id);

describe("exportTable", () => {
  it("notes each empty cell with its reason: reserved, pillar down, no denominator", () => {
    const table = exportTable(
      base,
      [
        region("02", { recovery: null }),
        region("01", {
          eradication: figures({ operations: 0, value: "0", arrests: 0, outposts: null }),
        }),
      ],
      [
        { message: "", path: ["regions", 1, "eradication", "outposts"], extensions: { code: "FORBIDDEN" } },
        { message: "", extensions: { code: "SUBGRAPH_UNAVAILABLE", pillar: "recovery" } },
      ],
    );
    // Rows in code order whatever the answer's.
    expect(table.rows.map((row) => row.ubigeo)).toEqual(["01", "02"]);
    const [first, second] = table.rows;
    expect(first?.values[column("outposts")]).toBeNull();
    expect(notesText(first!, "es")).toContain(
      "Erradicación: Puestos de vigilancia: no disponible para su rol",
    );
    expect(notesText(second!, "es")).toContain(
      "Hectáreas restauradas: el pilar Recuperación ambiental no respondió",
    );
    // recovery is down for every region: the indicators needing it are noted so, not as without denominator.
    expect(notesText(first!, "es")).toContain(
      "Restauradas por degradada: el pilar Recuperación ambiental no respondió",
    );
    expect(notesText(first!, "es")).not.toContain("Operativos:");
    expect(table.warnings).toEqual([
      "recovery SUBGRAPH_UNAVAILABLE",
      "regions.eradication.outposts FORBIDDEN",
    ]);
  });

  it("says a ratio without denominator is one", () => {
    const [row] = exportTable(base, [region("01")], []).rows;
    const notes = notesText(row!, "es").split("; ");
    expect(notes).toContain(
      "Restauradas por degradada: sin denominador (no se detectaron hectáreas degradadas en el periodo)",
    );
    expect(notes).toContain(
      "Operativos por 1000 vigentes: sin denominador (ningún registro REINFO vigente al cierre del periodo)",
    );
    // Public investment's: nothing accrued, no population.
    expect(notes).toContain(
      "Operativos por millón de soles invertidos: sin denominador (no se devengó inversión pública en el periodo)",
    );
    expect(notes).toContain(
      "Devengado por habitante (S/): sin denominador (la región no tiene población censada por el INEI)",
    );
    // A figure the answer has is never noted.
    expect(notes.some((note) => note.startsWith("Operativos:"))).toBe(false);
    expect(notes.some((note) => note.startsWith("Inversión devengada por vigente"))).toBe(false);
  });

  it("empties public investment's ratios, not the others', when the services pillar does not answer", () => {
    const [row] = exportTable(
      request("from=2025-01-01&to=2025-12-31&lang=en") as ExportRequest,
      [region("01", { services: null, indicators: figures({ formalizationRate: 0 }) })],
      [{ message: "", extensions: { code: "SUBGRAPH_UNAVAILABLE", pillar: "services" } }],
    ).rows;
    const notes = notesText(row!, "en").split("; ");
    const down = "the Public investment (local infrastructure and services) pillar did not answer";
    expect(notes).toContain(`Investments in execution: ${down}`);
    expect(notes).toContain(`Operations per million soles invested: ${down}`);
    expect(notes).toContain(`Investment accrued per active record (S/): ${down}`);
    expect(notes).toContain(
      `Public investment (local infrastructure and services): Population (INEI): ${down}`,
    );
    expect(row?.values[column("activeRecords")]).toBe(1);
  });

  it("finds a series point's error at its own index, and writes one row per bucket", () => {
    const series = (points: Figures[]): Figures => ({ series: points });
    const point = (from: string, to: string, fields: Record<string, unknown>) =>
      figures({ from, to, partial: false, ...fields });
    const quarterly = request("from=2025-01-01&to=2025-06-30&granularity=QUARTER") as ExportRequest;
    const eradication = series([
      point("2025-01-01", "2025-03-31", { operations: 1, value: "1", arrests: 0, outposts: [{}] }),
      point("2025-04-01", "2025-06-30", { operations: 2, value: "2", arrests: 0, outposts: null }),
    ]);
    const table = exportTable(
      quarterly,
      [region("01", { eradication })],
      [
        {
          message: "",
          path: ["regions", 0, "eradication", "series", 1, "outposts"],
          extensions: { code: "FORBIDDEN" },
        },
      ],
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(table.rows.map((row) => [row.bucket?.from, row.values[column("operations")]])).toEqual([
      ["2025-01-01", 1],
      ["2025-04-01", 2],
    ]);
    expect(table.rows.map((row) => row.values[column("outposts")])).toEqual([1, null]);
    expect(notesText(table.rows[1]!, "es")).toContain("Puestos de vigilancia: no disponible para su rol");
  });
});
