import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useImportCommand } from "../support/import-cli.ts";

const DB = "import_areas_cli";

/** A fictitious 0.001°-square area near Puerto Maldonado (Tambopata), the i-th of a row of them. */
function feature(id: string, i = 0, properties: Record<string, unknown> = { detected_on: "2024-03-15" }) {
  const west = -69.3 + (i % 100) * 0.002;
  const south = -12.62 + Math.floor(i / 100) * 0.002;
  return {
    type: "Feature",
    id,
    properties,
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [west, south],
          [west + 0.001, south],
          [west + 0.001, south + 0.001],
          [west, south + 0.001],
          [west, south],
        ],
      ],
    },
  };
}

async function layer(name: string, features: unknown[]): Promise<string> {
  const path = join(command.dir(), name);
  await writeFile(path, JSON.stringify({ type: "FeatureCollection", features }));
  return path;
}

const command = useImportCommand("subgraphs/recovery/cli/import-degraded-areas.ts");
/** Runs the command with `args`, stdout not a TTY (plain progress lines); `onStderr` may kill it. */
const importCli = (args: string[], onStderr?: (text: string, kill: () => void) => void) =>
  command.run(args, { RECOVERY_DB: DB }, onStderr);

const areas = () => command.client().db(DB).collection("degraded_areas");

describe("npm run import:degraded-areas", () => {
  it("exits 0 all in, 2 with a report by id, 1 on a file that is no layer or a wrong command line; a dry run writes nothing", async () => {
    const good = await layer("maap.geojson", [feature("MAAP-E-1"), feature("MAAP-E-2", 1)]);
    const mixed = await layer("mixto.geojson", [
      feature("MAAP-E-1"),
      feature("MAAP-E-3", 2, {}),
      { ...feature("MAAP-E-4", 3), geometry: { type: "Point", coordinates: [-69.2, -12.6] } },
    ]);

    const dry = await importCli([mixed, "--source", "MAAP", "--dry-run"]);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(await areas().countDocuments()).toBe(0);

    const first = await importCli([good, "--source", "MAAP", "--as-of", "2025-07-01"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /read 2 features in [\d.]+s: 2 inserted, 0 updated, 0 unchanged, 0 rejected/,
    );
    expect(await areas().countDocuments()).toBe(2);

    const second = await importCli([mixed, "--source", "MAAP", "--as-of", "2025-07-01"]);
    expect(second.code).toBe(2);
    expect(second.stdout).toContain("1 unchanged, 2 rejected");
    const report = await readFile(join(command.dir(), "mixto.rejected.csv"), "utf8");
    expect(report.startsWith("\uFEFFid,feature,field,reason\n")).toBe(true);
    expect(report).toContain('MAAP-E-3,2,detected_on,"missing date');
    expect(report).toContain("MAAP-E-4,3,geometry,a Point is not an area");

    const notLayer = join(command.dir(), "otro.geojson");
    await writeFile(notLayer, JSON.stringify({ type: "Feature" }));
    const refused = await importCli([notLayer, "--source", "MAAP"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not a GeoJSON FeatureCollection/);

    const noSource = await importCli([good]);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/--source must be one of MAAP/);
  });

  it("converges when killed with SIGKILL part-way and run again", async () => {
    await areas().deleteMany({});
    const big = await layer(
      "grande.geojson",
      Array.from({ length: 2000 }, (_, i) => feature(`AMW-K-${i + 1}`, i)),
    );
    const killed = await importCli([big, "--source", "AMAZON_MINING_WATCH"], (text, kill) => {
      if (text.includes("rows read")) kill();
    });
    expect(killed.signal).toBe("SIGKILL");
    const partial = await areas().countDocuments();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(2000);
    const rerun = await importCli([big, "--source", "AMAZON_MINING_WATCH"]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${2000 - partial} inserted, 0 updated, ${partial} unchanged, 0 rejected`);
    expect(await areas().countDocuments()).toBe(2000);
    const stats = await command
      .client()
      .db(DB)
      .collection("region_stats")
      .findOne({ _id: "17|2024-03" as never });
    expect(stats?.degradedAreas).toBe(2000);
    const total = await areas()
      .aggregate<{ ares: number }>([{ $group: { _id: null, ares: { $sum: "$ares" } } }])
      .toArray();
    expect(stats?.degradedAres).toBe(total[0]?.ares);
  });
});
