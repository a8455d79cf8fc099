import { normalizeName, rucProblem } from "@tinkuy/kit";
import type { z } from "zod";
import { reinfoCode, registerInput } from "../inputs.ts";
import type { RecordDoc } from "../models.ts";
import type { Estado } from "../status.ts";
import type { Column } from "./columns.ts";
import type { PlaceMatcher } from "./places.ts";
import { parseSourceDate } from "./source-date.ts";

/** The fields of a record an extract sets, by MINEM's column names. */
export type ImportedFields = Pick<
  RecordDoc,
  | "COD_REINFO"
  | "M_RUC"
  | "NOMBRE_MIN"
  | "ID_UNIDAD"
  | "ID_DEPA"
  | "ID_PROV"
  | "ID_DIST"
  | "ESTADO"
  | "A_INSCRIPCION"
> &
  Partial<Pick<RecordDoc, "NOMBRE_REP" | "NOMBRE_DM" | "TIPO_ACT" | "LATITUD_G84" | "LONGITUD_G84">>;

/** A valid row: the record it describes, and when the registry last changed it. */
export interface ImportedRow {
  /** The row's first line in the source file (1 is the header). */
  line: number;
  fields: ImportedFields;
  /** FECHA_ACTUALIZACION: the date a status change is recorded with. */
  sourceDate: Date;
}

/**
 * A row's cells by column name, trimmed, as the kit's tabular reader gives them: a column the extract lacks
 * is absent (undefined), an empty cell is `""`.
 */
export type Cells = Readonly<Partial<Record<Column, string>>>;

/** Why one field of a row cannot be loaded. */
export interface RowProblem {
  field: string;
  reason: string;
}

/**
 * The official ESTADO values, as REINFO publishes them (upper case, no accents; read case- and
 * accent-insensitively). Anything else is rejected rather than guessed.
 */
const ESTADOS: readonly Estado[] = ["VIGENTE", "SUSPENDIDO", "EXCLUIDO", "FORMALIZADO"];

const FIRST_YEAR = 2012;
const { latitude, longitude, minerName, legalRepresentative, miningRightName, activityType } =
  registerInput.shape;

/** Validates rows of one extract against the rules the registration mutation applies. */
export class RowReader {
  readonly #places: PlaceMatcher;
  readonly #now: Date;

  constructor(places: PlaceMatcher, now: Date) {
    this.#places = places;
    this.#now = now;
  }

  /** The row's record, or every problem found in it (each names its column). */
  read(cells: Cells, line: number): ImportedRow | RowProblem[] {
    const problems: RowProblem[] = [];
    const problem = (field: string, reason: string): undefined => {
      problems.push({ field, reason });
      return undefined;
    };
    const required = (column: Column): string | undefined => {
      const value = cells[column];
      return value ? value : problem(column, "is empty");
    };
    const text = (
      column: Column,
      schema: z.ZodType<string | null | undefined>,
      optional: boolean,
    ): string | null | undefined => {
      const value = cells[column];
      if (value === undefined) return undefined;
      if (value === "") return optional ? null : problem(column, "is empty");
      const parsed = schema.safeParse(value);
      return parsed.success
        ? (parsed.data ?? null)
        : problem(column, parsed.error.issues[0]?.message ?? "is invalid");
    };

    const code = required("COD_REINFO");
    const codeParsed = code === undefined ? undefined : reinfoCode.safeParse(code);
    if (codeParsed && !codeParsed.success) problem("COD_REINFO", codeParsed.error.issues[0]?.message ?? "");

    const ruc = required("M_RUC");
    const rucIssue = ruc === undefined ? undefined : rucProblem(ruc);
    if (rucIssue) problem("M_RUC", `${JSON.stringify(ruc)} is not a valid RUC: ${rucIssue}`);

    const name = text("NOMBRE_MIN", minerName, false);
    const representative = text("NOMBRE_REP", legalRepresentative, true);
    const rightName = text("NOMBRE_DM", miningRightName, true);
    const activity = text("TIPO_ACT", activityType, true);

    const right = required("ID_UNIDAD");
    if (right !== undefined && !/^\d{1,9}$/.test(right)) {
      problem("ID_UNIDAD", `${JSON.stringify(right)} is not an INGEMMET mining-right code (1 to 9 digits)`);
    }

    const district = this.#district(cells, problem);
    const estado = this.#estado(cells, problem);
    const year = this.#year(cells, problem);
    const sourceDate = this.#sourceDate(cells, year, problem);
    const point = this.#point(cells, problem);

    if (problems.length > 0) return problems;
    const fields: ImportedFields = {
      COD_REINFO: code as string,
      M_RUC: ruc as string,
      NOMBRE_MIN: name as string,
      ID_UNIDAD: (right as string).padStart(9, "0"),
      ID_DEPA: (district as string).slice(0, 2),
      ID_PROV: (district as string).slice(0, 4),
      ID_DIST: district as string,
      ESTADO: estado as Estado,
      A_INSCRIPCION: year as number,
    };
    if (representative !== undefined) fields.NOMBRE_REP = representative;
    if (rightName !== undefined) fields.NOMBRE_DM = rightName;
    if (activity !== undefined) fields.TIPO_ACT = activity;
    if (point !== undefined) {
      fields.LATITUD_G84 = point?.[0] ?? null;
      fields.LONGITUD_G84 = point?.[1] ?? null;
    }
    return { line, fields, sourceDate: sourceDate as Date };
  }

