import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EMBEDDED_DATABASE_FLAGS } from "../../packages/embedded-mongo/src/index.ts";

describe("the embedded database's process flags", () => {
  it("are the ones `npm start` runs with", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    const start = (manifest.scripts["start"] ?? "").split(" ");
    expect(EMBEDDED_DATABASE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of EMBEDDED_DATABASE_FLAGS) expect(start).toContain(flag);
    expect(start.slice(-3)).toEqual(["--import", "tsx", "scripts/start.ts"]);
  });
});
