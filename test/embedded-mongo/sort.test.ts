import { describe, expect, it } from "vitest";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const fixture = useEmbeddedMongo();

describe("sorting with a limit", () => {
  it("returns the same page as a full stable sort, ties in natural order, for a page far smaller than the matches", async () => {
    const collection = fixture
      .db("sort")
      .collection<{ _id: number; group: number; score: number | null }>("docs");
    const docs = Array.from({ length: 10_000 }, (_, i) => ({
      _id: i,
      group: (i * 7919) % 13,
      score: i % 97 === 0 ? null : (i * 104729) % 1000,
    }));
    await collection.insertMany(docs);
    const expectedOrder = [...docs].sort(
      (a, b) => a.group - b.group || (b.score ?? -Infinity) - (a.score ?? -Infinity) || a._id - b._id,
    );
    for (const [skip, limit] of [
      [0, 20],
      [35, 20],
      [0, 1],
      [990, 10],
    ] as const) {
      const page = await collection.find({}).sort({ group: 1, score: -1 }).skip(skip).limit(limit).toArray();
      expect(page.map((d) => d._id)).toEqual(expectedOrder.slice(skip, skip + limit).map((d) => d._id));
    }
  });
});
