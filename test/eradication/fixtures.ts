import { rucCheckDigit } from "../../packages/kit/src/index.ts";
import type { OfficeDoc, OutpostDoc } from "../../subgraphs/eradication/src/models.ts";
import { demoProvenance } from "../../subgraphs/eradication/src/provenance.ts";

/** A valid RUC with the given 10-digit body (prefix included). */
export function validRuc(firstTen: string): string {
  return firstTen + String(rucCheckDigit(firstTen));
}

/** An operation input that passes validation; override fields to test one problem at a time. */
export function operation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Operación de prueba",
    date: "2025-03-10",
    ubigeo: "170102",
    latitude: -12.95,
    longitude: -70.2,
    agencies: ["PNP_DIRECTORATE_ENVIRONMENT", "FEMA"],
    type: "INTERDICTION",
    legalBasis: "DL 1100",
    targetRucs: ["20131368829"],
    results: [
      { item: "EXCAVATOR", action: "DESTROYED", quantity: 2, unit: "UNITS", value: "1500000.00" },
      { item: "FUEL", action: "SEIZED", quantity: 550, unit: "GALLONS", value: "9083.25" },
    ],
    arrests: 3,
    source: { kind: "PRESS_RELEASE", reference: "Nota de prensa PNP 2025-03-10" },
    ...overrides,
  };
}

/** One result line; override fields to test one problem at a time. */
export function line(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { item: "ENGINE", action: "DESTROYED", quantity: 3, unit: "UNITS", value: "45000.00", ...overrides };
}

export const RECORD = /* GraphQL */ `
  mutation Record($input: RecordEnforcementOperationInput!, $key: String!) {
    recordEnforcementOperation(input: $input, idempotencyKey: $key) {
      id
      name
      date
      district {
        ubigeo
        name
        parent {
          ubigeo
        }
      }
      location {
        latitude
        longitude
      }
      agencies
      type
      legalBasis
      targetedOperators {
        ruc
      }
      results {
        item
        action
        quantity
        unit
        value
      }
      totalValue
      arrests
      source {
        kind
        reference
        url
      }
      recordedBy
    }
  }
`;

export const UPDATE_CASELOAD = /* GraphQL */ `
  mutation Caseload($input: UpdateProsecutorCaseloadInput!, $key: String!) {
    updateProsecutorCaseload(input: $input, idempotencyKey: $key) {
      id
      prosecutors
      openCases
      closedCases
      caseloadPerProsecutor
      reportedOn
      caseloadHistory {
        reportedOn
        prosecutors
        openCases
        closedCases
        recordedBy
      }
    }
  }
`;

/** A FEMA office as the seed writes one, with one report. */
export function office(id: string, district: string, prosecutors: number, openCases: number): OfficeDoc {
  const reportedOn = new Date("2025-06-30T00:00:00.000Z");
  return {
    id,
    name: `Fiscalía Provincial Especializada en Materia Ambiental ${id}`,
    department: district.slice(0, 2),
    province: district.slice(0, 4),
    district,
    prosecutors,
    openCases,
    closedCases: 1000,
    reportedOn,
    history: [
      {
        reportedOn,
        prosecutors,
        openCases,
        closedCases: 1000,
        recordedBy: "test",
        provenance: demoProvenance("office"),
      },
    ],
    provenance: demoProvenance("office"),
  };
}

/** A security outpost. */
export function outpost(id: string, name: string, district: string): OutpostDoc {
  return {
    id,
    name,
    department: district.slice(0, 2),
    province: district.slice(0, 4),
    district,
    latitude: -7.78,
    longitude: -77.6,
    openedOn: new Date("2025-05-20T00:00:00.000Z"),
    status: "OPERATIONAL",
    staffing: 60,
    agencies: ["ARMED_FORCES_CUPAZ", "PNP_DIRECTORATE_ENVIRONMENT"],
    legalBasis: "DS 060-2025-PCM",
    provenance: demoProvenance("outpost"),
  };
}

/** Ten operators the sample operations target. */
export const SAMPLE_RUCS = Array.from({ length: 10 }, (_, i) => validRuc(`10${String(42000000 + i * 7919)}`));

