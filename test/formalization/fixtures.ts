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

/** The columns of a REINFO extract, `;`-separated, as the import tests write them. */
export const HEADER =
  "COD_REINFO;M_RUC;NOMBRE_MIN;NOMBRE_REP;ID_UNIDAD;NOMBRE_DM;DEPARTAMENTO;PROVINCIA;DISTRITO;ID_DIST;" +
  "TIPO_ACT;ESTADO;A_INSCRIPCION;LATITUD_G84;LONGITUD_G84;FECHA_ACTUALIZACION";

/** One `;`-separated extract row under {@link HEADER}: a valid VIGENTE record in Inambari unless overridden. */
export function row(code: string, overrides: Partial<Record<string, string>> = {}): string {
  const values: Record<string, string> = {
    COD_REINFO: code,
    M_RUC: "10425678138",
    NOMBRE_MIN: "QUISPE MAMANI JUAN CARLOS",
    NOMBRE_REP: "",
    ID_UNIDAD: "10149108",
    NOMBRE_DM: "VIRGEN DEL CARMEN 2",
    DEPARTAMENTO: "MADRE DE DIOS",
    PROVINCIA: "TAMBOPATA",
    DISTRITO: "INAMBARI",
    ID_DIST: "170102",
    TIPO_ACT: "EXPLOTACION",
    ESTADO: "VIGENTE",
    A_INSCRIPCION: "2019",
    LATITUD_G84: "-13.0912",
    LONGITUD_G84: "-70.3581",
    FECHA_ACTUALIZACION: "2025-02-26",
    ...overrides,
  };
  return HEADER.split(";")
    .map((column) => values[column] ?? "")
    .join(";");
}
