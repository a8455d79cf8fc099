import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FUNCTION_CODES, FUNCTIONS, functionCodeOf } from "../../subgraphs/services/src/vocabulary.ts";

describe("services vocabulary", () => {
  it("lists MEF's function codes in MEF's order, 01 to 25, as the schema's GovernmentFunction does", () => {
    const mef = Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, "0"));
    expect(FUNCTION_CODES).toEqual(mef);
    // The object's own key order is not MEF's: "10"–"25" are array indexes, listed before "01"–"09".
    expect(Object.keys(FUNCTIONS)).not.toEqual(mef);
    expect(FUNCTION_CODES.map((code) => functionCodeOf(FUNCTIONS[code]))).toEqual(mef);
    const sdl = readFileSync(new URL("../../subgraphs/services/schema.graphql", import.meta.url), "utf8");
    const body = /enum GovernmentFunction[^{]*\{([^}]*)\}/.exec(sdl)?.[1] ?? "";
    const values = body
      .replace(/"""[\s\S]*?"""|"[^"\n]*"/g, "")
      .split(/\s+/)
      .filter((word) => /^[A-Z_]+$/.test(word));
    expect(values).toEqual(FUNCTION_CODES.map((code) => FUNCTIONS[code]));
  });
});
