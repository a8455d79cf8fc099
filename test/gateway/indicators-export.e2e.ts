import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARTS } from "../../gateway/operations/export-query.ts";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { post } from "./support.ts";

/**
 * `/exports/indicators.csv` and `/exports/indicators.xlsx` over HTTP against a seeded hub: every cell is checked
 * against the API's answer to the same query, column by column, as this file (not the export's code) maps the
 * dashboard's labels to the API's fields.
 */

const PERIOD = { from: "2025-01-01", to: "2025-12-31" };
const QUERY = `from=${PERIOD.from}&to=${PERIOD.to}`;

let hub: Hub;
const base = () => hub.gatewayUrl.replace(/\/graphql$/, "");

beforeAll(async () => {
  hub = await startHub({ scale: 0.2 });
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

/** GETs a gateway path as `viewer` (no token for the public). */
async function get(path: string, viewer: Viewer) {
  const token = viewer.role === "PUBLIC" ? undefined : `Bearer ${await tokenFor(viewer)}`;
  const response = await fetch(`${base()}${path}`, { headers: token ? { authorization: token } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString("utf8") };
}

/** The region view, written here independently of the export's own query. */
const REGION_VIEW = `query($level: RegionLevel!, $parent: ID, $period: PeriodInput!, $asOf: Date) {
  regions(level: $level, parent: $parent) {
    ubigeo
    name
    formalization(asOf: $asOf) { total active suspended excluded formalized }
    eradication(period: $period) { operations value arrests outposts { id } }
    recovery(period: $period) { hectaresDegraded hectaresRestored restorationRatio }
    livelihoods(period: $period) { activeProjects beneficiaries { total women formerMiners } }
    services(period: $period) {
      activeProjects executed executedPerInhabitant yearlyAccrualsOutsidePeriodMonths population
    }
    indicators(period: $period) {
      formalizationRate operationsPerThousandActiveRecords valueSeizedPerActiveRecord restoredPerDegradedHectare
      degradedHectaresPerActiveRecord formerMinerBeneficiariesPerExcludedRecord
      investmentExecutedPerActiveRecord operationsPerMillionSolesInvested
    }
  }
}`;

type Api = Record<string, Record<string, unknown> | null> & { ubigeo: string; name: string };

/** The API's answer to the region view for a level and parent, REINFO as of the period's last day. */
async function api(viewer: Viewer, level: string, parent: string | null): Promise<Api[]> {
  const answer = await post(
    hub.gatewayUrl,
    { query: REGION_VIEW, variables: { level, parent, period: PERIOD, asOf: PERIOD.to } },
    { viewer },
  );
  const regions = answer.body.data?.["regions"] as Api[] | undefined;
  if (!regions) throw new Error(`the region view failed: ${answer.text}`);
  return regions;
}

type Kind = "count" | "money" | "hectares" | "ratio" | "percent";
const DIGITS: Record<Kind, number> = { count: 0, money: 2, hectares: 2, ratio: 2, percent: 1 };

/** Each figure column: its header (the dashboard's label), where the API has it, and how it is rounded. */
const COLUMNS: [string, Kind, (r: Api) => unknown][] = [
  ["REINFO vigentes", "count", (r) => r["formalization"]?.["active"]],
  ["Tasa de formalización (%)", "percent", (r) => r["indicators"]?.["formalizationRate"]],
  ["Operativos", "count", (r) => r["eradication"]?.["operations"]],
  ["Valor destruido o incautado (S/)", "money", (r) => r["eradication"]?.["value"]],
  ["Operativos por 1000 vigentes", "ratio", (r) => r["indicators"]?.["operationsPerThousandActiveRecords"]],
  ["Valor por inscripción vigente (S/)", "money", (r) => r["indicators"]?.["valueSeizedPerActiveRecord"]],
  ["Hectáreas degradadas", "hectares", (r) => r["recovery"]?.["hectaresDegraded"]],
  ["Hectáreas restauradas", "hectares", (r) => r["recovery"]?.["hectaresRestored"]],
  ["Restauradas por degradada", "ratio", (r) => r["indicators"]?.["restoredPerDegradedHectare"]],
  ["Ha degradadas por vigente", "ratio", (r) => r["indicators"]?.["degradedHectaresPerActiveRecord"]],
  ["Proyectos activos", "count", (r) => r["livelihoods"]?.["activeProjects"]],
  [
    "Beneficiarios",
    "count",
    (r) => (r["livelihoods"]?.["beneficiaries"] as Record<string, number>)?.["total"],
  ],
  [
    "Exmineros beneficiarios por excluido",
    "ratio",
    (r) => r["indicators"]?.["formerMinerBeneficiariesPerExcludedRecord"],
  ],
  [
    "Inversión devengada por vigente (S/)",
    "money",
    (r) => r["indicators"]?.["investmentExecutedPerActiveRecord"],
  ],
  [
    "Operativos por millón de soles invertidos",
    "ratio",
    (r) => r["indicators"]?.["operationsPerMillionSolesInvested"],
  ],
  ["Erradicación: Detenidos", "count", (r) => r["eradication"]?.["arrests"]],
  [
    "Erradicación: Puestos de vigilancia",
    "count",
    (r) => (r["eradication"]?.["outposts"] as unknown[] | null | undefined)?.length,
  ],
  ["Formalización (REINFO): Total", "count", (r) => r["formalization"]?.["total"]],
  ["Formalización (REINFO): Suspendidos", "count", (r) => r["formalization"]?.["suspended"]],
  ["Formalización (REINFO): Excluidos", "count", (r) => r["formalization"]?.["excluded"]],
  ["Formalización (REINFO): Formalizados", "count", (r) => r["formalization"]?.["formalized"]],
  [
    "Recuperación ambiental: Restauración por degradación",
    "ratio",
    (r) => r["recovery"]?.["restorationRatio"],
  ],
  [
    "Medios de vida alternativos: Mujeres",
    "count",
    (r) => (r["livelihoods"]?.["beneficiaries"] as Record<string, number>)?.["women"],
  ],
  [
    "Medios de vida alternativos: Exmineros",
    "count",
    (r) => (r["livelihoods"]?.["beneficiaries"] as Record<string, number>)?.["formerMiners"],
  ],
  ["Inversiones en ejecución", "count", (r) => r["services"]?.["activeProjects"]],
  ["Inversión pública devengada (S/)", "money", (r) => r["services"]?.["executed"]],
  ["Devengado por habitante (S/)", "money", (r) => r["services"]?.["executedPerInhabitant"]],
  [
    "Inversión pública (infraestructura y servicios locales): Devengado anual sin mes, fuera del periodo (S/)",
    "money",
    (r) => r["services"]?.["yearlyAccrualsOutsidePeriodMonths"],
  ],
  [
    "Inversión pública (infraestructura y servicios locales): Población (INEI)",
    "count",
    (r) => r["services"]?.["population"],
  ],
];

/** A figure as the dashboard shows it (its Intl rounding), in the CSV's text: `45.7`, `2.50`; null: none. */
function shown(value: unknown, kind: Kind): string | null {
  if (value === null || value === undefined) return null;
  const digits = DIGITS[kind];
  const text = new Intl.NumberFormat("en-US", {
    style: kind === "percent" ? "percent" : "decimal",
    useGrouping: false,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Number(value));
  return text.replace("%", "");
}

/** The figures a row of the export must hold for a region of the API, as CSV text. */
const expectedFigures = (region: Api) => COLUMNS.map(([, kind, read]) => shown(read(region), kind));

/** A CSV answer back: header and rows, every field as text (empty: null), and which fields were quoted. */
function readCsv(bytes: Buffer, separator: "," | ";" = ",") {
  const records = parse(bytes, {
    bom: true,
    delimiter: separator,
    record_delimiter: "\r\n",
    info: true,
    raw: true,
  }) as unknown as { record: string[]; raw: string }[];
  const [header, ...rest] = records.map((r) => r.record);
  const rows = rest.map((record) => record.map((value) => (value === "" ? null : value)));
  return { header: header ?? [], rows, raw: records.slice(1).map((r) => r.raw) };
}

/** The data sheet of an XLSX answer: header, rows of cell values, and the cells themselves. */
async function readXlsx(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  const values = (row: ExcelJS.Row) =>
    Array.from({ length: sheet.columnCount }, (_, i) => {
      const value = row.getCell(i + 1).value;
      return value === undefined || value === "" ? null : value;
    });
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => n > 1 && rows.push(row));
  return {
    workbook,
    sheet,
    header: values(sheet.getRow(1)) as string[],
    rows: rows.map(values),
    cells: rows,
  };
}

/** The XLSX's number for a figure the CSV writes as `text` (a percentage is a fraction formatted with %). */
const asCellNumber = (text: string | null, kind: Kind) =>
  text === null ? null : kind === "percent" ? Number(`${text}e-2`) : Number(text);

describe("GET /exports/indicators.csv and .xlsx", () => {
  it("give an analyst Madre de Dios's provinces (level PROVINCE, parent 17) with the API's figures in both files", async () => {
    const regions = await api(viewers.analyst, "PROVINCE", "17");
    expect(regions.length).toBeGreaterThan(2);
    const csv = await get(`/exports/indicators.csv?${QUERY}&level=PROVINCE&parent=17`, viewers.analyst);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="tinkuy-indicadores-17-provincia-2025-01-01_2025-12-31.csv"',
    );
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, rows } = readCsv(csv.bytes);
    expect(header.slice(0, 2)).toEqual(["UBIGEO", "Provincia"]);
    expect(header.slice(2, 2 + COLUMNS.length)).toEqual(COLUMNS.map(([name]) => name));
    expect(header.slice(-3)).toEqual(["Notas", "Fuentes", "Aviso"]);
    expect(rows.map((row) => row.slice(0, 2 + COLUMNS.length))).toEqual(
      regions.map((r) => [r.ubigeo, r.name, ...expectedFigures(r)]),
    );
    // Something happened in 2025 there, and a rate is a percentage with one decimal, not a fraction.
    const rate = header.indexOf("Tasa de formalización (%)");
    expect(rows.some((row) => Number(row[rate]) > 1)).toBe(true);
    expect(rows.every((row) => row[rate] === null || /^\d+\.\d$/.test(row[rate] ?? ""))).toBe(true);

    const xlsx = await get(`/exports/indicators.xlsx?${QUERY}&level=PROVINCE&parent=17`, viewers.analyst);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const book = await readXlsx(xlsx.bytes);
    expect(book.header).toEqual(header);
    expect(book.rows.map((row) => row.slice(0, 2 + COLUMNS.length))).toEqual(
      regions.map((r) => [
        r.ubigeo,
        r.name,
        ...expectedFigures(r).map((text, i) => asCellNumber(text, COLUMNS[i]?.[1] ?? "count")),
      ]),
    );
    // Real number cells in the dashboard's formats, the header row frozen, columns sized.
    const cells = book.cells[0];
    expect(cells?.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(cells?.getCell(rate + 1).numFmt).toBe("0.0%");
    expect(book.sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(book.sheet.getColumn(2).width).toBeGreaterThan(15);
    expect(book.workbook.worksheets.map((s) => s.name)).toEqual(["Indicadores", "Notas", "Fuentes"]);
  });

  it("keep an Amazonas district's UBIGEO 01…: a quoted CSV field and an XLSX text cell formatted @", async () => {
    const regions = await api(viewers.analyst, "DISTRICT", "01");
    const csv = await get(`/exports/indicators.csv?${QUERY}&level=DISTRICT&parent=01`, viewers.analyst);
    const { header, rows, raw } = readCsv(csv.bytes);
    expect(header[1]).toBe("Distrito");
    expect(rows.map((row) => row.slice(0, 2 + COLUMNS.length))).toEqual(
      regions.map((r) => [r.ubigeo, r.name, ...expectedFigures(r)]),
    );
    expect(rows[0]?.[0]).toBe("010101");
    // Text quoted, numbers bare: a reader that types by quoting keeps the code as text.
    expect(raw[0]).toMatch(/^"010101","Chachapoyas",\d/);

    const xlsx = await readXlsx(
      (await get(`/exports/indicators.xlsx?${QUERY}&level=DISTRICT&parent=01`, viewers.analyst)).bytes,
    );
    expect(xlsx.rows.map((row) => row[0])).toEqual(regions.map((r) => r.ubigeo));
    for (const row of xlsx.cells) {
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(1).numFmt).toBe("@");
    }
  });

  it("leave the outposts empty for the public and say why in the row's notes and on the Notas sheet", async () => {
    const regions = await api(viewers.public, "DEPARTMENT", null);
    const csv = await get(`/exports/indicators.csv?${QUERY}`, viewers.public);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="tinkuy-indicadores-2025-01-01_2025-12-31.csv"',
    );
    expect(csv.headers.get("x-tinkuy-warnings")).toBe("regions.eradication.outposts FORBIDDEN");
    const { header, rows } = readCsv(csv.bytes);
    expect(rows).toHaveLength(25);
    expect(rows.map((row) => row.slice(0, 2 + COLUMNS.length))).toEqual(
      regions.map((r) => [r.ubigeo, r.name, ...expectedFigures(r)]),
    );
    const outposts = header.indexOf("Erradicación: Puestos de vigilancia");
    const notes = header.indexOf("Notas");
    for (const row of rows) {
      expect(row[outposts]).toBeNull();
      expect(row[notes]).toContain(
        "Erradicación: Puestos de vigilancia: no disponible para su rol (las reglas de acceso lo reservan)",
      );
    }

    const book = await readXlsx((await get(`/exports/indicators.xlsx?${QUERY}`, viewers.public)).bytes);
    expect(book.rows.map((row) => row[outposts])).toEqual(Array(25).fill(null));
    const noted = book.workbook.getWorksheet("Notas");
    const listed: unknown[][] = [];
    noted?.eachRow((row, n) => n > 3 && listed.push((row.values as unknown[]).slice(1)));
    expect(listed.filter((row) => row[2] === "Erradicación: Puestos de vigilancia")).toEqual(
      regions.map((r) => [
        r.ubigeo,
        r.name,
        "Erradicación: Puestos de vigilancia",
        "no disponible para su rol (las reglas de acceso lo reservan)",
      ]),
    );
    // Public investment is public data: the public sees it, and 2025 accrued some in some department.
    const executed = header.indexOf("Inversión pública devengada (S/)");
    expect(rows.some((row) => Number(row[executed]) > 0)).toBe(true);
    expect(rows.every((row) => row[executed] !== null)).toBe(true);
    // The analyst sees them.
    const analyst = readCsv((await get(`/exports/indicators.csv?${QUERY}`, viewers.analyst)).bytes);
    expect(analyst.rows.some((row) => Number(row[outposts]) > 0)).toBe(true);
  });

  it("give Peru as a whole (level COUNTRY, UBIGEO 00) as the API answers it", async () => {
    const regions = await api(viewers.analyst, "COUNTRY", null);
    expect(regions.map((r) => r.ubigeo)).toEqual(["00"]);
    const csv = await get(`/exports/indicators.csv?${QUERY}&level=COUNTRY`, viewers.analyst);
    expect(csv.status).toBe(200);
    const { header, rows } = readCsv(csv.bytes);
    expect(header[1]).toBe("País");
    expect(rows.map((row) => row.slice(0, 2 + COLUMNS.length))).toEqual(
      regions.map((r) => [r.ubigeo, r.name, ...expectedFigures(r)]),
    );
    const book = await readXlsx(
      (await get(`/exports/indicators.xlsx?${QUERY}&level=COUNTRY`, viewers.analyst)).bytes,
    );
    expect(book.rows.map((row) => row.slice(0, 2 + COLUMNS.length))).toEqual(
      regions.map((r) => [
        r.ubigeo,
        r.name,
        ...expectedFigures(r).map((text, i) => asCellNumber(text, COLUMNS[i]?.[1] ?? "count")),
      ]),
    );
  });

  it("say a ratio is empty for want of a denominator, not leave it blank", async () => {
    const regions = await api(viewers.analyst, "PROVINCE", null);
    const index = regions.findIndex((r) => r["indicators"]?.["restoredPerDegradedHectare"] === null);
    expect(index).toBeGreaterThanOrEqual(0);
    const { header, rows } = readCsv(
      (await get(`/exports/indicators.csv?${QUERY}&level=PROVINCE`, viewers.analyst)).bytes,
    );
    expect(rows).toHaveLength(regions.length);
    const row = rows[index] ?? [];
    expect(row[0]).toBe(regions[index]?.ubigeo);
    expect(row[header.indexOf("Restauradas por degradada")]).toBeNull();
    expect(row[header.indexOf("Notas")]).toContain(
      "Restauradas por degradada: sin denominador (no se detectaron hectáreas degradadas en el periodo)",
    );
  });

  it("end each row with its datasets and the synthetic notice, and say on the Fuentes sheet what the file is", async () => {
    const es = readCsv((await get(`/exports/indicators.csv?${QUERY}`, viewers.public)).bytes);
    const counted = es.rows.filter((row) => row.at(-2) !== null);
    expect(counted.length).toBeGreaterThan(20);
    for (const row of counted) {
      for (const dataset of String(row.at(-2)).split("; ")) expect(dataset).toMatch(/^SYNTHETIC \S+/);
      expect(row.at(-1)).toBe("Contiene datos sintéticos de demostración: no son cifras oficiales");
    }
    const en = await get(`/exports/indicators.xlsx?${QUERY}&lang=en`, viewers.public);
    const book = await readXlsx(en.bytes);
    expect(book.header.slice(0, 3)).toEqual(["UBIGEO", "Department", "Active REINFO records"]);
    expect(book.header.slice(-3)).toEqual(["Notes", "Sources", "Notice"]);
    expect(en.headers.get("content-disposition")).toContain("tinkuy-indicators-2025-01-01_2025-12-31.xlsx");
    const sources = book.workbook.getWorksheet("Sources");
    const text: string[] = [];
    sources?.eachRow((row) => text.push((row.values as unknown[]).slice(1).join(" | ")));
    expect(text).toContain("Notice | Contains synthetic demo data: not official figures");
    expect(text).toContain("Period | 2025-01-01 – 2025-12-31");
    expect(text).toContain("REINFO | REINFO: the registry as of 2025-12-31");
    expect(text).toContain("View | public: aggregate figures only");
    expect(text.some((line) => /^Generated on \| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/.test(line))).toBe(
      true,
    );
    expect(text).toContain("Synthetic (demo) | tinkuy-demo:eradication");
    expect(text).toContain("Eradication: Security outposts | Region.eradication(period).outposts (count)");
  });

  it("write `;` with decimal commas on request, the same figures", async () => {
    const comma = readCsv((await get(`/exports/indicators.csv?${QUERY}`, viewers.analyst)).bytes);
    const answer = await get(`/exports/indicators.csv?${QUERY}&separator=%3B`, viewers.analyst);
    const semicolon = readCsv(answer.bytes, ";");
    expect(
      semicolon.rows.map((row) => row.map((v) => v?.replace(/^(-?\d+),(\d+)$/, "$1.$2") ?? null)),
    ).toEqual(comma.rows);
    expect(answer.text).toMatch(/;\d+,\d+;/);
    expect(answer.text).not.toMatch(/;-?\d+\.\d+;/);
  });

  it("leave a stopped pillar's columns empty, each noted, the other pillars' figures intact", async () => {
    await hub.stopSubgraph("recovery");
    try {
      for (const format of ["csv", "xlsx"] as const) {
        const answer = await get(`/exports/indicators.${format}?${QUERY}`, viewers.analyst);
        expect(answer.status).toBe(200);
        expect(answer.headers.get("x-tinkuy-warnings")).toContain("recovery SUBGRAPH_UNAVAILABLE");
      }
      const { header, rows } = readCsv(
        (await get(`/exports/indicators.csv?${QUERY}`, viewers.analyst)).bytes,
      );
      const restored = header.indexOf("Hectáreas restauradas");
      const perDegraded = header.indexOf("Restauradas por degradada");
      const operations = header.indexOf("Operativos");
      const notes = header.indexOf("Notas");
      expect(rows.map((r) => [r[restored], r[perDegraded]])).toEqual(Array(25).fill([null, null]));
      expect(rows.every((r) => r[operations] !== null)).toBe(true);
      for (const row of rows) {
        expect(row[notes]).toContain("Hectáreas restauradas: el pilar Recuperación ambiental no respondió");
        expect(row[notes]).toContain(
          "Restauradas por degradada: el pilar Recuperación ambiental no respondió",
        );
      }
    } finally {
      await hub.restartSubgraph("recovery");
    }
  });

  it("answer a bad parameter with 400 naming it", async () => {
    const cases: [string, string, string?][] = [
      ["to=2025-12-31", "from"],
      ["from=2025-02-30&to=2025-12-31", "from"],
      ["from=2025-01-01", "to"],
      ["from=2025-06-01&to=2025-01-01", "to"],
      ["from=1990-01-01&to=2025-01-01", "to"],
      [`${QUERY}&level=REGION`, "level"],
      [`${QUERY}&level=DEPARTMENT&parent=17`, "level"],
      [`${QUERY}&level=COUNTRY&parent=17`, "level"],
      [`${QUERY}&parent=1`, "parent"],
      [`${QUERY}&parent=99`, "parent"],
      [`${QUERY}&granularity=WEEK`, "granularity"],
      // Peru's 1,891 districts by month for two years: refused up front, not a 503 after the subgraph timeout.
      ["from=2023-01-01&to=2024-12-31&level=DISTRICT&granularity=MONTH", "granularity"],
      [`${QUERY}&lang=qu`, "lang"],
      [`${QUERY}&separator=%7C`, "separator"],
      [`${QUERY}&nivel=PROVINCE`, "nivel"],
      [`${QUERY}&level=PROVINCE&level=DISTRICT`, "level"],
      [`${QUERY}&separator=%3B`, "separator", "xlsx"],
    ];
    for (const [search, field, only] of cases) {
      for (const format of only ? [only] : ["csv", "xlsx"]) {
        const answer = await get(`/exports/indicators.${format}?${search}`, viewers.analyst);
        expect(answer.status, `${format} ${search}`).toBe(400);
        expect(JSON.parse(answer.text), search).toMatchObject({
          errors: [
            { message: expect.stringContaining(field), extensions: { code: "BAD_USER_INPUT", field } },
          ],
        });
      }
    }
  });
});

/** Each part's series over the period, written here independently of the export's own query. */
const SERIES_VIEW = `query($level: RegionLevel!, $parent: ID, $period: PeriodInput!, $granularity: Granularity!) {
  regions(level: $level, parent: $parent) {
    ubigeo
    name
    formalization {
      series(granularity: $granularity, period: $period) { from to total active suspended excluded formalized }
    }
    eradication(period: $period) {
      series(granularity: $granularity) { from to operations value arrests outposts { id } }
    }
    recovery(period: $period) {
      series(granularity: $granularity) { from to hectaresDegraded hectaresRestored restorationRatio }
    }
    livelihoods(period: $period) {
      series(granularity: $granularity) { from to activeProjects beneficiaries { total women formerMiners } }
    }
    services(period: $period) {
      series(granularity: $granularity) {
        from to activeProjects executed executedPerInhabitant yearlyAccrualsOutsidePeriodMonths population
      }
    }
    indicators(period: $period) {
      series(granularity: $granularity) {
        from to partial formalizationRate operationsPerThousandActiveRecords valueSeizedPerActiveRecord
        restoredPerDegradedHectare degradedHectaresPerActiveRecord formerMinerBeneficiariesPerExcludedRecord
        investmentExecutedPerActiveRecord operationsPerMillionSolesInvested
      }
    }
  }
}`;

type Point = Record<string, unknown> & { from: string; to: string; partial?: boolean };
type SeriesRegion = { ubigeo: string; name: string } & Record<string, { series: Point[] } | null>;

/**
 * The rows a series export must hold for the API's series: per region, per bucket of the indicators' series, the
 * bucket's days, whether it is partial, and each part's point of that bucket read as a region of the plain view.
 */
async function expectedSeries(
  viewer: Viewer,
  level: string,
  parent: string | null,
  period: { from: string; to: string },
  granularity: string,
): Promise<(string | null)[][]> {
  const answer = await post(
    hub.gatewayUrl,
    { query: SERIES_VIEW, variables: { level, parent, period, granularity } },
    { viewer },
  );
  const regions = answer.body.data?.["regions"] as SeriesRegion[] | undefined;
  if (!regions) throw new Error(`the series view failed: ${answer.text}`);
  const parts = PARTS;
  return regions.flatMap((region) =>
    (region["indicators"]?.series ?? []).map((bucket) => {
      const point = Object.fromEntries(
        parts.map((part) => [part, region[part]?.series.find((p) => p.from === bucket.from) ?? null]),
      );
      const row = { ...point, ubigeo: region.ubigeo, name: region.name } as Api;
      return [
        region.ubigeo,
        region.name,
        bucket.from,
        bucket.to,
        bucket.partial ? "Sí" : "No",
        ...expectedFigures(row),
      ];
    }),
  );
}

describe("GET /exports/indicators.csv and .xlsx with a granularity", () => {
  it("give one row per province of Madre de Dios and month, each part's series point of that month", async () => {
    const period = { from: "2024-07-01", to: "2025-06-30" };
    const expected = await expectedSeries(viewers.analyst, "PROVINCE", "17", period, "MONTH");
    expect(expected.length).toBeGreaterThanOrEqual(3 * 12);
    const search = `from=${period.from}&to=${period.to}&level=PROVINCE&parent=17&granularity=MONTH`;
    const csv = await get(`/exports/indicators.csv?${search}`, viewers.analyst);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="tinkuy-indicadores-17-provincia-2024-07-01_2025-06-30-mes.csv"',
    );
    const { header, rows } = readCsv(csv.bytes);
    expect(header.slice(0, 5)).toEqual(["UBIGEO", "Provincia", "Desde", "Hasta", "Parcial"]);
    expect(rows.map((row) => row.slice(0, 5 + COLUMNS.length))).toEqual(expected);
    // Region code, then bucket; some month had operations.
    expect(rows.map((row) => `${row[0]} ${row[2]}`)).toEqual(rows.map((row) => `${row[0]} ${row[2]}`).sort());
    expect(rows.some((row) => Number(row[header.indexOf("Operativos")]) > 0)).toBe(true);

    const book = await readXlsx((await get(`/exports/indicators.xlsx?${search}`, viewers.analyst)).bytes);
    expect(book.rows.map((row) => row.slice(0, 5 + COLUMNS.length))).toEqual(
      expected.map(([ubigeo, name, from, to, partial, ...figures]) => [
        ubigeo,
        name,
        new Date(`${from}T00:00:00Z`),
        new Date(`${to}T00:00:00Z`),
        partial,
        ...figures.map((text, i) => asCellNumber(text, COLUMNS[i]?.[1] ?? "count")),
      ]),
    );
  });

  it("mark the quarter holding today partial and leave out the quarters not begun, for Peru as a whole", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const period = { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` };
    const expected = await expectedSeries(viewers.public, "COUNTRY", null, period, "QUARTER");
    const search = `from=${period.from}&to=${period.to}&level=COUNTRY&granularity=QUARTER`;
    const { header, rows } = readCsv((await get(`/exports/indicators.csv?${search}`, viewers.public)).bytes);
    expect(rows.map((row) => row.slice(0, 5 + COLUMNS.length))).toEqual(expected);
    // The public's outposts are empty in every point, each noted as reserved.
    for (const row of rows) {
      expect(row[header.indexOf("Erradicación: Puestos de vigilancia")]).toBeNull();
      expect(row[header.indexOf("Notas")]).toContain(
        "Erradicación: Puestos de vigilancia: no disponible para su rol",
      );
    }
    // Last year's four quarters and this year's up to today's; only the last is partial.
    const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
    expect(rows).toHaveLength(4 + quarter + 1);
    expect(rows.map((row) => row[4])).toEqual([...Array(4 + quarter).fill("No"), "Sí"]);
    expect(rows.every((row) => (row[2] ?? "") <= today)).toBe(true);
  });
});
