import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { post } from "./support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PERIOD = { from: "2025-01-01", to: "2025-12-31" };

let hub: Hub;
let dir: string;
const base = () => hub.gatewayUrl.replace(/\/graphql$/, "");

beforeAll(async () => {
  hub = await startHub({ scale: 0.2 });
  dir = await mkdtemp(join(tmpdir(), "tinkuy-exports-"));
});
afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** GETs a gateway path as `viewer` (no token for the public), or with a raw authorization header. */
async function get(path: string, viewer: Viewer, authorization?: string) {
  const token = viewer.role === "PUBLIC" ? undefined : `Bearer ${await tokenFor(viewer)}`;
  const auth = authorization ?? token;
  const response = await fetch(`${base()}${path}`, {
    headers: { "x-request-id": "export-test-0001", ...(auth ? { authorization: auth } : {}) },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString("utf8") };
}

const identifiers = (xml: string) =>
  [...xml.matchAll(/<iati-identifier>([^<]+)<\/iati-identifier>/g)].map((m) => m[1] ?? "");

describe("GET /exports/iati.xml", () => {
  let all: string[] = [];

  it("streams an admin the whole portfolio as an IATI 2.03 attachment", async () => {
    const answer = await get("/exports/iati.xml", viewers.admin);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe(
      'attachment; filename="tinkuy-iati-activities.xml"',
    );
    expect(answer.headers.get("x-request-id")).toBe("export-test-0001");
    expect(answer.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\s*<iati-activities version="2.03"/,
    );
    const listed = await post(
      hub.gatewayUrl,
      { query: "{ livelihoodProjects(first: 100) { totalCount edges { node { iatiIdentifier } } } }" },
      { viewer: viewers.admin },
    );
    const connection = listed.body.data?.["livelihoodProjects"] as {
      totalCount: number;
      edges: { node: { iatiIdentifier: string } }[];
    };
    all = identifiers(answer.text);
    expect(connection.totalCount).toBeGreaterThan(3);
    expect(all).toEqual(connection.edges.map((e) => e.node.iatiIdentifier));
    expect(answer.headers.get("x-iati-activities")).toBe(String(all.length));
  });

  it("gives a donor exactly the projects `Donor.projects` lists for it", async () => {
    const donors = await post(
      hub.gatewayUrl,
      { query: "{ donors { ref projects { iatiIdentifier } } }" },
      { viewer: viewers.admin },
    );
    const list = donors.body.data?.["donors"] as { ref: string; projects: { iatiIdentifier: string }[] }[];
    const donor = list.find((d) => d.projects.length > 0 && d.projects.length < all.length);
    if (!donor) throw new Error("the seed has no donor funding part of the portfolio");
    const answer = await get("/exports/iati.xml", viewers.donor(donor.ref));
    expect(answer.status).toBe(200);
    expect(identifiers(answer.text)).toEqual(donor.projects.map((p) => p.iatiIdentifier));
    expect(answer.text).toContain("<transaction>");
  });

  it("refuses the public with 403, a bad token with 401, and passes a bad donor reference's 400 on", async () => {
    const anonymous = await get("/exports/iati.xml", viewers.public);
    expect(anonymous.status).toBe(403);
    expect(JSON.parse(anonymous.text)).toMatchObject({ errors: [{ extensions: { code: "FORBIDDEN" } }] });
    const forged = await get("/exports/iati.xml", viewers.public, "Bearer not.a.token");
    expect(forged.status).toBe(401);
    const bad = await get("/exports/iati.xml?donor=%20", viewers.analyst);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ errors: [{ extensions: { field: "donor" } }] });
  });
});

const REGION_VIEW = `query($period: PeriodInput!) {
  regions {
    ubigeo
    name
    formalization { total active suspended excluded formalized formalizationRate }
    eradication(period: $period) { operations value arrests outposts { id } }
    recovery(period: $period) { hectaresDegraded hectaresRestored restorationRatio }
    livelihoods(period: $period) { activeProjects beneficiaries { total women formerMiners } }
    indicators(period: $period) {
      activeRecords operationsPerThousandActiveRecords valueSeizedPerActiveRecord restoredPerDegradedHectare
      degradedHectaresPerActiveRecord formerMinerBeneficiariesPerExcludedRecord
    }
  }
}`;

type Figure = number | string | null;
interface ApiRegion {
  ubigeo: string;
  name: string;
  formalization: Record<string, Figure>;
  eradication: { operations: number; value: string; arrests: number; outposts: unknown[] | null };
  recovery: Record<string, Figure>;
  livelihoods: { activeProjects: number; beneficiaries: Record<string, number> };
  indicators: Record<string, Figure>;
}

