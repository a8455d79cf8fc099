/**
 * `npm run export:iati [-- --out file.xml] [--donor REF]`: writes the livelihood projects as an IATI 2.03
 * `iati-activities` document, from the `livelihoods` database at `MONGODB_URI` (default: the embedded server
 * `npm start` runs), to `--out` or standard output.
 *
 * An operator's tool, run by whoever holds the database: it reads as an ADMIN would, every project and every
 * field (or, with `--donor`, the projects that organisation funds). It uses the same query and renderer as the
 * HTTP export (`/exports/iati.xml` on the gateway), through the subgraph's own schema, without the gateway.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  baseEnv,
  connectDatabase,
  createLogger,
  hubKeys,
  hubSecret,
  parseEnv,
  type Viewer,
} from "@tinkuy/kit";
import { z } from "zod";
import { ExportRefused, loadActivities } from "../subgraphs/livelihoods/src/iati-xml/activities.ts";
import { renderActivities } from "../subgraphs/livelihoods/src/iati-xml/render.ts";
import { createServer } from "../subgraphs/livelihoods/src/subgraph.ts";

const USAGE = "usage: npm run export:iati [-- --out file.xml] [--donor REF]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { out?: string | undefined; donor?: string | undefined };
try {
  ({ values } = parseArgs({ options: { out: { type: "string" }, donor: { type: "string" } } }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

/** Who the export reads as: an administrator, named so that the logs say which tool it was. */
const OPERATOR: Viewer = { id: "export-iati", role: "ADMIN", pillar: null, donor: null, grants: [] };

const env = parseEnv(baseEnv.extend({ LIVELIHOODS_DB: z.string().default("livelihoods") }));
const logger = createLogger("export-iati", "warn");
const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName: env.LIVELIHOODS_DB, logger });
const server = createServer(connection, logger, hubKeys(hubSecret(env)));
try {
  await server.apollo.start();
  const filter = values.donor === undefined ? {} : { donorRef: values.donor };
  let requests = 0;
  const projects = await loadActivities(
    server.apollo,
    () => server.context({ viewer: OPERATOR, requestId: `export-iati-${++requests}` }),
    filter,
  );
  const xml = renderActivities(projects, new Date());
  if (values.out === undefined) {
    process.stdout.write(xml);
  } else {
    // Written beside the target and renamed into place: an interrupted export never leaves half a file.
    const partial = `${values.out}.partial`;
    try {
      await writeFile(partial, xml, "utf8");
      await rename(partial, values.out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }
  const scope = values.donor === undefined ? "" : ` funded by ${values.donor}`;
  process.stderr.write(
    `${projects.length} IATI activities${scope}${values.out === undefined ? "" : ` written to ${values.out}`}\n`,
  );
  if (projects.length === 0) process.stderr.write("(no project matched: is the database seeded?)\n");
} catch (error) {
  if (error instanceof ExportRefused) {
    process.exitCode = 2;
    const field = error.field === "filter.donorRef" ? "--donor" : (error.field ?? "export");
    process.stderr.write(`${field}: ${error.message}\n${USAGE}\n`);
  } else {
    throw error;
  }
} finally {
  await server.apollo.stop();
  await connection.close();
}
