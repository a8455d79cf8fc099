import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gatewayEnv } from "../../gateway/src/env.ts";
import { viewerFromClaims } from "../../gateway/src/auth.ts";
import { PORTS, SUBGRAPH_URLS } from "../../bench/targets.ts";
import { GENERATED_TARGETS } from "../../schema/codegen.ts";
import { SUBGRAPHS } from "../../schema/subgraphs.ts";
import { PILLAR_NAMES, PILLARS } from "../../subgraphs/index.ts";
import { subgraphUrlVariable, viewerSchema } from "../../packages/kit/src/index.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const names = [...PILLAR_NAMES];

/**
 * Adding a pillar is its folder and one line in `subgraphs/index.ts`: every consumer derives what it knows of
 * the pillars from that list. The consumers' answers must name exactly the list's pillars, and no file outside
 * `subgraphs/` may write a list of pillar names of its own (which would also answer them, until a pillar is
 * added).
 */
describe("the list of pillars", () => {
  it("holds every pillar folder once, each with the same files", () => {
    const folders = readdirSync(new URL("../../subgraphs/", import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect([...names].sort()).toEqual(folders.sort());
    expect(new Set(PILLARS.map((pillar) => pillar.port)).size).toBe(PILLARS.length);
    for (const pillar of PILLARS) {
      for (const file of [
        "pillar.ts",
        "schema.graphql",
        "README.md",
        "codegen.ts",
        "src/index.ts",
        "seed/index.ts",
      ]) {
        expect(existsSync(`${root}subgraphs/${pillar.name}/${file}`), `${pillar.name}/${file}`).toBe(true);
      }
      expect(fileURLToPath(pillar.schema)).toBe(`${root}subgraphs/${pillar.name}/schema.graphql`);
    }
  });

  it("gives each pillar an entry point that only runs its definition", () => {
    for (const pillar of PILLARS) {
      const entry = readFileSync(`${root}subgraphs/${pillar.name}/src/index.ts`, "utf8");
      expect(entry).toBe(
        `import { runSubgraph } from "@tinkuy/kit";\nimport { ${pillar.name} } from "../pillar.ts";\n\nawait runSubgraph(${pillar.name});\n`,
      );
    }
  });

  it("is what composition, codegen, the gateway's settings and the bench read", () => {
    expect(SUBGRAPHS.map((subgraph) => subgraph.name)).toEqual(names);
    expect(GENERATED_TARGETS.map((target) => target.name)).toEqual(names);
    const env = Object.fromEntries(
      PILLARS.map((p) => [subgraphUrlVariable(p), `http://${p.name}.test/graphql`]),
    );
    expect(gatewayEnv(env).subgraphUrls).toEqual(
      Object.fromEntries(PILLARS.map((p) => [p.name, `http://${p.name}.test/graphql`])),
    );
    expect(Object.keys(PORTS.subgraphs)).toEqual(names);
    expect(Object.keys(SUBGRAPH_URLS)).toEqual(names);
    const supergraph = readFileSync(`${root}schema/supergraph.graphql`, "utf8");
    const graphs = [...supergraph.matchAll(/@join__graph\(name: "([a-z]+)"/g)].map((match) => match[1]);
    expect(graphs.sort()).toEqual([...names].sort());
  });

  it("decides which pillar a token may name: any of the list's, and no other", () => {
    const claims = (pillar: string) => ({ sub: "editor-1", role: "AGENCY_EDITOR", pillar });
    for (const name of names) expect(viewerFromClaims(claims(name)).pillar).toBe(name);
    // The kit's viewer takes any well-formed name (it serves every pillar); the gateway holds the list.
    expect(viewerSchema.safeParse({ ...claims("mining"), id: "x", donor: null, grants: [] }).success).toBe(
      true,
    );
    expect(() => viewerFromClaims(claims("mining"))).toThrow(/do not describe a Tinkuy viewer/);
  });

  it("is written once: no file outside subgraphs/ spells three pillar names in one line", () => {
    // The dashboard's indicator table and the exports' region view name the API's per-pillar fields
    // (Region.formalization, …), which are the schema's, not the list; browser code and the operation texts the
    // gateway registers cannot load the pillars' definitions.
    const allowed = new Set(["gateway/web/indicators.ts", "gateway/operations/export-query.ts"]);
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], {
      cwd: root,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => file && !file.startsWith("subgraphs/") && !file.includes("/generated/"))
      .filter((file) => !allowed.has(file) && existsSync(`${root}${file}`));
    const pattern = new RegExp(`["'\`](${names.join("|")})["'\`]`, "g");
    const offenders = files.flatMap((file) =>
      readFileSync(`${root}${file}`, "utf8")
        .split("\n")
        .flatMap((line, index) =>
          new Set([...line.matchAll(pattern)].map((match) => match[1])).size >= 3
            ? [`${file}:${index + 1}`]
            : [],
        ),
    );
    expect(offenders).toEqual([]);
  });

  it("is where every process finds the pillars' URLs: no file names two pillars' SUBGRAPH_<NAME>_URL", () => {
    // The bench's Hive gateway once listed four of them, one per line, and left a fifth pillar at the
    // supergraph's URL; the gateway and the bench derive them from the list (subgraphUrlVariable).
    const variables = new RegExp(`SUBGRAPH_(${names.map((name) => name.toUpperCase()).join("|")})_URL`, "g");
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], {
      cwd: root,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => file && !file.startsWith("subgraphs/") && existsSync(`${root}${file}`));
    const offenders = files.filter(
      (file) =>
        new Set([...readFileSync(`${root}${file}`, "utf8").matchAll(variables)].map((match) => match[1]))
          .size >= 2,
    );
    expect(offenders).toEqual([]);
  });
});
