/** The separators a CSV may use: `;` where spreadsheets use the decimal comma (Peru), `,` otherwise. */
export type Separator = ";" | ",";

/** A data row: its line in the file (a sheet's row number in XLSX; line 1 is usually the header). */
export interface TabularRow {
  line: number;
  /**
   * The row's cells by the importer's own column names (as given in {@link TabularOptions.columns}), trimmed;
   * a known column absent from the header is absent here, an empty cell is `""`.
   */
  cells: Record<string, string>;
}

/**
 * A row that could not be read (an unbalanced quote, more or fewer cells than the header, bytes that are not
 * text in the file's encoding).
 */
export interface MalformedRow {
  line: number;
  /** The column at fault when there is one (a cell that is not valid text); the row as a whole otherwise. */
  field?: string;
  reason: string;
  /** The cells that could be read, by column name (to name the row's code in the report). */
  cells?: Record<string, string>;
}

/** What a tabular importer reads, and how. */
export interface TabularOptions {
  /** Every column the importer knows, as the source names them; matched ignoring case, accents and spaces. */
  columns: readonly string[];
  /** The columns without which a file cannot be read (an {@link ImportError} naming the first missing). */
  required?: readonly string[];
  /** Groups of columns a header gives all together or not at all (`LATITUD`, `LONGITUD`). */
  together?: readonly (readonly string[])[];
  /** A CSV's separator; read from the header line when omitted. */
  separator?: Separator | undefined;
  /** An XLSX's sheet by name; the first sheet when omitted. */
  sheet?: string | undefined;
  /** The name the error messages give the source (`a PAM annex`). */
  describe?: string;
}

/** A CSV or XLSX file opened for reading. */
export interface TabularSource {
  format: "csv" | "xlsx";
  /**
   * How a CSV's bytes are read: UTF-8 (with or without BOM), or Windows-1252 when its first 64 KiB are not
   * UTF-8 (a "CSV" saved by Excel on Windows, Latin-1 included). `utf-8` for XLSX, which is always Unicode.
   */
  encoding: Encoding;
  /** The CSV's separator (`,` for XLSX: the report's). */
  separator: Separator;
  /** The file's size in bytes, for progress. */
  size: number;
  /** Bytes read so far. */
  bytesRead(): number;
  /** SHA-256 of the whole file (hex), once `rows()` has been read to the end. */
  sha256(): string;
  /** The known columns the header has (after the first row has been read). */
  present(): ReadonlySet<string>;
  /** The data rows (the header is read and checked first), streamed. */
  rows(): AsyncGenerator<TabularRow | MalformedRow>;
}

/** The encodings a CSV is read in. */
export type Encoding = "utf-8" | "windows-1252";
