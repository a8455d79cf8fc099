import { ImportError } from "./import-error.ts";

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

/** Where each known column is in a row (absent optional columns are missing from the map). */
export type ColumnIndex = ReadonlyMap<Column, number>;

const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

/**
 * Finds the known columns in a header row, in any order and among any other columns (which are ignored).
 * Names are matched ignoring case and surrounding spaces. A missing required column, a repeated known column,
 * or only one of the two coordinates is an {@link ImportError} naming the column.
 */
export function indexColumns(header: readonly string[]): ColumnIndex {
  const index = new Map<Column, number>();
  header.forEach((raw, position) => {
    const name = raw.trim().toUpperCase();
    if (!KNOWN.has(name)) return;
    const earlier = index.get(name as Column);
    if (earlier !== undefined) {
      throw new ImportError(
        `the header names column ${name} twice (columns ${earlier + 1} and ${position + 1})`,
        name,
      );
    }
    index.set(name as Column, position);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new ImportError(
      `the header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(found: ${header.map((h) => h.trim()).join(", ")})`,
      missing[0],
    );
  }
  if (index.has("LATITUD_G84") !== index.has("LONGITUD_G84")) {
    const absent = index.has("LATITUD_G84") ? "LONGITUD_G84" : "LATITUD_G84";
    throw new ImportError(
      `the header has one coordinate column but not ${absent}: give both or neither`,
      absent,
    );
  }
  return index;
}