/** What the CSV's row should hold for a region the API returned, column by column (null: an empty cell). */
function expectedRow(r: ApiRegion): Figure[] {
  const i = r.indicators;
  return [
    r.ubigeo,
    r.name,
    ...[
      "activeRecords",
      "operationsPerThousandActiveRecords",
      "valueSeizedPerActiveRecord",
      "restoredPerDegradedHectare",
      "degradedHectaresPerActiveRecord",
      "formerMinerBeneficiariesPerExcludedRecord",
    ].map((k) => i[k] ?? null),
    ...["total", "active", "suspended", "excluded", "formalized", "formalizationRate"].map(
      (k) => r.formalization[k] ?? null,
    ),
    r.eradication.operations,
    r.eradication.value,
    r.eradication.arrests,
    r.eradication.outposts?.length ?? null,
    ...["hectaresDegraded", "hectaresRestored", "restorationRatio"].map((k) => r.recovery[k] ?? null),
    r.livelihoods.activeProjects,
    r.livelihoods.beneficiaries["total"] ?? null,
    r.livelihoods.beneficiaries["women"] ?? null,
    r.livelihoods.beneficiaries["formerMiners"] ?? null,
  ];
}

/** Parses a CSV answer back (BOM, the separator, and a decimal comma with `;`) into header and figures. */
function readCsv(bytes: Buffer, separator: "," | ";"): { header: string[]; rows: Figure[][] } {
  const records = parse(bytes, { bom: true, delimiter: separator, record_delimiter: "\r\n" }) as string[][];
  const [header = [], ...rest] = records;
  const rows = rest.map((record) =>
    record.map((value, column): Figure => {
      if (value === "" || column < 2) return value === "" ? null : value;
      return separator === ";" ? value.replace(",", ".") : value;
    }),
  );
  return { header, rows };
}

/** A row's figures without its last two cells, the sources and the notice (checked on their own). */
const withoutProvenance = (row: Figure[]) => row.slice(0, -2);

/** The API's figure as the CSV writes it (exact decimals as strings, numbers in JavaScript's shortest form). */
const asText = (figure: Figure) => (figure === null ? null : String(figure));

async function api(viewer: Viewer): Promise<ApiRegion[]> {
  const answer = await post(
    hub.gatewayUrl,
    { query: REGION_VIEW, variables: { period: PERIOD } },
    { viewer },
  );
  return answer.body.data?.["regions"] as ApiRegion[];
}

