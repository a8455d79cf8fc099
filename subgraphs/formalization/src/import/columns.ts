/**
 * The columns of a REINFO extract, named as MINEM publishes them (GEOCATMIN's SERV_REINFO layer; domain notes
 * §1.1). An extract without one of these cannot say what a record is, so the import refuses it before writing.
 */
export const REQUIRED_COLUMNS = [
  "COD_REINFO",
  "M_RUC",
  "NOMBRE_MIN",
  "ID_UNIDAD",
  "DEPARTAMENTO",
  "PROVINCIA",
  "DISTRITO",
  "ESTADO",
  "A_INSCRIPCION",
  "FECHA_ACTUALIZACION",
] as const;

/**
 * Columns an extract may leave out. A column that is absent leaves that field of existing records as it is
 * (and null on new ones); a column that is present but empty in a row sets the field to null. `ID_DIST` is
 * checked against the names when given (the published layer often leaves it null).
 */
export const OPTIONAL_COLUMNS = [
  "NOMBRE_REP",
  "NOMBRE_DM",
  "ID_DIST",
  "TIPO_ACT",
  "LATITUD_G84",
  "LONGITUD_G84",
] as const;

export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** The coordinate columns: an extract gives both or neither. */
export const TOGETHER_COLUMNS = [["LATITUD_G84", "LONGITUD_G84"]] as const;
