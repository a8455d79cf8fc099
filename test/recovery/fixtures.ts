import { provenance, rucCheckDigit } from "../../packages/kit/src/index.ts";
import type { LiabilityDoc, Models } from "../../subgraphs/recovery/src/models.ts";
import { rebuildRegionStats } from "../../subgraphs/recovery/src/region-stats.ts";
import { toUtm } from "../../subgraphs/recovery/src/utm.ts";

/** A valid RUC with the given 10-digit body (prefix included). */
export function validRuc(firstTen: string): string {
  return firstTen + String(rucCheckDigit(firstTen));
}

/** A small closed polygon (about 1 km across) around a point, as GeoJSON text. */
export function square(latitude: number, longitude: number, half = 0.005): string {
  const ring = [
    [longitude - half, latitude - half],
    [longitude + half, latitude - half],
    [longitude + half, latitude + half],
    [longitude - half, latitude + half],
    [longitude - half, latitude - half],
  ];
  return JSON.stringify({ type: "Polygon", coordinates: [ring] });
}

/** A degraded-area registration that passes validation; override fields to test one problem at a time. */
export function area(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ubigeo: "170102",
    hectares: 12.34,
    cause: "ILLEGAL_MINING",
    source: "OEFA_PIFA",
    sourceReference: "MIL-000123",
    detectedOn: "2025-03-14",
    name: "La Pampa",
    miningCorridor: false,
    geometry: square(-12.95, -69.95),
    ...overrides,
  };
}

/** A project registration that passes validation once its areas exist. */
export function project(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Recuperación de áreas degradadas en Inambari",
    ubigeo: "17",
    degradedAreaIds: ["DA-0000001"],
    hectaresPlanned: 10,
    budget: "1500000.00",
    implementingAgency: "Gobierno Regional de Madre de Dios (GOREMAD)",
    fundedBy: "Ministerio del Ambiente (MINAM)",
    startDate: "2025-04-01",
    plannedEndDate: "2027-12-31",
    ...overrides,
  };
}

/** What an import of the inventory's annex records of the file it read (a test extract, not MINEM's file). */
export const TEST_EXTRACT = provenance({
  kind: "OFFICIAL",
  dataset: "pam-inventory-test-extract.csv sha256:0f3c9a",
  source: "MINEM (DGAAM)",
  asOf: new Date("2025-10-15T00:00:00.000Z"),
});

/** A liability row as the inventory would load it, in a district, near its capital. */
export function liability(
  n: number,
  overrides: Partial<LiabilityDoc> & { ID_DIST?: string } = {},
): LiabilityDoc {
  const district = overrides.ID_DIST ?? "021701";
  const utm = toUtm(-9.72 - n * 0.0001, -77.45);
  return {
    N: n,
    ID: String(1000 + n),
    EUM: "SANTA ROSA",
    TIPO: "RESIDUO MINERO",
    SUBTIPO: "RELAVE",
    CUENCA: "SANTA",
    REGION: "ANCASH",
    PROVINCIA: "RECUAY",
    DISTRITO: "RECUAY",
    ID_DEPA: district.slice(0, 2),
    ID_PROV: district.slice(0, 4),
    ID_DIST: district,
    ESTE: Math.round(utm.east),
    NORTE: Math.round(utm.north),
    ZONA: utm.zone,
    CODIGO_DM: "010149108",
    NOMBRE_DM: "SANTA ROSA I",
    TITULAR: "COMPAÑIA MINERA SANTA ROSA S.A.",
    GENERADOR: null,
    RESPONSABLE: null,
    ESTUDIO_AMBIENTAL: null,
    inventoryResolution: "RM 338-2025-MINEM/DM",
    responsibleRuc: null,
    riskLevel: null,
    riskHistory: [],
    provenance: TEST_EXTRACT,
    ...overrides,
  };
}

/** Loads inventory rows directly (the inventory is imported, never registered through the API), then rebuilds the counters. */
export async function loadLiabilities(models: Models, rows: LiabilityDoc[]): Promise<void> {
  await models.Liability.collection.insertMany(rows.map((row) => ({ ...row })));
  await rebuildRegionStats(models);
}

export const AREA_FIELDS = /* GraphQL */ `
  id
  name
  district {
    ubigeo
    name
    parent {
      ubigeo
    }
  }
  hectares
  hectaresRestored
  cause
  source
  sourceReference
  detectedOn
  miningCorridor
  geometry
  location {
    latitude
    longitude
  }
`;

export const REGISTER_AREA = /* GraphQL */ `
  mutation RegisterArea($input: RegisterDegradedAreaInput!, $key: String!) {
    registerDegradedArea(input: $input, idempotencyKey: $key) {
      ${AREA_FIELDS}
    }
  }
`;

export const PROJECT_FIELDS = /* GraphQL */ `
  id
  name
  region {
    ubigeo
  }
  degradedAreas {
    id
    hectaresRestored
  }
  liabilities {
    id
  }
  hectaresPlanned
  hectaresRestored
  status
  budget
  executed
  implementingAgency
  fundedBy
  startDate
  plannedEndDate
  progress {
    date
    status
    hectaresRestored
    executed
    note
    recordedBy
    areas {
      degradedArea {
        id
      }
      hectares
    }
  }
`;

export const REGISTER_PROJECT = /* GraphQL */ `
  mutation RegisterProject($input: RegisterRestorationProjectInput!, $key: String!) {
    registerRestorationProject(input: $input, idempotencyKey: $key) {
      ${PROJECT_FIELDS}
    }
  }
`;

export const RECORD_PROGRESS = /* GraphQL */ `
  mutation Progress($input: RecordRestorationProgressInput!, $key: String!) {
    recordRestorationProgress(input: $input, idempotencyKey: $key) {
      ${PROJECT_FIELDS}
    }
  }
`;

export const RECORD_MEASUREMENT = /* GraphQL */ `
  mutation Measure($input: RecordMonitoringMeasurementInput!, $key: String!) {
    recordMonitoringMeasurement(input: $input, idempotencyKey: $key) {
      id
      project {
        id
      }
      parameter
      value
      unit
      measuredOn
      station
      district {
        ubigeo
      }
    }
  }
`;

export const ASSESS_RISK = /* GraphQL */ `
  mutation Assess($input: AssessLiabilityRiskInput!, $key: String!) {
    assessLiabilityRisk(input: $input, idempotencyKey: $key) {
      id
      riskLevel
      riskStudy
      riskHistory {
        riskLevel
        study
        assessedOn
        recordedBy
      }
    }
  }
`;
