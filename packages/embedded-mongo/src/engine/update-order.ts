import type { Document } from "bson";
// mingo's base updater: the one exported by "mingo" would put its default operators over mingoOptions' context.
import { update as applyOperators } from "mingo/updater";
import { CREATING_OPERATORS } from "./creating-operators.ts";
import { asUpdateError } from "./errors.ts";
import { mingoOptions } from "./mingo.ts";
import type { OperatorContext } from "./operator-context.ts";
import { valueAt } from "./value-at.ts";

/** One field of an update operator. */
interface UpdateField {
  op: string;
  path: string;
  value: unknown;
}

/**
 * Applies update operators with mingo, in place. MongoDB applies an update's fields in lexicographic path
 * order (numeric parts as numbers), which decides where new fields land, so mingo gets them in that order.
 * mingo tests its `condition` against the document before updating: the filter is passed only for the
 * positional `$` (which needs it, unmodified, so that update runs as one step), never for an upsert's new
 * document, which need not match a filter with ranges or regexes.
 */
export function applyInOrder(doc: Document, modifier: Document, context: OperatorContext): void {
  const fields = Object.entries(modifier).flatMap(([op, paths]) =>
    Object.entries(paths as Document).map(([path, value]): UpdateField => ({ op, path, value })),
  );
  if (fields.length === 0) return;
  const positional = fields.some(({ path }) => /(^|\.)\$(\.|$)/.test(path));
  const condition = positional && !context.inserting ? context.query : {};
  try {
    const inOrder = positional || createsInOrder(doc, fields);
    for (const step of inOrder ? [modifier] : inApplyOrder(fields)) {
      applyOperators(doc, step, context.arrayFilters, condition, {
        cloneMode: "deep",
        queryOptions: mingoOptions({ variables: context.variables, collation: context.collation }),
      });
    }
  } catch (error) {
    throw asUpdateError(error);
  }
}

/**
 * Whether mingo, applying the fields as given, creates the missing ones in MongoDB's order anyway (the usual
 * case: only new fields' positions depend on the order), so one mingo call does.
 */
function createsInOrder(doc: Document, fields: UpdateField[]): boolean {
  let previous: string | undefined;
  for (const field of fields) {
    if (!CREATING_OPERATORS.has(field.op) && field.op !== "$rename") continue;
    const path = applyPath(field);
    if (valueAt(doc, path) !== undefined) continue;
    if (previous !== undefined && comparePaths(previous, path) > 0) return false;
    previous = path;
  }
  return true;
}

/**
 * The fields as mingo updates in MongoDB's order: sorted by the path they write, consecutive fields of one
 * operator sharing a step (each mingo call has a fixed cost).
 */
function inApplyOrder(fields: UpdateField[]): Document[] {
  fields.sort((a, b) => comparePaths(applyPath(a), applyPath(b)));
  const steps: Document[] = [];
  for (const { op, path, value } of fields) {
    const same = steps[steps.length - 1]?.[op] as Document | undefined;
    if (same) same[path] = value;
    else steps.push({ [op]: { [path]: value } });
  }
  return steps;
}

/** The path an operator's field writes: `$rename` writes its target. */
function applyPath({ op, path, value }: UpdateField): string {
  return op === "$rename" && typeof value === "string" ? value : path;
}

function comparePaths(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