const SAMPLE_DISTRICTS = ["170102", "170104", "170204", "130809", "211002", "200210"];
const SAMPLE_TYPES = ["INTERDICTION", "RIVER_INTERDICTION", "SEIZURE", "CONTROL_POST_CHECK"];

/**
 * 48 operation inputs, one every five days from 1-Jan-2025 (to 24-Aug-2025), in six districts of Madre de
 * Dios, La Libertad, Puno and Piura, with known results, arrests, agencies and targets, so tests can compute the
 * expected figures from the inputs themselves.
 */
export function sampleOperations(): Record<string, unknown>[] {
  return Array.from({ length: 48 }, (_, i) => {
    const date = new Date(Date.UTC(2025, 0, 1) + i * 5 * 86_400_000).toISOString().slice(0, 10);
    const targets = i % 4 === 0 ? [SAMPLE_RUCS[i % 10]] : i % 7 === 0 ? [SAMPLE_RUCS[1], SAMPLE_RUCS[2]] : [];
    return operation({
      name: `Muestra ${i}`,
      date,
      ubigeo: SAMPLE_DISTRICTS[i % 6],
      latitude: null,
      longitude: null,
      agencies: ["PNP_DIRECTORATE_ENVIRONMENT", i % 3 === 0 ? "NAVY_DICAPI" : "FEMA"],
      type: SAMPLE_TYPES[i % 4],
      targetRucs: targets,
      results: [
        line({ quantity: (i % 5) + 1, value: `${1000 * (i + 1)}.00` }),
        { item: "FUEL", action: "SEIZED", quantity: 100 + i, unit: "GALLONS", value: "123.45" },
      ],
      arrests: i % 4,
    });
  });
}

/** What tests need to know of a sample operation. */
export interface Sample {
  id: string;
  date: string;
  ubigeo: string;
  type: string;
  agencies: string[];
  targetRucs: string[];
  arrests: number;
  destroyedCents: number;
  seizedCents: number;
  engines: number;
}

/** Records the sample operations through the API and returns them with their identifiers. */
export async function recordSamples(
  run: (
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{
    data?: Record<string, unknown> | null;
    errors?: unknown[];
  }>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const [i, input] of sampleOperations().entries()) {
    const result = await run(RECORD, { input, key: `key-sample-${i}` });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const results = input.results as { quantity: number; value: string }[];
    samples.push({
      id: (result.data?.recordEnforcementOperation as { id: string }).id,
      date: input.date as string,
      ubigeo: input.ubigeo as string,
      type: input.type as string,
      agencies: input.agencies as string[],
      targetRucs: input.targetRucs as string[],
      arrests: input.arrests as number,
      destroyedCents: Math.round(Number(results[0]?.value) * 100),
      seizedCents: 12_345,
      engines: results[0]?.quantity ?? 0,
    });
  }
  return samples;
}

/** Sums céntimos as the API prints them. */
export function soles(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** A claim input that passes validation; override fields to test one problem at a time. */
export function claim(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    claim: "En la última semana se realizaron 30 operaciones contra la minería ilegal en Madre de Dios.",
    measure: "OPERATIONS",
    qualifier: "EXACT",
    value: "30",
    from: "2025-03-01",
    to: "2025-03-31",
    ubigeo: "17",
    reportedBy: "Autoridad de prueba",
    reportedOn: "2025-04-02",
    url: "https://www.gob.pe/example/nota",
    note: "entered from the agency's press release",
    ...overrides,
  };
}

export const RECORD_CLAIM = /* GraphQL */ `
  mutation RecordClaim($input: RecordReportedFigureInput!, $key: String!) {
    recordReportedFigure(input: $input, idempotencyKey: $key) {
      id
      claim
      measure
      qualifier
      value
      unit
      from
      to
      region {
        ubigeo
      }
      reportedBy
      reportedOn
      url
      verification
      verificationNote
      recordedBy
      provenance {
        kind
        dataset
        source
        url
        asOf
        note
      }
    }
  }
`;

export const SET_VERIFICATION = /* GraphQL */ `
  mutation SetVerification($input: SetReportedFigureVerificationInput!, $key: String!) {
    setReportedFigureVerification(input: $input, idempotencyKey: $key) {
      id
      verification
      verificationNote
      verifiedOn
    }
  }
`;
