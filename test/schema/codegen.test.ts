import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_TARGETS, generateResolverTypes } from "../../schema/codegen.ts";

describe("generated resolver types", () => {
  it.each(GENERATED_TARGETS.map((t) => [t.output.pathname.split("/subgraphs/")[1], t] as const))(
    "%s is committed as generated from its SDL (run `npm run codegen` after changing a schema)",
    async (_name, target) => {
      expect(readFileSync(target.output, "utf8")).toBe(await generateResolverTypes(target));
    },
  );
});
