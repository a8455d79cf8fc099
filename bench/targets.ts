import { subgraphUrlVariable } from "@tinkuy/kit";
import { EMBEDDED_DATABASE_FLAGS } from "../packages/embedded-mongo/src/index.ts";
import { PILLARS } from "../subgraphs/index.ts";
import { answers, startChild, WITH_MEMORY_PROBE, type Child } from "./children.ts";

/** Added to every port below (`BENCH_PORT_OFFSET`), so two measurements can run side by side. */
const OFFSET = Number(process.env["BENCH_PORT_OFFSET"] ?? "0");

/** Ports that do not collide with `npm start` (27017, 4000 and the pillars' 40xx). */
export const PORTS = {
  mongo: 4700 + OFFSET,
  /** Each pillar's bench port: its default port moved from 40xx to 47xx. */
  subgraphs: Object.fromEntries(PILLARS.map((pillar) => [pillar.name, pillar.port + 700 + OFFSET])) as Record<
    string,
    number
  >,
  ours: 4710 + OFFSET,
  oursCached: 4711 + OFFSET,
  hive: 4720 + OFFSET,
  floor: 4730 + OFFSET,
} as const;

const local = (port: number, path = "/graphql") => `http://127.0.0.1:${port}${path}`;

/** Each subgraph's GraphQL URL on the bench's ports, by pillar. */
export const SUBGRAPH_URLS: Record<string, string> = Object.fromEntries(
  PILLARS.map((pillar) => [pillar.name, local(PORTS.subgraphs[pillar.name] ?? 0)]),
);

/** The backend (the embedded database, seeded) and every pillar's subgraph running against it. */
export interface Backend {
  database: Child;
  uri: string;
  subgraphs: Child[];
}

/**
 * Starts the embedded database seeded at `scale` (`bench/backend.ts`) and then each subgraph from its real entry
 * point, as its container runs it.
 */
export async function startBackend(scale: number): Promise<Backend> {
  let uri = "";
  const database = await startChild(
    "database",
    "bench/backend.ts",
    { BENCH_SCALE: String(scale), BENCH_MONGO_PORT: String(PORTS.mongo) },
    (child) => {
      const match = /^ready (\S+)$/m.exec(child.output());
      if (match?.[1]) uri = match[1];
      return Promise.resolve(uri !== "");
    },
    { timeoutMs: 30 * 60_000, showStderr: true, nodeFlags: EMBEDDED_DATABASE_FLAGS },
  );
  const subgraphs: Child[] = [];
  for (const pillar of PILLARS) {
    const port = PORTS.subgraphs[pillar.name] ?? 0;
    subgraphs.push(
      await startChild(
        pillar.name,
        `subgraphs/${pillar.name}/src/index.ts`,
        { MONGODB_URI: uri, PORT: String(port), LOG_LEVEL: "warn" },
        answers(local(port, "/readyz")),
      ),
    );
  }
  return { database, uri, subgraphs };
}

const subgraphEnv = Object.fromEntries(
  PILLARS.map((pillar) => [subgraphUrlVariable(pillar), SUBGRAPH_URLS[pillar.name]]),
);

/** Our gateway (`gateway/src/index.ts`) on `port`, with its response cache on or off. */
export function startOurGateway(name: string, port: number, responseCache: boolean): Promise<Child> {
  return startChild(
    name,
    "gateway/src/index.ts",
    { PORT: String(port), LOG_LEVEL: "warn", RESPONSE_CACHE: responseCache ? "on" : "off", ...subgraphEnv },
    answers(local(port, "/healthz")),
    WITH_MEMORY_PROBE,
  );
}

/** Hive Gateway over the same supergraph and subgraphs (`bench/hive-gateway.ts`). */
export function startHiveGateway(port: number): Promise<Child> {
  return startChild(
    "hive",
    "bench/hive-gateway.ts",
    { PORT: String(port), ...subgraphEnv },
    answers(local(port, "/healthz")),
    WITH_MEMORY_PROBE,
  );
}

/** The floor (`bench/floor.ts`) serving the response bodies in the JSON file at `responsesPath`. */
export function startFloor(port: number, responsesPath: string): Promise<Child> {
  return startChild(
    "floor",
    "bench/floor.ts",
    { PORT: String(port), FLOOR_RESPONSES: responsesPath },
    answers(local(port, "/healthz")),
  );
}

/** The GraphQL URL of a process the bench started on `port`. */
export function graphqlUrl(port: number): string {
  return local(port);
}
