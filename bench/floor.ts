/**
 * The floor: a plain `node:http` server that answers every request on a path with the exact bytes our gateway
 * returned for that path's scenario (captured once by the bench, read from the JSON file `FLOOR_RESPONSES`
 * names: path → body). Nothing can answer the same bytes faster over HTTP in Node.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseEnv, portVar } from "@tinkuy/kit";
import { z } from "zod";

const env = parseEnv(z.object({ PORT: portVar(4730), FLOOR_RESPONSES: z.string().min(1) }));
const bodies = new Map(
  Object.entries(JSON.parse(readFileSync(env.FLOOR_RESPONSES, "utf8")) as Record<string, string>).map(
    ([path, body]) => [path, Buffer.from(body)],
  ),
);
const headers = (body: Buffer) => ({
  "content-type": "application/json; charset=utf-8",
  "content-length": String(body.length),
});
const OK = Buffer.from('{"status":"ok"}');

const server = createServer((request, response) => {
  // Read (and drop) what the client sent, as any server must before the connection is reused.
  request.resume();
  request.once("end", () => {
    const body = request.url === "/healthz" ? OK : bodies.get(request.url ?? "");
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, headers(body)).end(body);
  });
});
server.listen(env.PORT, "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
