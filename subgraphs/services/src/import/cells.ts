import { regionCatalog } from "@tinkuy/kit";
import { CUI, CUI_RULE, isFunctionCode, type FunctionCode, type GovernmentLevel } from "../vocabulary.ts";

/** A cell read as a value, or why it could not be. */
export type Read<T> = { value: T } | { reason: string };

const ok = <T>(value: T): Read<T> => ({ value });
const no = <T>(reason: string): Read<T> => ({ reason });

/** Upper case, without accents, punctuation as single spaces: how the files' words are compared. */
export function term(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();
}

/** A CUI: seven digits (`2123456.0`, a spreadsheet's number, is `2123456`). */
export function readCui(raw: string): Read<string> {
  const text = raw.replace(/\.0+$/, "");
  if (text === "") return no("must not be empty");
  return CUI.test(text) ? ok(text) : no(`${JSON.stringify(raw)} is not a CUI: ${CUI_RULE}`);
}

const AMOUNT = /^(\d+)(?:[.,](\d+))?$/;

/**
 * Soles as integer céntimos: `1234567.89`, or `1234567,89` (the decimal comma); no thousands separators. More
 * than two decimals (a spreadsheet's float, `1234.5600000001`) are rounded to the céntimo, half up.
 */
export function readAmount(raw: string): Read<number> {
  if (raw.startsWith("-") && AMOUNT.test(raw.slice(1))) return no(`must not be negative, got ${raw}`);
  const m = AMOUNT.exec(raw);
  if (!m) return no(`${JSON.stringify(raw)} is not an amount in soles (digits, a decimal point or comma)`);
  const [, whole = "0", fraction = ""] = m;
  const cents =
    Number(whole) * 100 +
    Number(fraction.slice(0, 2).padEnd(2, "0")) +
    (Number(fraction[2] ?? "0") >= 5 ? 1 : 0);
  return Number.isSafeInteger(cents) ? ok(cents) : no(`${raw} is too large an amount`);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * A day at midnight UTC: `2019-05-21`, with an optional time (`2019-05-21 00:00:00`, `2019-05-21T00:00:00.000`:
 * the day is kept, the time dropped, as MEF's dates carry no meaningful time), or `21/05/2019`.
 */
export function readDay(raw: string): Read<Date> {
  const iso = ISO_DAY.exec(raw);
  const dayFirst = iso ? null : DAY_FIRST.exec(raw);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : null;
  if (!parts) return no(`${JSON.stringify(raw)} is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? ok(date) : no(`${JSON.stringify(raw)} is not a day of the calendar`);
}

/**
 * The districts of a `UBIGEO` cell: one six-digit INEI code, or several separated by `,`, `;`, `/`, `|` or
 * spaces, in the order given (a code that lost its leading zero, `10101`, is `010101`). Each must be a district
 * of INEI's catalogue, none twice, at most `max`.
 */
export function readDistricts(raw: string, max: number): Read<string[]> {
  const codes = raw.split(/[\s,;/|]+/).filter((code) => code !== "");
  if (codes.length === 0) return no("must not be empty");
  if (codes.length > max) return no(`lists ${codes.length} districts; at most ${max}`);
  const districts: string[] = [];
  for (const rawCode of codes) {
    const digits = rawCode.replace(/\.0+$/, "");
    const code = /^\d{5}$/.test(digits) ? `0${digits}` : digits;
    if (!/^\d{6}$/.test(code)) {
      return no(`${JSON.stringify(rawCode)} is not a district's UBIGEO (six digits)`);
    }
    if (regionCatalog().get(code)?.level !== "DISTRICT") return no(`unknown district UBIGEO ${code}`);
    if (districts.includes(code)) return no(`lists district ${code} twice`);
    districts.push(code);
  }
  return ok(districts);
}

/** MEF's functional classifier by name (`term` of it), as the open files write `FUNCION`. */
const FUNCTION_NAMES: Readonly<Record<string, FunctionCode>> = {
  LEGISLATIVA: "01",
  "RELACIONES EXTERIORES": "02",
  "PLANEAMIENTO GESTION Y RESERVA DE CONTINGENCIA": "03",
  "DEFENSA Y SEGURIDAD NACIONAL": "04",
  "ORDEN PUBLICO Y SEGURIDAD": "05",
  JUSTICIA: "06",
  TRABAJO: "07",
  COMERCIO: "08",
  TURISMO: "09",
  AGROPECUARIA: "10",
  PESCA: "11",
  ENERGIA: "12",
  MINERIA: "13",
  INDUSTRIA: "14",
  TRANSPORTE: "15",
  COMUNICACIONES: "16",
  AMBIENTE: "17",
  SANEAMIENTO: "18",
  "VIVIENDA Y DESARROLLO URBANO": "19",
  SALUD: "20",
  "CULTURA Y DEPORTE": "21",
  EDUCACION: "22",
  "PROTECCION SOCIAL": "23",
  "PREVISION SOCIAL": "24",
  "DEUDA PUBLICA": "25",
};

/**
 * `FUNCION` as its two-digit code: the name (`SANEAMIENTO`, as the open files write it), the code (`18`), or
 * both (`18 SANEAMIENTO`, `18.SANEAMIENTO`), which must then agree.
 */
export function readFunction(raw: string): Read<FunctionCode> {
  const words = term(raw);
  if (words === "") return no("must not be empty");
  const m = /^(\d{1,2})(?: (.*))?$/.exec(words);
  const code = m ? (m[1] as string).padStart(2, "0") : undefined;
  const named = FUNCTION_NAMES[m ? (m[2] ?? "") : words];
  if (code !== undefined && !isFunctionCode(code)) return no(`unknown function code ${code}: 01 to 25`);
  if (code !== undefined && m?.[2] !== undefined && named !== code) {
    return no(`${JSON.stringify(raw)}: the code and the name of the function disagree`);
  }
  const found = code ?? named;
  return found === undefined
    ? no(`unknown function ${JSON.stringify(raw)}: a name of MEF's functional classifier or its code 01–25`)
    : ok(found);
}

const LEVELS: Readonly<Record<string, GovernmentLevel>> = {
  GN: "NATIONAL",
  GR: "REGIONAL",
  GL: "LOCAL",
  "GOBIERNO NACIONAL": "NATIONAL",
  "GOBIERNO REGIONAL": "REGIONAL",
  "GOBIERNO LOCAL": "LOCAL",
};

/** `NIVEL`: `GN`, `GR` or `GL` (or *gobierno nacional*, *regional*, *local* in words). */
export function readLevel(raw: string): Read<GovernmentLevel> {
  const level = LEVELS[term(raw)];
  return level ? ok(level) : no(`unknown level of government ${JSON.stringify(raw)}: GN, GR or GL`);
}
