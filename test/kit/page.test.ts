import type { Model } from "mongoose";
import { describe, expect, it } from "vitest";
import {
  ascendingOrder,
  findPage,
  newestFirstOrder,
  pageSize,
  type PageOrder,
} from "../../packages/kit/src/index.ts";

interface Doc {
  code: string;
  row: number;
  date: Date;
}

const DOCS: Doc[] = [
  { code: "A-1", row: 1, date: new Date("2024-03-02T00:00:00.000Z") },
  { code: "A-2", row: 2, date: new Date("2024-03-01T00:00:00.000Z") },
  { code: "A-3", row: 3, date: new Date("2024-03-01T00:00:00.000Z") },
];

/** A model that answers every find with `docs` and records what it was asked. */
function fakeModel(docs: Doc[]) {
  const asked: { filter?: unknown; sort?: unknown; limit?: number } = {};
  const query = {
    sort(sort: unknown) {
      asked.sort = sort;
      return query;
    },
    limit(limit: number) {
      asked.limit = limit;
      return query;
    },
    lean: async () => docs.slice(0, asked.limit),
  };
  const model = {
    find(filter: unknown) {
      asked.filter = filter;
      return query;
    },
  } as unknown as Model<Doc>;
  return { model, asked };
}

function cursor(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

const BY_CODE = ascendingOrder<Doc>("things", "thing", "code");
const BY_ROW = ascendingOrder<Doc>("rows", "row", "row", (position) => {
  const row = Number(position);
  return Number.isSafeInteger(row) ? row : undefined;
});
const NEWEST = newestFirstOrder<Doc>("events", "ev", "date", "code");

async function page(order: PageOrder<Doc>, first: number, after?: string, filter: object = {}) {
  const { model, asked } = fakeModel(DOCS);
  const result = await findPage(model, { filter, first, after, order, totalCount: async () => DOCS.length });
  return { result, asked };
}

describe("Relay pages", () => {
  it("takes 20 by default and 1 to 100, refusing anything else on `first`", () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null)).toBe(20);
    expect(pageSize(100)).toBe(100);
    for (const bad of [0, 101, 1.5, -1]) {
      expect(() => pageSize(bad)).toThrow("first must be between 1 and 100");
    }
  });

  it("reads one node more than asked, to say whether a next page exists, and returns only the page", async () => {
    const { result, asked } = await page(BY_CODE, 2);
    expect(asked).toEqual({ filter: {}, sort: { code: 1 }, limit: 3 });
    expect(result.edges.map((e) => e.node.code)).toEqual(["A-1", "A-2"]);
    expect(result.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: cursor("thing:A-1"),
      endCursor: cursor("thing:A-2"),
    });
    expect(await result.totalCount()).toBe(3);
    const last = await page(BY_CODE, 3);
    expect(last.result.pageInfo.hasNextPage).toBe(false);
  });

  it("continues after the position its cursor holds, beside the list's own filter", async () => {
    const { asked } = await page(BY_CODE, 2, cursor("thing:A-2"), { status: "ACTIVE" });
    expect(asked.filter).toEqual({ status: "ACTIVE", code: { $gt: "A-2" } });
    const rows = await page(BY_ROW, 2, cursor("row:2"));
    expect(rows.asked.filter).toEqual({ row: { $gt: 2 } });
    expect(rows.result.edges[0]?.cursor).toBe(cursor("row:1"));
  });

  it("keeps both conditions when the filter names the field the cursor seeks on", async () => {
    const { asked } = await page(BY_CODE, 2, cursor("thing:A-2"), { code: { $in: ["A-1", "A-3"] } });
    expect(asked.filter).toEqual({ $and: [{ code: { $in: ["A-1", "A-3"] } }, { code: { $gt: "A-2" } }] });
  });

  it("orders newest first by day, ties by identifier, and seeks past both", async () => {
    const { result, asked } = await page(NEWEST, 3, cursor("ev:2024-03-01|A-3"));
    const date = new Date("2024-03-01T00:00:00.000Z");
    expect(asked.sort).toEqual({ date: -1, code: -1 });
    expect(asked.filter).toEqual({ $or: [{ date: { $lt: date } }, { date, code: { $lt: "A-3" } }] });
    expect(result.edges[0]?.cursor).toBe(cursor("ev:2024-03-02|A-1"));
  });

  it.each([
    ["not base64 of a tagged position", BY_CODE, "bm9wZQ", "things"],
    ["another list's cursor", BY_CODE, cursor("row:2"), "things"],
    ["an empty position", BY_CODE, cursor("thing:"), "things"],
    ["a row that is not a number", BY_ROW, cursor("row:two"), "rows"],
    ["a day that is not a date", NEWEST, cursor("ev:2024-13-45|A-1"), "events"],
    ["a position without its identifier", NEWEST, cursor("ev:2024-03-01|"), "events"],
  ])("refuses %s on `after`, naming the list", async (_name, order, after, list) => {
    const refused = page(order, 2, after);
    await expect(refused).rejects.toThrow(`not a cursor returned by ${list}`);
    await expect(refused).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "after" } });
  });
});
