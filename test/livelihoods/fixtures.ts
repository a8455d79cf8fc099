import { rucCheckDigit } from "../../packages/kit/src/index.ts";

/** A valid RUC with the given 10-digit body (prefix included). */
export function validRuc(firstTen: string): string {
  return firstTen + String(rucCheckDigit(firstTen));
}

/** UNDP's IATI organisation identifier: the reporting organisation of the test projects. */
export const UNDP = "XM-DAC-41114";
export const NGO = "PE-RUC-20512333797";

const yearly = (from: number, to: number, extra: (year: number, k: number) => Record<string, unknown>) =>
  Array.from({ length: to - from + 1 }, (_, k) => ({
    periodStart: `${from + k}-01-01`,
    periodEnd: `${from + k}-12-31`,
    ...extra(from + k, k),
  }));

/**
 * A registration that passes validation: a UNDP cacao project in Inambari (Madre de Dios) and Ananea (Puno),
 * 2024–2027, budgets of 250,000 USD a year, and a framework with one indicator of each kind. Override fields to
 * test one problem at a time.
 */
export function projectInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reportingOrg: {
      ref: UNDP,
      name: "Programa de las Naciones Unidas para el Desarrollo",
      type: "MULTILATERAL",
    },
    localId: "PE-T-0001",
    title: "Cacao fino de aroma como alternativa a la minería ilegal en Inambari",
    description: "Instala parcelas de cacao con familias que dependían de la minería ilegal.",
    defaultCurrency: "USD",
    identifiedOn: "2023-10-01",
    plannedStart: "2024-01-01",
    plannedEnd: "2027-12-31",
    participatingOrgs: [
      { role: "FUNDING", ref: UNDP, name: "PNUD", type: "MULTILATERAL" },
      { role: "IMPLEMENTING", ref: NGO, name: "Asociación Amazonía Productiva", type: "NATIONAL_NGO" },
      { role: "ACCOUNTABLE", name: "Gobierno Regional de Madre de Dios", type: "LOCAL_GOVERNMENT" },
    ],
    sectors: [
      { sector: "AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", percentage: 60 },
      { sector: "INDUSTRIAL_CROPS", percentage: 40 },
    ],
    locations: ["170102", "211002"],
    budgets: yearly(2024, 2027, () => ({ value: "250000.00" })),
    beneficiaries: { total: 500, women: 220, formerMiners: 150 },
    results: [
      {
        type: "OUTPUT",
        title: "Capacidades productivas instaladas",
        indicators: [
          {
            measure: "UNIT",
            title: "Productores con asistencia técnica",
            baseline: { year: 2024, value: 0 },
            periods: yearly(2024, 2027, (_, k) => ({ target: [100, 250, 400, 500][k] })),
          },
        ],
      },
      {
        type: "OUTCOME",
        title: "Medios de vida lícitos",
        indicators: [
          {
            measure: "UNIT",
            title: "Ingreso familiar anual (S/)",
            baseline: { year: 2024, value: 8000 },
            periods: yearly(2024, 2027, (_, k) => ({ target: [9000, 10000, 11000, 12000][k] })),
          },
          {
            measure: "UNIT",
            ascending: false,
            title: "Deforestación por minería (ha/año)",
            baseline: { year: 2024, value: 500 },
            periods: yearly(2024, 2027, (_, k) => ({ target: [400, 300, 250, 200][k] })),
          },
          {
            measure: "QUALITATIVE",
            title: "Plan de negocios aprobado",
            baseline: { year: 2024, comment: "Sin plan" },
            periods: yearly(2024, 2027, () => ({ targetComment: "Plan en ejecución" })),
          },
          {
            measure: "PERCENTAGE",
            title: "Hogares con ingreso principal no minero (%)",
            baseline: { year: 2024, value: 20 },
            periods: yearly(2024, 2027, (_, k) => ({ target: [30, 40, 50, 60][k] })),
          },
        ],
      },
    ],
    ...overrides,
  };
}

export const PROJECT_FIELDS = /* GraphQL */ `
  iatiIdentifier
  status
  reportingOrg { ref name type }
  activityDates { plannedStart actualStart plannedEnd actualEnd }
  statusHistory { status date reason recordedBy }
  participatingOrgs { role ref name type donor { ref } }
  sectors { sector code percentage }
  locations { ubigeo name }
  defaultCurrency
  budgets { type status periodStart periodEnd value { currency value } }
  beneficiaries { total women formerMiners }
  finance { committed { currency value } disbursed { currency value } expended { currency value } }
  results { type title indicators { code measure ascending baseline { year value } periods { periodStart target { value comment } actual { value } progress } progress } }
`;

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterLivelihoodProjectInput!, $key: String!) {
    registerLivelihoodProject(input: $input, idempotencyKey: $key) { ${PROJECT_FIELDS} }
  }
`;

export const CHANGE_STATUS = /* GraphQL */ `
  mutation Change($input: ChangeProjectStatusInput!, $key: String!) {
    changeProjectStatus(input: $input, idempotencyKey: $key) {
      iatiIdentifier
      status
      activityDates {
        actualStart
        actualEnd
      }
      statusHistory {
        status
        date
      }
    }
  }
`;

export const RECORD = /* GraphQL */ `
  mutation Record($input: RecordTransactionInput!, $key: String!) {
    recordTransaction(input: $input, idempotencyKey: $key) {
      type
      date
      value
      currency
      providerOrg {
        ref
        name
      }
      receiverOrg {
        ref
        name
      }
    }
  }
`;

export const REPORT = /* GraphQL */ `
  mutation Report($input: ReportIndicatorActualInput!, $key: String!) {
    reportIndicatorActual(input: $input, idempotencyKey: $key) {
      code
      progress
      periods {
        periodStart
        actual {
          value
          comment
        }
        progress
      }
    }
  }
`;

export const ENROLL = /* GraphQL */ `
  mutation Enroll($input: EnrollOperatorInput!, $key: String!) {
    enrollOperator(input: $input, idempotencyKey: $key) {
      id
      status
      enrolledOn
      formerReinfoStatus
      operator {
        ruc
      }
      project {
        iatiIdentifier
      }
      statusHistory {
        status
        date
        recordedBy
      }
    }
  }
`;
