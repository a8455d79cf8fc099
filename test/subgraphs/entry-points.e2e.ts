import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { databaseVariable } from "../../packages/kit/src/index.ts";
import { PILLARS } from "../../subgraphs/index.ts";
import { freePort, startService } from "../support/processes.ts";

let mongo: EmbeddedMongo;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
});

afterAll(async () => {
  await mongo?.stop();
});

/** Each pillar's own process, as its container runs it: `src/index.ts`, which is `runSubgraph(pillar)`. */
describe.each(PILLARS.map((pillar) => [pillar.name, pillar] as const))("the %s service", (name, pillar) => {
  it("prepares its own database, is ready, answers only the gateway, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const database = `entry_${name}`;
    const service = await startService(
      `subgraphs/${name}/src/index.ts`,
      { MONGODB_URI: mongo.uri, [databaseVariable(pillar)]: database, PORT: String(port), LOG_LEVEL: "warn" },
      `http://127.0.0.1:${port}/readyz`,
    );
    try {
      // Prepared (indexes, counters) in the database `<NAME>_DB` names, not in one named after the pillar.
      const namespaces = Object.keys(mongo.stats().namespaces);
      expect(namespaces.filter((ns) => ns.startsWith(`${database}.`)).length).toBeGreaterThan(0);
      expect(namespaces.filter((ns) => ns.startsWith(`${name}.`))).toEqual([]);
      const unsigned = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(unsigned.status).toBe(401);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });
});
