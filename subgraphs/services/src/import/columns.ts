/**
 * The columns of MEF's investment-bank open data (Invierte.pe) the importer reads, as the three published files
 * name them (README.md beside this file gives each one's meaning and source). Where the files name one thing
 * two ways, every name is a known column and {@link Columns} says which to read first.
 */

/** The months as the active file's monthly *devengado* columns name them: `DEV_ENE_ANIO_VIG` … `DEV_DIC_ANIO_VIG`. */
export const MONTH_COLUMNS = [
  "DEV_ENE_ANIO_VIG",
  "DEV_FEB_ANIO_VIG",
  "DEV_MAR_ANIO_VIG",
  "DEV_ABR_ANIO_VIG",
  "DEV_MAY_ANIO_VIG",
  "DEV_JUN_ANIO_VIG",
  "DEV_JUL_ANIO_VIG",
  "DEV_AGO_ANIO_VIG",
  "DEV_SET_ANIO_VIG",
  "DEV_OCT_ANIO_VIG",
  "DEV_NOV_ANIO_VIG",
  "DEV_DIC_ANIO_VIG",
] as const;

/** One field of the record and the names the files give it, the first found in the header being read. */
export const COLUMNS = {
  cui: ["CODIGO_UNICO", "COD_UNICO", "CUI"],
  name: ["NOMBRE_INVERSION"],
  function: ["FUNCION"],
  programme: ["PROGRAMA"],
  subprogramme: ["SUBPROGRAMA", "SUBPROGRAM"],
  level: ["NIVEL"],
  investmentUnit: ["NOMBRE_UEI", "NOM_UEI"],
  budgetUnit: ["NOMBRE_UEP", "NOM_UEP"],
  entity: ["ENTIDAD"],
  ubigeo: ["UBIGEO"],
  department: ["DEPARTAMENTO"],
  province: ["PROVINCIA"],
  district: ["DISTRITO"],
  state: ["ESTADO"],
  situation: ["SITUACION"],
  viableCost: ["MONTO_VIABLE"],
  updatedCost: ["COSTO_ACTUALIZADO"],
  registeredOn: ["FECHA_REGISTRO"],
  viableOn: ["FECHA_VIABILIDAD"],
  processYear: ["ANIO_PROCESO", "ANIO_PROC"],
  yearAccrued: ["DEV_ANIO_ACTUAL"],
  accruedBefore: ["DEVEN_ACUMUL_ANIO_ANT"],
  accruedLife: ["DEVEN_ACUMULADO", "DEVENGADO_ACUMULADO"],
  firstAccrual: ["PRIMER_DEVENGADO"],
  lastAccrual: ["ULTIMO_DEVENGADO"],
  executionStart: ["FEC_INI_EJECUCION"],
  physicalStart: ["FEC_INI_EJEC_FISICA"],
  closedOn: ["FEC_CIERRE"],
  closureRegistered: ["FEC_REG_F9"],
} as const;

export type Field = keyof typeof COLUMNS;

/** Every column the importer knows (the tabular reader ignores the rest). */
export const ALL_COLUMNS: readonly string[] = [...Object.values(COLUMNS).flat(), ...MONTH_COLUMNS];

/**
 * The fields a file cannot be read without (one of each field's names): the CUI, the name, the function, the
 * level, the state and situation, the viable cost, the registration day and the location's UBIGEO.
 */
export const REQUIRED_FIELDS: readonly Field[] = [
  "cui",
  "name",
  "function",
  "level",
  "state",
  "situation",
  "viableCost",
  "registeredOn",
  "ubigeo",
];

/** The columns whose days say how recent a file is (its default as-of day is the latest of them). */
export const DATED_FIELDS: readonly Field[] = [
  "registeredOn",
  "viableOn",
  "firstAccrual",
  "lastAccrual",
  "closedOn",
  "closureRegistered",
];

/** A row's cells by the importer's column names, read field by field. */
export class Columns {
  readonly #present: ReadonlySet<string>;

  constructor(present: ReadonlySet<string>) {
    this.#present = present;
  }

  /** Whether the header has one of the field's names. */
  has(field: Field): boolean {
    return this.name(field) !== undefined;
  }

  /** The field's name in this file's header (the first of its names present), or undefined. */
  name(field: Field): string | undefined {
    return COLUMNS[field].find((column) => this.#present.has(column));
  }

  /** The name to report a problem with the field under: the file's own, or the field's first name. */
  label(field: Field): string {
    return this.name(field) ?? COLUMNS[field][0];
  }

  /** The field's cell in a row, trimmed; "" when empty or when the header lacks it. */
  get(cells: Readonly<Record<string, string>>, field: Field): string {
    const name = this.name(field);
    return name === undefined ? "" : (cells[name] ?? "").trim();
  }

  /** Whether the header has every month's column. */
  hasMonths(): boolean {
    return MONTH_COLUMNS.every((column) => this.#present.has(column));
  }

  /** The fields of {@link REQUIRED_FIELDS} the header lacks, by their first name. */
  missing(): string[] {
    return REQUIRED_FIELDS.filter((field) => !this.has(field)).map((field) => COLUMNS[field].join(" or "));
  }
}
