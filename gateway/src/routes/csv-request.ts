/** The longest period the figures accept (the subgraphs' `parsePeriod` limit), checked here to name the parameter. */
const MAX_YEARS = 30;

/** The CSV's options as the query string gives them. */
export interface CsvRequest {
  from: string;
  to: string;
  separator: "," | ";";
  lang: "es" | "en";
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (not `2025-02-30`), as UTC midnight; null otherwise. */
function calendarDate(text: string): Date | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

/** Reads and checks the query string; the first problem names its parameter. */
export function csvRequest(search: URLSearchParams): CsvRequest | { field: string; message: string } {
  const dates: Record<"from" | "to", Date> = { from: new Date(0), to: new Date(0) };
  for (const field of ["from", "to"] as const) {
    const text = search.get(field);
    if (text === null) return { field, message: `${field} is required: a date YYYY-MM-DD` };
    const date = calendarDate(text);
    if (!date) return { field, message: `${field} must be a calendar date YYYY-MM-DD, got "${text}"` };
    dates[field] = date;
  }
  if (dates.from > dates.to) return { field: "to", message: "to must be on or after from" };
  if (dates.to.getUTCFullYear() - dates.from.getUTCFullYear() > MAX_YEARS) {
    return { field: "to", message: `to may be at most ${MAX_YEARS} years after from` };
  }
  const separator = search.get("separator") ?? ",";
  if (separator !== "," && separator !== ";") {
    return {
      field: "separator",
      message: `separator must be "," or ";" (URL-encoded %3B), got "${separator}"`,
    };
  }
  const lang = search.get("lang") ?? "es";
  if (lang !== "es" && lang !== "en")
    return { field: "lang", message: `lang must be es or en, got "${lang}"` };
  return { from: search.get("from") ?? "", to: search.get("to") ?? "", separator, lang };
}
