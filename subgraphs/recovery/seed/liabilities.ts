import type { SeededRandom } from "@tinkuy/demo-data";
import { normalizeName, regionCatalog, rucCheckDigit } from "@tinkuy/kit";
import type { LiabilityDoc, Models } from "../src/models.ts";
import { toUtm } from "../src/utm.ts";
import { RISK_LEVELS, type RiskKey, type RiskLevel } from "../src/vocabulary.ts";
import { seeded, SYNTHETIC_RESOLUTION } from "./provenance.ts";
import { companyName, DAY, districtsOf, insertBatch, personName, BATCH, RECORDED_BY } from "./support.ts";
import {
  AMSAC,
  BASINS,
  CLUSTER_SIZES,
  LIABILITY_DEPARTMENTS,
  LIABILITY_HOTSPOTS,
  LIABILITY_TYPES,
  RISK_AT_SCALE_1,
  STUDIES,
  UNIT_NAMES,
} from "./vocabulary.ts";

/** What the inventory part of a seed produced. */
export interface LiabilitySummary {
  liabilities: number;
  liabilitiesByRisk: Record<RiskKey, number>;
  liabilitiesWithResponsibleRuc: number;
  responsibleFromKnownRucs: number;
}

interface Responsible {
  name: string | null;
  ruc: string | null;
  study: string | null;
  fromKnown: boolean;
}

/**
 * The PAM inventory: rows grouped by former mining unit (a unit's rows share district, basin, right, holder and
 * responsible party), departments by share with their mining provinces weighted, exact risk counts spread by
 * selection sampling, and a responsible party per unit: AMSAC (no RUC), a company by RUC (some of them from the
 * known RUCs), or none.
 */
