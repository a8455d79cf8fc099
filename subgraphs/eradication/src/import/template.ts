import type { Agency, ItemAction, ItemType, OperationType, QuantityUnit, SourceKind } from "../vocabulary.ts";

/**
 * The operations template (docs/templates/operaciones.md): one row per item destroyed or seized, the rows of
 * one operation sharing its REFERENCIA (an operation with nothing to itemize is one row with BIEN empty).
 * Spanish headers, as the PCM's weekly reports name things; matched ignoring case, accents and spaces.
 */
export const COLUMNS = {
  reference: "REFERENCIA",
  date: "FECHA",
  name: "NOMBRE",
  agencies: "ENTIDADES",
  type: "TIPO",
  legalBasis: "BASE LEGAL",
  ubigeo: "UBIGEO",
  department: "DEPARTAMENTO",
  province: "PROVINCIA",
  district: "DISTRITO",
  latitude: "LATITUD",
  longitude: "LONGITUD",
  item: "BIEN",
  action: "ACCION",
  quantity: "CANTIDAD",
  unit: "UNIDAD",
  value: "VALOR SOLES",
  arrests: "DETENIDOS",
  targetRucs: "RUC INTERVENIDOS",
  sourceKind: "TIPO FUENTE",
  sourceReference: "FUENTE",
  url: "URL",
} as const;

export type Column = (typeof COLUMNS)[keyof typeof COLUMNS];

/** Every column, in the template's order. */
export const ALL_COLUMNS: readonly Column[] = Object.values(COLUMNS);

/** Without these a file is not this template (UBIGEO or the three place names are checked per row). */
export const REQUIRED_COLUMNS: readonly Column[] = [
  COLUMNS.reference,
  COLUMNS.date,
  COLUMNS.agencies,
  COLUMNS.type,
  COLUMNS.legalBasis,
  COLUMNS.item,
  COLUMNS.action,
  COLUMNS.quantity,
  COLUMNS.unit,
  COLUMNS.value,
  COLUMNS.arrests,
  COLUMNS.sourceReference,
];

/** A value as the template writes it: upper case, no accents, single spaces (`Incautación` → `INCAUTACION`). */
export function term(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\s_]+/g, " ")
    .trim()
    .toUpperCase();
}

/** ENTIDADES: the participating agencies, separated by `/`, `,` or `;`. */
export const AGENCY_TERMS: Readonly<Record<string, Agency>> = {
  PNP: "PNP_DIRECTORATE_ENVIRONMENT",
  "PNP DIRMEAMB": "PNP_DIRECTORATE_ENVIRONMENT",
  DIRMEAMB: "PNP_DIRECTORATE_ENVIRONMENT",
  DICAPI: "NAVY_DICAPI",
  "MARINA DICAPI": "NAVY_DICAPI",
  EJERCITO: "ARMY",
  FEMA: "FEMA",
  SUCAMEC: "SUCAMEC",
  SUNAT: "SUNAT",
  MINEM: "MINEM",
  CUPAZ: "ARMED_FORCES_CUPAZ",
};

/** TIPO. */
export const TYPE_TERMS: Readonly<Record<string, OperationType>> = {
  INTERDICCION: "INTERDICTION",
  "INTERDICCION FLUVIAL": "RIVER_INTERDICTION",
  "OPERATIVO INTEGRADO": "INTEGRATED_OPERATION",
  PATRULLAJE: "PATROL",
  "CONTROL EN PUESTO": "CONTROL_POST_CHECK",
  INCAUTACION: "SEIZURE",
};

/** BIEN. */
export const ITEM_TERMS: Readonly<Record<string, ItemType>> = {
  EXCAVADORA: "EXCAVATOR",
  "CARGADOR FRONTAL": "FRONT_LOADER",
  RETROEXCAVADORA: "BACKHOE",
  VOLQUETE: "DUMP_TRUCK",
  MOTOR: "ENGINE",
  "BOMBA DE SUCCION": "SUCTION_PUMP",
  MOTOBOMBA: "MOTOR_PUMP",
  DRAGA: "DREDGE",
  "BALSA CARRANCHERA": "BALSA_CARRANCHERA",
  "GRUPO ELECTROGENO": "GENERATOR",
  COMPRESORA: "COMPRESSOR",
  CAMPAMENTO: "CAMP",
  BOCAMINA: "MINE_ENTRANCE",
  "PLANTA DE PROCESAMIENTO": "PROCESSING_PLANT",
  EXPLOSIVOS: "EXPLOSIVES",
  MERCURIO: "MERCURY",
  COMBUSTIBLE: "FUEL",
  "MINERAL AURIFERO": "GOLD_ORE",
};

/** ACCION. */
export const ACTION_TERMS: Readonly<Record<string, ItemAction>> = {
  DESTRUIDO: "DESTROYED",
  INCAUTADO: "SEIZED",
};

/** UNIDAD. */
export const UNIT_TERMS: Readonly<Record<string, QuantityUnit>> = {
  UNIDADES: "UNITS",
  UND: "UNITS",
  KG: "KILOGRAMS",
  KILOGRAMOS: "KILOGRAMS",
  T: "TONNES",
  TONELADAS: "TONNES",
  GALONES: "GALLONS",
  GAL: "GALLONS",
  LITROS: "LITRES",
  L: "LITRES",
  M3: "CUBIC_METERS",
  "METROS CUBICOS": "CUBIC_METERS",
};

/** TIPO FUENTE (empty: an official record, the agency's own report). */
export const SOURCE_KIND_TERMS: Readonly<Record<string, SourceKind>> = {
  "REGISTRO OFICIAL": "OFFICIAL_RECORD",
  "INFORME PCM": "PCM_REPORT",
  "NOTA DE PRENSA": "PRESS_RELEASE",
};

/** The Spanish terms of a vocabulary, for a refusal's reason. */
export function termsOf(terms: Readonly<Record<string, string>>): string {
  return Object.keys(terms).join(", ");
}