  #district(cells: Cells, problem: (field: string, reason: string) => undefined): string | undefined {
    const names = (["DEPARTAMENTO", "PROVINCIA", "DISTRITO"] as const).map((c) => cells[c] ?? "");
    const empty = (["DEPARTAMENTO", "PROVINCIA", "DISTRITO"] as const).filter((_, i) => names[i] === "");
    if (empty.length > 0) {
      for (const column of empty) problem(column, "is empty");
      return undefined;
    }
    const match = this.#places.match(names[0] as string, names[1] as string, names[2] as string);
    if ("reason" in match) return problem(match.field, match.reason);
    const given = cells["ID_DIST"];
    if (given) {
      // Spreadsheets drop the leading zero of Amazonas' and Áncash's codes (010101 → 10101).
      const code = /^\d{5}$/.test(given) ? `0${given}` : given;
      if (code !== match.district.ubigeo) {
        return problem(
          "ID_DIST",
          `${JSON.stringify(given)} does not agree with ${names.join(" / ")}, which is UBIGEO ${match.district.ubigeo}`,
        );
      }
    }
    return match.district.ubigeo;
  }

  #estado(cells: Cells, problem: (field: string, reason: string) => undefined): Estado | undefined {
    const value = cells["ESTADO"] ?? "";
    const key = normalizeName(value);
    const estado = ESTADOS.find((e) => e === key);
    return (
      estado ?? problem("ESTADO", `unknown status ${JSON.stringify(value)} (expected ${ESTADOS.join(", ")})`)
    );
  }

  #year(cells: Cells, problem: (field: string, reason: string) => undefined): number | undefined {
    const value = cells["A_INSCRIPCION"] ?? "";
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    const latest = this.#now.getUTCFullYear();
    if (!(year >= FIRST_YEAR && year <= latest)) {
      return problem(
        "A_INSCRIPCION",
        `${JSON.stringify(value)} is not a registration year (${FIRST_YEAR} to ${latest})`,
      );
    }
    return year;
  }

  #sourceDate(
    cells: Cells,
    year: number | undefined,
    problem: (field: string, reason: string) => undefined,
  ): Date | undefined {
    const value = cells["FECHA_ACTUALIZACION"] ?? "";
    if (value === "") return problem("FECHA_ACTUALIZACION", "is empty");
    const date = parseSourceDate(value, this.#now);
    if (typeof date === "string") return problem("FECHA_ACTUALIZACION", date);
    if (year !== undefined && date.getUTCFullYear() < year) {
      return problem(
        "FECHA_ACTUALIZACION",
        `${JSON.stringify(value)} is before the registration year ${year}`,
      );
    }
    return date;
  }

  /** The coordinates; null when both cells are empty; undefined when the extract has no coordinate columns. */
  #point(
    cells: Cells,
    problem: (field: string, reason: string) => undefined,
  ): [number, number] | null | undefined {
    const lat = cells["LATITUD_G84"];
    const lon = cells["LONGITUD_G84"];
    if (lat === undefined || lon === undefined) return undefined;
    if (lat === "" && lon === "") return null;
    if (lat === "" || lon === "") {
      problem(
        lat === "" ? "LATITUD_G84" : "LONGITUD_G84",
        "is empty while its partner is not: give both or neither",
      );
      return undefined;
    }
    const parsed = (
      [
        ["LATITUD_G84", lat, latitude],
        ["LONGITUD_G84", lon, longitude],
      ] as const
    ).map(([column, raw, schema]) => {
      const number = decimal(raw);
      if (Number.isNaN(number)) return problem(column, `${JSON.stringify(raw)} is not a number`);
      const result = schema.safeParse(number);
      return result.success ? number : problem(column, `${raw} is outside Peru (WGS84 degrees)`);
    });
    const [y, x] = parsed;
    return y === undefined || x === undefined ? undefined : [y, x];
  }
}

/** A decimal number written with a point, or with a comma as Spanish-locale spreadsheets write it. */
function decimal(raw: string): number {
  const normalized = /^[-+]?\d+,\d+$/.test(raw) ? raw.replace(",", ".") : raw;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : NaN;
}
