import type { Model, QueryFilter } from "mongoose";
import { badUserInput } from "./errors.ts";

/** Page sizes: the default, and the most one request may ask for. */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** Relay page state (`PageInfo` in every pillar's SDL). */
export interface PageInfo {
  hasNextPage: boolean;
  /** Always false: pagination is forward-only. */
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A Relay connection: one page of nodes with their cursors, and the total computed only if asked for. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/**
 * How a list is ordered, and what its cursors hold: the position of the node a page ends with. The last sort
 * key must be unique, so that "after this position" is exact.
 */
export interface PageOrder<T> {
  /** The list's field in the schema (`reinfoRecords`), named when a cursor is refused. */
  list: string;
  /** Prefixed to every position (`reinfo`), so a cursor of one list is refused by another. */
  tag: string;
  sort: Record<string, 1 | -1>;
  /** The position a node's cursor holds. */
  position(node: T): string;
  /** The condition for the nodes after a position; undefined when the position is malformed (forged). */
  after(position: string): QueryFilter<T> | undefined;
}

/** What one page is read from: the list's filter, the checked page size and the cursor to continue after. */
export interface PageRequest<T> {
  filter: QueryFilter<T>;
  /** The page size, from {@link pageSize}. */
  first: number;
  after: string | null | undefined;
  order: PageOrder<T>;
  /** Counts the matches across all pages; called only when `totalCount` is selected. */
  totalCount(): Promise<number>;
}

/** The page size a request asked for (`first`), or the default; BAD_USER_INPUT outside 1 to the maximum. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput("first", `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** Cursors are opaque to clients: base64url of a tag and the position the next page continues after. */
function encodeCursor(tag: string, position: string): string {
  return Buffer.from(`${tag}:${position}`, "utf8").toString("base64url");
}

function decodeCursor<T>(order: PageOrder<T>, cursor: string): QueryFilter<T> {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  const prefix = `${order.tag}:`;
  const after =
    decoded.startsWith(prefix) && decoded.length > prefix.length
      ? order.after(decoded.slice(prefix.length))
      : undefined;
  if (!after) throw badUserInput("after", `not a cursor returned by ${order.list}`);
  return after;
}

/** Both conditions: merged when they name different fields (the shape used so far), else in an `$and`. */
function both<T>(filter: QueryFilter<T>, after: QueryFilter<T>): QueryFilter<T> {
  const shared = Object.keys(after).some((field) => field in filter);
  return shared ? ({ $and: [filter, after] } as QueryFilter<T>) : { ...filter, ...after };
}

/**
 * Reads one page of a list: the nodes after the cursor in the list's order, reading one more than asked
 * for to know whether a next page exists. A cursor the list did not issue is BAD_USER_INPUT on `after`.
 */
export async function findPage<T>(model: Model<T>, request: PageRequest<T>): Promise<Page<T>> {
  const { order, first } = request;
  const filter =
    request.after == null ? request.filter : both(request.filter, decodeCursor(order, request.after));
  const docs = await model
    .find(filter)
    .sort(order.sort)
    .limit(first + 1)
    .lean<T[]>();
  const edges = docs
    .slice(0, first)
    .map((node) => ({ cursor: encodeCursor(order.tag, order.position(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: docs.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: request.totalCount,
  };
}

/** The fields of `T` whose values are `V`. */
type FieldOf<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T] & string;

/**
 * Ascending by one unique field; the cursor holds its value. `parse` reads a position back into the field's
 * value (undefined when malformed); strings are read as they are.
 */
export function ascendingOrder<T>(
  list: string,
  tag: string,
  field: FieldOf<T, string | number>,
  parse: (position: string) => string | number | undefined = (position) => position,
): PageOrder<T> {
  return {
    list,
    tag,
    sort: { [field]: 1 },
    position: (node) => String(node[field]),
    after(position) {
      const value = parse(position);
      return value === undefined ? undefined : ({ [field]: { $gt: value } } as QueryFilter<T>);
    },
  };
}

const DAY_AND_ID = /^(\d{4}-\d{2}-\d{2})\|(.+)$/;

/**
 * Newest first by a calendar date, ties broken by a unique identifier (descending too); the cursor holds the
 * day and the identifier (`2024-03-01|EO-2024-…`).
 */
export function newestFirstOrder<T>(
  list: string,
  tag: string,
  dateField: FieldOf<T, Date>,
  idField: FieldOf<T, string>,
): PageOrder<T> {
  return {
    list,
    tag,
    sort: { [dateField]: -1, [idField]: -1 },
    position: (node) => `${(node[dateField] as Date).toISOString().slice(0, 10)}|${String(node[idField])}`,
    after(position) {
      const match = DAY_AND_ID.exec(position);
      const date = match ? new Date(`${match[1]}T00:00:00.000Z`) : undefined;
      if (!match || !date || Number.isNaN(date.getTime())) return undefined;
      const id = match[2];
      return {
        $or: [{ [dateField]: { $lt: date } }, { [dateField]: date, [idField]: { $lt: id } }],
      } as QueryFilter<T>;
    },
  };
}
