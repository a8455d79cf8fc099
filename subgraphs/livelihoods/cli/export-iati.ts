/**
 * `npm run export:iati [-- --out file.xml] [--donor REF] [--include-synthetic]`: writes the livelihood projects
 * as an IATI 2.03 `iati-activities` document, from the `livelihoods` database at `MONGODB_URI` (default: the
 * embedded server `npm start` runs), to `--out` or standard output. Synthetic demo projects are left out unless
 * `--include-synthetic` (then marked); with no activity left it writes nothing and fails, as the schema requires
 * at least one.
 *
 * An operator's tool, run by whoever holds the database: it reads as an ADMIN would, every project and every
 * field (or, with `--donor`, the projects that organisation funds). It uses the same query and renderer as the
 * HTTP export (`/exports/iati.xml` on the gateway), through the subgraph's own schema, without the gateway.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { openPillar, parseCli, runCli, type Viewer } from "@tinkuy/kit";
import { ExportRefused, loadActivities } from "../src/iati-xml/activities.ts";
import { renderActivities } from "../src/iati-xml/render.ts";
import { selectActivities } from "../src/iati-xml/select.ts";
import { livelihoods } from "../pillar.ts";

const cli = parseCli({
  usage: `usage: npm run export:iati -- [--out FILE.xml] [--donor REF] [--include-synthetic]
  --out FILE            write the IATI 2.03 XML to FILE (default: standard output)
  --donor REF           only the projects this IATI organisation funds (e.g. XM-DAC-41114; the demo
                        data's funders are XE-EXAMPLE-TINKUY-DONANTE-A … -G and -FINANCIADOR-NACIONAL)
  --include-synthetic   add the synthetic demo projects (left out by default), each marked as synthetic
Reads the livelihoods database at MONGODB_URI (default: the embedded server npm start runs) as an ADMIN.`,
  options: {
    out: { type: "string" },
    donor: { type: "string" },
    "include-synthetic": { type: "boolean", default: false },
  },
});
const { values } = cli;

/** Who the export reads as: an administrator, named so that the logs say which tool it was. */
const OPERATOR: Viewer = { id: "export-iati", role: "ADMIN", pillar: null, donor: null, grants: [] };

await runCli(async () => {
  const { server, close } = await openPillar(livelihoods, { process: "export-iati", logLevel: "warn" });
  let refused: string | undefined;
  try {
    await server.apollo.start();
    const filter = values.donor === undefined ? {} : { donorRef: values.donor };
    let requests = 0;
    const loaded = await loadActivities(
      server.apollo,
      () => server.context({ viewer: OPERATOR, requestId: `export-iati-${++requests}` }),
      filter,
    );
    const { activities, syntheticOmitted } = selectActivities(loaded, {
      includeSynthetic: values["include-synthetic"],
    });
    const scope = values.donor === undefined ? "" : ` funded by ${values.donor}`;
    const omitted =
      syntheticOmitted === 0
        ? ""
        : ` (${syntheticOmitted} synthetic activities left out; --include-synthetic to add them)`;
    if (activities.length === 0) {
      // IATI's schema requires at least one activity: no file beats one every validator rejects.
      const why = loaded.length === 0 ? "no project matched: is the database seeded?" : "nothing written";
      throw new Error(`0 IATI activities${scope}${omitted}: ${why}`);
    }
    const xml = renderActivities(activities, new Date());
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
    const where = values.out === undefined ? "" : ` written to ${values.out}`;
    process.stderr.write(`${activities.length} IATI activities${scope}${where}${omitted}\n`);
  } catch (error) {
    if (!(error instanceof ExportRefused)) throw error;
    const field = error.field === "filter.donorRef" ? "--donor" : (error.field ?? "export");
    refused = `${field}: ${error.message}`;
  } finally {
    await server.apollo.stop();
    await close();
  }
  // A refused --donor is a usage error, reported once the connection is closed.
  if (refused !== undefined) cli.usageError(refused);
});
