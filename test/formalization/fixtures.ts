import { rucCheckDigit } from "../../packages/kit/src/index.ts";

/** A valid RUC with the given 10-digit body (prefix included). */
export function validRuc(firstTen: string): string {
  return firstTen + String(rucCheckDigit(firstTen));
}

/** A registration input that passes validation; override fields to test one problem at a time. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: "REINFO-T000001",
    ruc: "20131368829",
    minerName: "MINERA SAN JUAN DE DIOS S.A.C.",
    legalRepresentative: "QUISPE MAMANI JUAN",
    miningRightCode: "10149108",
    miningRightName: "VIRGEN DEL CARMEN 2",
    ubigeo: "170102",
    latitude: -12.95,
    longitude: -70.2,
    activityType: "EXPLOTACION",
    registrationYear: 2019,
    legalBasis: "DL 1293",
    ...overrides,
  };
}

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterReinfoRecordInput!, $key: String!) {
    registerReinfoRecord(input: $input, idempotencyKey: $key) {
      code
      status
      minerName
      operator {
        ruc
        kind
      }
      miningRight {
        code
        name
      }
      district {
        ubigeo
        name
        level
        parent {
          ubigeo
          name
        }
      }
      location {
        latitude
        longitude
      }
      registrationYear
      statusHistory {
        status
        reason
        legalBasis
        recordedBy
      }
    }
  }
`;

export const CHANGE = /* GraphQL */ `
  mutation Change($input: ChangeReinfoStatusInput!, $key: String!) {
    changeReinfoStatus(input: $input, idempotencyKey: $key) {
      code
      status
      statusHistory {
        status
        reason
        legalBasis
      }
    }
  }
`;

export const REINSTATE = /* GraphQL */ `
  mutation Reinstate($input: ReinstateReinfoRecordInput!, $key: String!) {
    reinstateReinfoRecord(input: $input, idempotencyKey: $key) {
      code
      status
      statusHistory {
        status
        legalBasis
      }
    }
  }
`;
