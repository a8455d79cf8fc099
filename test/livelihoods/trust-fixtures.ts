import { auditEntries as entriesOf, domainDigest as digestDatabase } from "../support/database.ts";
import type { Harness, Result } from "./harness.ts";
import { NGO, projectInput, UNDP, validRuc } from "./fixtures.ts";

/** The mutations, each with a small selection its callers may read in full (what a replay answers). */
export const MUTATIONS = {
  registerLivelihoodProject: /* GraphQL */ `
    mutation ($input: RegisterLivelihoodProjectInput!, $key: String!) {
      registerLivelihoodProject(input: $input, idempotencyKey: $key) {
        iatiIdentifier
        status
      }
    }
  `,
  changeProjectStatus: /* GraphQL */ `
    mutation ($input: ChangeProjectStatusInput!, $key: String!) {
      changeProjectStatus(input: $input, idempotencyKey: $key) {
        iatiIdentifier
      }
    }
  `,
  recordTransaction: /* GraphQL */ `
    mutation ($input: RecordTransactionInput!, $key: String!) {
      recordTransaction(input: $input, idempotencyKey: $key) {
        ref
        value
        currency
      }
    }
  `,
  reportIndicatorActual: /* GraphQL */ `
    mutation ($input: ReportIndicatorActualInput!, $key: String!) {
      reportIndicatorActual(input: $input, idempotencyKey: $key) {
        code
      }
    }
  `,
  reportBeneficiaries: /* GraphQL */ `
    mutation ($input: ReportBeneficiariesInput!, $key: String!) {
      reportBeneficiaries(input: $input, idempotencyKey: $key) {
        iatiIdentifier
      }
    }
  `,
  enrollOperator: /* GraphQL */ `
    mutation ($input: EnrollOperatorInput!, $key: String!) {
      enrollOperator(input: $input, idempotencyKey: $key) {
        enrolledOn
        formerReinfoStatus
      }
    }
  `,
  changeEnrollmentStatus: /* GraphQL */ `
    mutation ($input: ChangeEnrollmentStatusInput!, $key: String!) {
      changeEnrollmentStatus(input: $input, idempotencyKey: $key) {
        enrolledOn
      }
    }
  `,
} as const;
export type MutationName = keyof typeof MUTATIONS;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

/** One mutation call: enough to repeat it. */
export interface Write {
  mutation: MutationName;
  input: Record<string, unknown>;
  key: string;
}

/** A person's RUC (prefix 10): the one the masks protect. */
export const PERSON_RUC = validRuc("1045678912");
/** A company's RUC (prefix 20): public at SUNAT, never masked. */
export const COMPANY_RUC = validRuc("2060111222");

/** The IATI identifier of a UNDP test project with this local identifier. */
export function projectId(localId: string): string {
  return `${UNDP}-${localId}`;
}

/**
 * Every mutation once, in an order that succeeds on an empty database: a UNDP project (`localId`) registered with
 * descriptions and a baseline comment (so the fields the matrix reads are not null), started, a commitment, an
 * indicator actual with a comment, beneficiaries, a person enrolled and then completing the programme.
 */
export function programmeWrites(localId: string, prefix: string): Write[] {
  const id = projectId(localId);
  const base = projectInput({ localId });
  const results = structuredClone(base["results"]) as Record<string, unknown>[];
  const outcome = results[1] as { description?: string; indicators: Record<string, unknown>[] };
  outcome.description = "Familias con ingresos lícitos y estables";
  const income = outcome.indicators[0] as Record<string, unknown>;
  income["description"] = "Ingreso anual promedio de las familias participantes";
  income["baseline"] = {
    year: 2024,
    isoDate: "2024-01-10",
    value: 8000,
    comment: "Encuesta de línea de base",
  };
  return [
    { mutation: "registerLivelihoodProject", input: { ...base, results }, key: `${prefix}-register` },
    {
      mutation: "changeProjectStatus",
      input: {
        iatiIdentifier: id,
        status: "IMPLEMENTATION",
        reason: "Convenio firmado",
        effectiveDate: "2024-01-15",
      },
      key: `${prefix}-start`,
    },
    {
      mutation: "recordTransaction",
      input: {
        iatiIdentifier: id,
        ref: `TX-${localId}`,
        type: "OUTGOING_COMMITMENT",
        date: "2024-02-10",
        value: "600000.00",
        currency: "USD",
        description: "Convenio de cooperación con la ejecutora",
        receiverOrg: { ref: NGO, name: "Asociación Amazonía Productiva", type: "NATIONAL_NGO" },
      },
      key: `${prefix}-commit`,
    },
    {
      mutation: "reportIndicatorActual",
      input: {
        iatiIdentifier: id,
        indicator: "2.1",
        periodStart: "2024-01-01",
        periodEnd: "2024-12-31",
        value: 9500,
        comment: "Encuesta de ingresos de diciembre",
      },
      key: `${prefix}-actual`,
    },
    {
      mutation: "reportBeneficiaries",
      input: {
        iatiIdentifier: id,
        beneficiaries: { total: 640, women: 300, formerMiners: 210 },
        reportedOn: "2024-12-31",
      },
      key: `${prefix}-people`,
    },
    {
      mutation: "enrollOperator",
      input: {
        iatiIdentifier: id,
        ruc: PERSON_RUC,
        enrolledOn: "2024-03-01",
        formerReinfoStatus: "EXCLUIDO",
      },
      key: `${prefix}-enroll`,
    },
    {
      mutation: "changeEnrollmentStatus",
      input: {
        iatiIdentifier: id,
        ruc: PERSON_RUC,
        status: "COMPLETED",
        date: "2024-11-30",
        reason: "Culminó la ruta productiva",
      },
      key: `${prefix}-complete`,
    },
  ];
}

/** Runs one write as the harness's default viewer (an admin) unless another is given. */
export function runWrite(h: Harness, write: Write, viewer?: Parameters<Harness["run"]>[2]): Promise<Result> {
  return h.run(MUTATIONS[write.mutation], { input: write.input, key: write.key }, viewer);
}

/** Runs the writes in order as an admin, failing on the first error. */
export async function applyWrites(h: Harness, writes: readonly Write[]): Promise<void> {
  for (const write of writes) {
    const result = await runWrite(h, write);
    if (result.errors) throw new Error(`${write.mutation}: ${JSON.stringify(result.errors)}`);
  }
}

/** Every document of the subgraph's database but the audit log, digested: equal digests, unchanged data. */
export const domainDigest = (h: Harness): Promise<string> => digestDatabase(h.connection);

/** The audit entries of one idempotency key. */
export const auditEntries = async (h: Harness, key: string): Promise<Record<string, unknown>[]> =>
  (await entriesOf(h.connection, { idempotencyKey: key })) as unknown as Record<string, unknown>[];
