import { SeededRandom } from "@tinkuy/demo-data";
import { regionCatalog } from "@tinkuy/kit";
import { representativePoint, type AreaGeometry } from "../src/geometry.ts";
import type { AreaDoc, Models } from "../src/models.ts";
import type { Ares } from "../src/units.ts";
import type { DegradationCause } from "../src/vocabulary.ts";
import { seeded } from "./provenance.ts";
import { BATCH, DAY, insertBatch, normal, RECORDED_BY, round6, SEED_NOW } from "./support.ts";
import {
  AREA_DEPARTMENTS,
  AREA_DISTRICTS,
  AREA_SOURCES,
  HECTARES_BY_YEAR,
  PLACE_NAMES,
} from "./vocabulary.ts";

export interface AreaIndex {
  code: string;
  district: string;
  ares: Ares;
  detectedOn: Date;
  name: string | null;
}

/** Area sizes in ares: log-normal around 8 ha, from their own stream so they can be counted up front. */
function drawAres(sizes: SeededRandom): Ares {
  return Math.min(40_000, Math.max(25, Math.round(Math.exp(Math.log(8) + normal(sizes)) * 100)));
}

function* yearPlan(seed: number, scale: number): Generator<{ year: number; ares: Ares }> {
  const sizes = new SeededRandom(seed ^ 0x5eed5);
  for (const [year, hectares] of HECTARES_BY_YEAR) {
    let remaining = Math.round(hectares * scale * 100);
    while (remaining > 0) {
      const ares = Math.min(remaining, drawAres(sizes));
      remaining -= ares;
      yield { year, ares };
    }
  }
}

/** How many areas a seed will detect (sizes come from their own stream, so they can be counted first). */
export function countAreas(seed: number, scale: number): number {
  let n = 0;
  const plan = yearPlan(seed, scale);
  while (!plan.next().done) n++;
  return n;
}

/**
 * Degraded areas detected 2021 to the seed's today: each year's published hectares split into log-normal
 * areas, placed by department share and district weight, with cause, source, place name, Mining Corridor flag
 * (Madre de Dios) and, for most, an outline.
 */
export async function seedAreas(
  models: Models,
  random: SeededRandom,
  seed: number,
  scale: number,
  advance: (n: number) => void,
): Promise<{ index: AreaIndex[]; ares: number }> {
  const index: AreaIndex[] = [];
  let ares = 0;
  let batch: AreaDoc[] = [];
  for (const planned of yearPlan(seed, scale)) {
    const from = Date.UTC(planned.year, 0, 1);
    const to = Math.min(SEED_NOW.getTime(), Date.UTC(planned.year, 11, 31));
    const detectedOn = new Date(from + random.int(0, Math.round((to - from) / DAY)) * DAY);
    const area = newArea(random, index.length + 1, planned.ares, detectedOn);
    index.push({
      code: area.code,
      district: area.district,
      ares: area.ares,
      detectedOn,
      name: area.name ?? null,
    });
    ares += area.ares;
    batch.push(area);
    if (batch.length >= BATCH) {
      await insertBatch(models.Area.collection, batch);
      advance(batch.length);
      batch = [];
    }
  }
  await insertBatch(models.Area.collection, batch);
  advance(batch.length);
  return { index, ares };
}

export function areaCode(sequence: number): string {
  return `DA-${String(sequence).padStart(7, "0")}`;
}

function maapReport(date: Date): string | null {
  if (date < new Date("2023-01-01T00:00:00.000Z")) return "MAAP #185";
  if (date < new Date("2024-04-01T00:00:00.000Z")) return "MAAP #208";
  if (date < new Date("2025-07-01T00:00:00.000Z")) return "MAAP #233";
  return null;
}

function newArea(random: SeededRandom, sequence: number, ares: Ares, detectedOn: Date): AreaDoc {
  const department = random.weighted(AREA_DEPARTMENTS);
  const choices = AREA_DISTRICTS[department] ?? [];
  const [district, , corridorShare] = random.weighted(choices.map((c) => [c, c[1]] as const));
  const madreDeDios = department === "17";
  const corridor = madreDeDios ? random.chance(corridorShare) : null;
  const cause: DegradationCause = madreDeDios
    ? corridor && random.chance(0.85)
      ? "INFORMAL_MINING"
      : "ILLEGAL_MINING"
    : random.chance(0.85)
      ? "ILLEGAL_MINING"
      : "INFORMAL_MINING";
  const source = random.weighted(AREA_SOURCES);
  let name: string | null = null;
  if ((district === "170101" || district === "170102") && corridor === false && random.chance(0.7)) {
    name = "La Pampa";
  } else {
    const places = (PLACE_NAMES[district] ?? []).filter((place) => place !== "La Pampa");
    if (places.length > 0 && random.chance(0.45)) name = random.pick(places);
  }
  const code = areaCode(sequence);
  const sourceReference =
    source === "OEFA_PIFA"
      ? `${cause === "ILLEGAL_MINING" ? "MIL" : "MINF"}-${String(sequence).padStart(6, "0")}`
      : source === "MAAP"
        ? maapReport(detectedOn)
        : null;
  const entry = regionCatalog().require(district, "seed");
  const center = {
    latitude: entry.latitude + (random.next() - 0.5) * 0.24,
    longitude: entry.longitude + (random.next() - 0.5) * 0.24,
  };
  const geometry = random.chance(0.6) ? hexagon(random, center, ares) : null;
  const point = geometry
    ? representativePoint(geometry)
    : { latitude: round6(center.latitude), longitude: round6(center.longitude) };
  return {
    code,
    name,
    department,
    province: district.slice(0, 4),
    district,
    ares,
    restoredAres: 0,
    cause,
    source,
    sourceReference,
    detectedOn,
    miningCorridor: corridor,
    geometry,
    latitude: point.latitude,
    longitude: point.longitude,
    registeredBy: RECORDED_BY,
    provenance: seeded("area"),
  };
}

/** An irregular hexagon of about the area's surface around a center (an outline for maps, not a survey). */
function hexagon(
  random: SeededRandom,
  center: { latitude: number; longitude: number },
  ares: Ares,
): AreaGeometry {
  const squareMetres = ares * 100;
  const radius = Math.sqrt((2 * squareMetres) / (3 * Math.sqrt(3)));
  const metresPerDegree = 111_320;
  const ring: number[][] = [];
  for (let k = 0; k < 6; k++) {
    const angle = (k * Math.PI) / 3 + (random.next() - 0.5) * 0.3;
    const r = radius * (0.85 + random.next() * 0.3);
    ring.push([
      round6(
        center.longitude +
          (r * Math.cos(angle)) / (metresPerDegree * Math.cos(center.latitude * (Math.PI / 180))),
      ),
      round6(center.latitude + (r * Math.sin(angle)) / metresPerDegree),
    ]);
  }
  ring.push([...(ring[0] as number[])]);
  return { type: "Polygon", coordinates: [ring] };
}