describe("GET /exports/indicators.csv", () => {
  const query = `?from=${PERIOD.from}&to=${PERIOD.to}`;

  it("gives an analyst the 25 departments with the API's figures, UTF-8 with BOM and CRLF", async () => {
    const answer = await get(`/exports/indicators.csv${query}`, viewers.analyst);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe(
      'attachment; filename="tinkuy-indicadores-2025-01-01_2025-12-31.csv"',
    );
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(answer.text.split("\r\n")).toHaveLength(27); // header, 25 departments, the final CRLF
    expect(answer.text.replaceAll("\r\n", "")).not.toContain("\n");
    expect(answer.headers.get("x-tinkuy-warnings")).toBeNull();
    const { header, rows } = readCsv(answer.bytes, ",");
    expect(header.slice(0, 3)).toEqual(["UBIGEO", "Departamento", "Registros REINFO vigentes"]);
    expect(header).toContain("Hectáreas restauradas");
    const regions = await api(viewers.analyst);
    expect(regions).toHaveLength(25);
    expect(rows.map(withoutProvenance)).toEqual(regions.map((r) => expectedRow(r).map(asText)));
    // Accents survive: Junín, Huánuco, San Martín, Apurímac are departments.
    expect(rows.map((r) => r[1])).toEqual(
      expect.arrayContaining(["Junín", "Huánuco", "San Martín", "Apurímac"]),
    );
    // The period and the figures are real: something happened in 2025.
    expect(rows.some((r) => Number(r[15]) > 0)).toBe(true);
  });

  it("ends each row with the datasets behind it and, for demo data, a notice that it is synthetic", async () => {
    const es = readCsv((await get(`/exports/indicators.csv${query}`, viewers.public)).bytes, ",");
    expect(es.header.slice(-2)).toEqual(["Fuentes", "Aviso"]);
    // The seeded hub is demo data from every pillar, and says so on every row that counts any record (a
    // department with no record in the period has no source, and nothing to warn about).
    const counted = es.rows.filter((row) => row.at(-2) !== null);
    expect(counted.length).toBeGreaterThan(20);
    for (const row of es.rows) {
      if (row.at(-2) === null) {
        expect(row.at(-1)).toBeNull();
        continue;
      }
      for (const dataset of String(row.at(-2)).split("; ")) expect(dataset).toMatch(/^SYNTHETIC \S+/);
      expect(row.at(-1)).toBe("Contiene datos sintéticos de demostración: no son cifras oficiales");
    }
    const en = readCsv((await get(`/exports/indicators.csv${query}&lang=en`, viewers.public)).bytes, ",");
    expect(en.header.slice(-2)).toEqual(["Sources", "Notice"]);
    expect(en.rows[0]?.at(-1)).toBe("Contains synthetic demo data: not official figures");
  });

  it("writes `;` with decimal commas and English headers on request, with the same figures", async () => {
    const comma = readCsv((await get(`/exports/indicators.csv${query}`, viewers.analyst)).bytes, ",");
    const answer = await get(`/exports/indicators.csv${query}&separator=%3B&lang=en`, viewers.analyst);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toContain(
      "tinkuy-indicators-2025-01-01_2025-12-31.csv",
    );
    const semicolon = readCsv(answer.bytes, ";");
    expect(semicolon.header.slice(0, 3)).toEqual(["UBIGEO", "Department", "Active REINFO records"]);
    // The same figures and sources; only the notice is in English.
    expect(semicolon.rows.map((row) => row.slice(0, -1))).toEqual(comma.rows.map((row) => row.slice(0, -1)));
    // A decimal figure is written with a comma, and no cell holds a decimal point.
    expect(answer.text).toMatch(/;\d+,\d+/);
    expect(answer.text).not.toMatch(/;-?\d+\.\d+/);
  });

  it("gives the public the same aggregates, with the staff-only outposts empty and a warning saying why", async () => {
    const answer = await get(`/exports/indicators.csv${query}`, viewers.public);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-tinkuy-warnings")).toBe("regions.eradication.outposts FORBIDDEN");
    const { header, rows } = readCsv(answer.bytes, ",");
    const outposts = header.indexOf("Puestos de control permanentes");
    expect(outposts).toBeGreaterThan(0);
    expect(rows.map((r) => r[outposts])).toEqual(Array(25).fill(null));
    const publicApi = await api(viewers.public);
    expect(rows.map(withoutProvenance)).toEqual(publicApi.map((r) => expectedRow(r).map(asText)));
    const analyst = readCsv((await get(`/exports/indicators.csv${query}`, viewers.analyst)).bytes, ",");
    expect(analyst.rows.some((r) => Number(r[outposts]) > 0)).toBe(true);
  });

  it("answers a bad period or option with 400 naming the parameter", async () => {
    const cases: [string, string][] = [
      ["?to=2025-12-31", "from"],
      ["?from=2025-13-01&to=2025-12-31", "from"],
      ["?from=2025-02-30&to=2025-12-31", "from"],
      ["?from=2025-01-01", "to"],
      ["?from=2025-06-01&to=2025-01-01", "to"],
      ["?from=1990-01-01&to=2025-01-01", "to"],
      [`${query}&separator=%7C`, "separator"],
      [`${query}&lang=qu`, "lang"],
    ];
    for (const [search, field] of cases) {
      const answer = await get(`/exports/indicators.csv${search}`, viewers.analyst);
      expect(answer.status, search).toBe(400);
      expect(JSON.parse(answer.text), search).toMatchObject({
        errors: [{ message: expect.stringContaining(field), extensions: { code: "BAD_USER_INPUT", field } }],
      });
    }
  });

  it("leaves a stopped pillar's columns empty and says so, the other pillars' figures intact", async () => {
    await hub.stopSubgraph("recovery");
    try {
      const answer = await get(`/exports/indicators.csv${query}`, viewers.analyst);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-tinkuy-warnings")).toBe("recovery SUBGRAPH_UNAVAILABLE");
      const { header, rows } = readCsv(answer.bytes, ",");
      const restored = header.indexOf("Hectáreas restauradas");
      const operations = header.indexOf("Operativos de interdicción");
      expect(rows.map((r) => r[restored])).toEqual(Array(25).fill(null));
      expect(rows.every((r) => r[operations] !== null)).toBe(true);
    } finally {
      await hub.restartSubgraph("recovery");
    }
  });
});

/** Runs `npm run export:iati -- …args` against the hub's database. */
async function exportCli(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "subgraphs/livelihoods/cli/export-iati.ts", ...args],
    {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: hub.mongo.uri, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("npm run export:iati", () => {
  it("writes the same activities as the HTTP export, for everyone or one donor, and refuses a bad --donor", async () => {
    const http = identifiers((await get("/exports/iati.xml", viewers.admin)).text);
    const out = join(dir, "activities.xml");
    const whole = await exportCli("--out", out);
    expect(whole.stderr).toContain(`${http.length} IATI activities written to ${out}`);
    expect(whole.code).toBe(0);
    expect(identifiers(await readFile(out, "utf8"))).toEqual(http);

    const donor = await exportCli("--donor", "US-GOV-1");
    expect(donor.code).toBe(0);
    const usaid = identifiers((await get("/exports/iati.xml", viewers.donor("US-GOV-1"))).text);
    expect(identifiers(donor.stdout)).toEqual(usaid);

    const bad = await exportCli("--donor", "no good", "--out", join(dir, "bad.xml"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--donor");
    await expect(stat(join(dir, "bad.xml"))).rejects.toThrow();
  });
});
