import { describe, expect, it } from "vitest";
import { importViewer, onlyFile, pastDayOption, separatorOption } from "../../packages/kit/src/index.ts";

/** A parsed command line whose usage error throws the message (the real one prints it and exits 2). */
function cli(...positionals: string[]) {
  return {
    positionals,
    usageError(message: string): never {
      throw new Error(message);
    },
  };
}

describe("what every import command reads from its command line", () => {
  it("takes exactly one file", () => {
    expect(onlyFile(cli("anexo.xlsx"), "one annex file")).toBe("anexo.xlsx");
    expect(() => onlyFile(cli(), "one annex file")).toThrow("give exactly one annex file");
    expect(() => onlyFile(cli("a.csv", "b.csv"), "one CSV file")).toThrow("give exactly one CSV file");
  });

  it("takes a past day that exists as --as-of, and nothing when not given", () => {
    expect(pastDayOption(cli(), "as-of", undefined)).toBeUndefined();
    expect(pastDayOption(cli(), "as-of", "2025-06-30")?.toISOString()).toBe("2025-06-30T00:00:00.000Z");
    // Date() would read 30 February as 2 March; the option refuses it.
    for (const bad of ["2025-02-30", "2025-13-01", "30/06/2025", "2025-6-30", "9999-01-01"]) {
      expect(() => pastDayOption(cli(), "as-of", bad)).toThrow(
        `--as-of must be a past day as YYYY-MM-DD, got "${bad}"`,
      );
    }
  });

  it("takes ';' or ',' as a separator", () => {
    expect(separatorOption(cli(), ";")).toBe(";");
    expect(separatorOption(cli(), ",")).toBe(",");
    expect(separatorOption(cli(), undefined)).toBeUndefined();
    expect(() => separatorOption(cli(), "\t")).toThrow(`--separator must be ';' or ',', got "\\t"`);
  });

  it("audits an import as the pillar's own editor, named after who ran it", () => {
    const viewer = importViewer("recovery");
    expect(viewer).toMatchObject({ role: "AGENCY_EDITOR", pillar: "recovery", donor: null, grants: [] });
    expect(viewer.id).toMatch(/^import:.+/);
  });
});
