/**
 * `npm run example:client`: queries a running hub with the typed, persisted operations and prints a summary.
 *
 *   GATEWAY_URL   the gateway's /graphql (default http://localhost:4000/graphql)
 *   TOKEN         a bearer token (`npm run -s token -- --role MINISTRY_ANALYST`); none: the public viewer
 *   UBIGEO        the region (default 17, Madre de Dios)
 *   RUC           an operator to show (a RUC, or a pseudonym an analyst sees); omitted: the region only
 *   FROM, TO      the period, YYYY-MM-DD (default: the current year)
 */
import { operatorView, regionView, summarizeOperator, summarizeRegion, type Client } from "./client.ts";

const env = process.env;
const client: Client = { url: env["GATEWAY_URL"] ?? "http://localhost:4000/graphql", token: env["TOKEN"] };
const from = env["FROM"];
const to = env["TO"];
const period = from && to ? { from, to } : undefined;

const region = await regionView(client, env["UBIGEO"] ?? "17", period);
process.stdout.write(region ? `${summarizeRegion(region).join("\n")}\n` : "No such region.\n");

const ruc = env["RUC"];
if (ruc) {
  const operator = await operatorView(client, ruc);
  process.stdout.write(operator ? `${summarizeOperator(operator).join("\n")}\n` : `No operator ${ruc}.\n`);
} else {
  process.stdout.write("(set RUC=… and a TOKEN to see an operator across the pillars)\n");
}
