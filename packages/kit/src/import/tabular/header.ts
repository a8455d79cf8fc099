import { ImportError } from "../import-error.ts";
import type { TabularOptions } from "./types.ts";

/** A column name as a lookup key: upper case, without accents, with single spaces (`Código  DM` → `CODIGO DM`). */
export function columnKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/^\uFEFF/, "")
    .replace(/["']/g, "")
    .replace(/[\s_]+/g, " ")
    .trim()
    .toUpperCase();
}

/** Finds the known columns in a header, by their lookup keys; unknown columns are ignored. */
export function indexHeader(header: readonly string[], options: TabularOptions): Map<string, number> {
  const known = new Map(options.columns.map((name) => [columnKey(name), name]));
  const index = new Map<string, number>();
  header.forEach((raw, position) => {
    const name = known.get(columnKey(raw));
    if (name === undefined) return;
    const earlier = index.get(name);
    if (earlier !== undefined) {
      throw new ImportError(
        `the header names column ${name} twice (columns ${earlier + 1} and ${position + 1})`,
        name,
      );
    }
    index.set(name, position);
  });
  const missing = (options.required ?? []).filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new ImportError(
      `the header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(found: ${header.map((h) => h.trim()).join(", ")})`,
      missing[0],
    );
  }
  for (const group of options.together ?? []) {
    const given = group.filter((column) => index.has(column));
    const absent = group.find((column) => !index.has(column));
    if (given.length > 0 && absent !== undefined) {
      throw new ImportError(
        `the header has ${given.join(", ")} but not ${absent}: give ${group.length === 2 ? "both or neither" : "all or none"}`,
        absent,
      );
    }
  }
  return index;
}

export function keyed(values: readonly string[], index: ReadonlyMap<string, number>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [name, position] of index) cells[name] = (values[position] ?? "").trim();
  return cells;
}