export async function seedLiabilities(
  models: Models,
  random: SeededRandom,
  total: number,
  scale: number,
  known: readonly string[],
  advance: (n: number) => void,
): Promise<LiabilitySummary> {
  const need: Record<RiskLevel, number> = {
    VERY_HIGH: Math.round(RISK_AT_SCALE_1.VERY_HIGH * scale),
    HIGH: Math.round(RISK_AT_SCALE_1.HIGH * scale),
    MEDIUM: Math.round(RISK_AT_SCALE_1.MEDIUM * scale),
    LOW: Math.round(RISK_AT_SCALE_1.LOW * scale),
  };
  const summary = {
    liabilities: 0,
    liabilitiesByRisk: { VERY_HIGH: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 } as Record<RiskKey, number>,
    liabilitiesWithResponsibleRuc: 0,
    responsibleFromKnownRucs: 0,
  };
  const companies: { name: string; ruc: string }[] = [];
  const poolSize = Math.max(20, Math.round(160 * scale));
  const usedRucs = new Set(known);
  const company = () => {
    if (companies.length < poolSize && (companies.length === 0 || random.chance(0.5))) {
      let ruc: string;
      do {
        const body = `20${random.int(10_000_000, 61_999_999)}`;
        ruc = body + String(rucCheckDigit(body));
      } while (usedRucs.has(ruc));
      usedRucs.add(ruc);
      companies.push({ name: companyName(random), ruc });
    }
    return random.pick(companies);
  };
  const responsibleFor = (): Responsible => {
    const roll = random.next();
    if (roll < 0.2) return { name: AMSAC, ruc: null, study: random.pick(STUDIES), fromKnown: false };
    if (roll < 0.45) {
      const study = random.chance(0.7) ? random.pick(STUDIES) : null;
      if (known.length > 0 && random.chance(0.35)) {
        const ruc = random.pick(known);
        const name = ruc.startsWith("10") ? personName(random) : companyName(random);
        return { name, ruc, study, fromKnown: true };
      }
      const { name, ruc } = company();
      return { name, ruc, study, fromKnown: false };
    }
    return { name: null, ruc: null, study: null, fromKnown: false };
  };

  let batch: LiabilityDoc[] = [];
  let row = 0;
  let id = 0;
  while (row < total) {
    const department = random.weighted(LIABILITY_DEPARTMENTS);
    const spots = LIABILITY_HOTSPOTS[department] ?? [];
    const district = random.pick(
      districtsOf(spots.length > 0 && random.chance(0.7) ? random.pick(spots) : department),
    );
    const province = regionCatalog().require(district.ubigeo.slice(0, 4), "seed");
    const departmentEntry = regionCatalog().require(department, "seed");
    const unit = random.pick(UNIT_NAMES);
    const basin = random.pick(BASINS[department] ?? ["NO DETERMINADA"]);
    const right = random.chance(0.7)
      ? {
          code: `${random.pick(["01", "02", "03", "04", "05", "08", "10"])}${String(random.int(0, 99_999)).padStart(5, "0")}${String(random.int(50, 99)).padStart(2, "0")}`,
          name: `${unit} ${random.pick(["I", "II", "III", "No 1", "No 2"])}`,
        }
      : null;
    const holder = random.chance(0.6) ? companyName(random) : null;
    const generator = random.chance(0.5) ? (holder ?? companyName(random)) : null;
    const responsible = responsibleFor();
    const center = {
      latitude: district.latitude + (random.next() - 0.5) * 0.08,
      longitude: district.longitude + (random.next() - 0.5) * 0.08,
    };
    const [low, high] = random.weighted(CLUSTER_SIZES);
    const size = Math.min(total - row, random.int(low, high));
    for (let i = 0; i < size; i++) {
      const remaining = total - row;
      row++;
      id += random.int(1, 3);
      const risk = drawRisk(random, need, remaining);
      const [type, subtypes] = random.weighted(LIABILITY_TYPES);
      const utm = toUtm(
        center.latitude + (random.next() - 0.5) * 0.02,
        center.longitude + (random.next() - 0.5) * 0.02,
      );
      summary.liabilitiesByRisk[risk ?? "UNKNOWN"]++;
      if (responsible.ruc) summary.liabilitiesWithResponsibleRuc++;
      if (responsible.fromKnown) summary.responsibleFromKnownRucs++;
      batch.push({
        N: row,
        ID: String(id),
        EUM: unit,
        TIPO: type,
        SUBTIPO: random.weighted(subtypes),
        CUENCA: basin,
        REGION: normalizeName(departmentEntry.name),
        PROVINCIA: normalizeName(province.name),
        DISTRITO: normalizeName(district.name),
        ID_DEPA: department,
        ID_PROV: province.ubigeo,
        ID_DIST: district.ubigeo,
        ESTE: Math.round(utm.east),
        NORTE: Math.round(utm.north),
        ZONA: utm.zone,
        CODIGO_DM: right?.code ?? null,
        NOMBRE_DM: right?.name ?? null,
        TITULAR: holder,
        GENERADOR: generator,
        RESPONSABLE: responsible.name,
        ESTUDIO_AMBIENTAL: responsible.study,
        inventoryResolution: SYNTHETIC_RESOLUTION,
        responsibleRuc: responsible.ruc,
        riskLevel: risk,
        riskHistory: risk
          ? [
              {
                riskLevel: risk,
                study: `ESTUDIO DE EVALUACION DE RIESGO - EX UNIDAD MINERA ${unit}`,
                assessedOn: new Date(Date.UTC(2019, 0, 1) + random.int(0, 6 * 365) * DAY),
                recordedBy: RECORDED_BY,
                provenance: seeded("risk"),
              },
            ]
          : [],
        provenance: seeded("liability"),
      });
      if (batch.length >= BATCH) {
        await insertBatch(models.Liability.collection, batch);
        advance(batch.length);
        summary.liabilities += batch.length;
        batch = [];
      }
    }
  }
  await insertBatch(models.Liability.collection, batch);
  advance(batch.length);
  summary.liabilities += batch.length;
  return summary;
}

/** Draws a risk level so that exactly the needed counts come out over the remaining rows (selection sampling). */
function drawRisk(
  random: SeededRandom,
  need: Record<RiskLevel, number>,
  remaining: number,
): RiskLevel | null {
  let roll = random.int(0, remaining - 1);
  for (const level of RISK_LEVELS) {
    if (roll < need[level]) {
      need[level]--;
      return level;
    }
    roll -= need[level];
  }
  return null;
}
