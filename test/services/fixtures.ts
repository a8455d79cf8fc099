import { provenance, type ProvenanceDoc } from "../../packages/kit/src/index.ts";
import { applyProjectChange } from "../../subgraphs/services/src/counters.ts";
import {
  projectRegions,
  type AccrualEntry,
  type Models,
  type ProjectDoc,
} from "../../subgraphs/services/src/models.ts";
import type { FunctionCode } from "../../subgraphs/services/src/vocabulary.ts";

/** A calendar day at midnight UTC, as the API's `Date` scalar gives days. */
export const day = (text: string): Date => new Date(`${text}T00:00:00.000Z`);

/** The dataset of the tests' imported investments: OFFICIAL, as an import of MEF's open data says it. */
export const OFFICIAL_FILE = provenance({
  kind: "OFFICIAL",
  dataset: "DETALLE_INVERSIONES.csv sha256:test",
  source: "MEF, Banco de Inversiones (Invierte.pe)",
  asOf: day("2025-06-30"),
});

/** A second dataset, for sources split across two. */
export const SYNTHETIC_FILE = provenance({
  kind: "SYNTHETIC",
  dataset: "tinkuy-demo:services",
  source: "Tinkuy demo-data generator",
  asOf: day("2025-06-30"),
});

/** An accrual of a month (`month` 1–12) or of a whole year (`month` null), in soles. */
export function accrual(
  year: number,
  month: number | null,
  soles: number,
  from: ProvenanceDoc = OFFICIAL_FILE,
): AccrualEntry {
  return { year, month, accruedCents: Math.round(soles * 100), provenance: from };
}

let next = 0;

/** A test investment: CUIs from 9900000 on (the demo range, never a real CUI). */
export function project(fields: Partial<ProjectDoc> & { districts: string[] }): ProjectDoc {
  const execution = fields.execution ?? [];
  return {
    cui: fields.cui ?? String(9_900_000 + ++next),
    name: "SYNTHETIC: mejoramiento del servicio de agua potable",
    functionCode: "18" as FunctionCode,
    programme: "SANEAMIENTO",
    subprogramme: "SANEAMIENTO RURAL",
    executingUnit: "MUNICIPALIDAD DISTRITAL DE PRUEBA",
    governmentLevel: "LOCAL",
    status: "EXECUTION",
    viableCostCents: 1_000_000_00,
    updatedCostCents: null,
    registeredOn: day("2020-01-10"),
    viableOn: day("2020-03-01"),
    executionStartedOn: null,
    closedOn: null,
    statusHistory: [],
    provenance: OFFICIAL_FILE,
    ...fields,
    execution,
    regions: projectRegions(fields.districts),
    accruedCents:
      execution.reduce((sum, a) => sum + a.accruedCents, 0) + (fields.accruedBeforeYear?.accruedCents ?? 0),
  };
}

/** Stores investments and moves the counters as every write does (`applyProjectChange`). */
export async function store(models: Models, ...projects: ProjectDoc[]): Promise<ProjectDoc[]> {
  for (const doc of projects) {
    await models.Project.create(doc);
    await applyProjectChange(models, null, doc);
  }
  return projects;
}
