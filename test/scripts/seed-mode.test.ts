import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { isEmpty, openPillars, seedPillars, seedSelection, type OpenPillar } from "../../scripts/pillars.ts";
import { runCliFile } from "./clis.ts";
import { TEST_KEYS } from "../support/viewers.ts";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";

/**
 * `SEED=none npm start`: a real deployment starts with no demo data. The launcher's choice of pillars to seed
 * is `seedSelection(SEED)`; here it runs on every pillar of a fresh server as the launcher runs it.
 */
describe("starting empty (SEED=none)", () => {
  let mongo: EmbeddedMongo;
  let pillars: OpenPillar[];
  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    pillars = await openPillars({ uri: mongo.uri }, pino({ level: "silent" }), TEST_KEYS);
  });
  afterAll(async () => {
    for (const pillar of pillars ?? []) await pillar.connection.close();
    await mongo?.stop();
  });

  it("seeds no pillar and leaves every database empty, where demo would seed each empty one", async () => {
    expect(pillars.map((p) => p.name)).toEqual(PILLAR_NAMES);
    for (const pillar of pillars) {
      expect(await isEmpty(pillar)).toBe(true);
      expect(await seedSelection("demo")(pillar)).toBe(true);
      expect(await seedSelection("none")(pillar)).toBe(false);
    }
    const started: string[] = [];
    await seedPillars(pillars, {
      scale: 0.01,
      which: seedSelection("none"),
      starting: (pillar) => started.push(pillar.name),
    });
    expect(started).toEqual([]);
    for (const pillar of pillars) expect(await isEmpty(pillar)).toBe(true);
  });

  it("refuses a SEED it does not know before starting anything", async () => {
    const outcome = await runCliFile("scripts/start.ts", [], { SEED: "some", MONGO_PORT: "1" });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toMatch(/^invalid environment: SEED: /m);
  });
});
