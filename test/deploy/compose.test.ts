import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SUBGRAPHS } from "../../schema/subgraphs.ts";

// Docker cannot run where the tests run, so the deployment files are checked statically: dclint (with the
// Compose Specification's schema), `docker compose config` where a Docker client with compose exists, and the
// structure that makes the stack start in order and stay up.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const COMPOSE_FILE = join(ROOT, "docker-compose.yml");

/** The parts of a Compose service this test reads (the file is written in these long forms). */
interface ComposeService {
  image?: string;
  build?: { context?: string; args?: Record<string, string> };
  command?: string[];
  depends_on?: Record<string, { condition?: string }>;
  volumes?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  restart?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(COMPOSE_FILE, "utf8"), { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);
const dockerfile = instructions(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const dockerignore = readFileSync(join(ROOT, ".dockerignore"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

/** The service named `name`, failing the test if there is none. */
function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The workspace a service's image is built for (its WORKSPACE build arg), if it is built here. */
function workspaceOf(definition: ComposeService): string | undefined {
  return definition.build?.args?.["WORKSPACE"];
}

/** The Dockerfile as instructions: continuation lines joined, comments and blank lines dropped. */
function instructions(source: string): { keyword: string; args: string }[] {
  return source
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** Whether a .dockerignore pattern keeps `path` (relative to the repository root) out of the build context. */
function ignored(path: string): boolean {
  const segments = path.split("/");
  return dockerignore.some((pattern) =>
    pattern.startsWith("**/")
      ? segments.includes(pattern.slice(3))
      : path === pattern || path.startsWith(`${pattern}/`),
  );
}

/**
 * The context paths a build of `workspace` copies: the sources of every COPY that is not from another stage, in
 * the whole Dockerfile or (with `finalStage`) in the image that runs.
 */
function copiedPaths(workspace: string, finalStage = false): string[] {
  const start = finalStage ? dockerfile.findLastIndex((instruction) => instruction.keyword === "FROM") : 0;
  return dockerfile
    .slice(start)
    .filter((instruction) => instruction.keyword === "COPY" && !instruction.args.includes("--from="))
    .flatMap((instruction) => {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      return words.slice(0, -1).map((source) => source.replace(/\$\{?WORKSPACE\}?/g, workspace));
    });
}

/** The Dockerfile's HEALTHCHECK command, as an exec array. */
function dockerfileHealthcheck(): unknown {
  const healthcheck = dockerfile.find((instruction) => instruction.keyword === "HEALTHCHECK");
  const exec = healthcheck?.args.match(/\bCMD\s+(\[.*\])$/)?.[1];
  return exec === undefined ? undefined : JSON.parse(exec);
}

function hasDockerCompose(): boolean {
  return spawnSync("docker", ["compose", "version"], { stdio: "ignore" }).status === 0;
}

const subgraphNames = SUBGRAPHS.map((subgraph) => subgraph.name);
const nodeServices = services.filter(([, definition]) => workspaceOf(definition) !== undefined);

describe("docker-compose.yml", () => {
  it("passes dclint (the Compose schema and .dclintrc's rules) with no errors and no warnings", () => {
    const result = spawnSync(
      join(ROOT, "node_modules", ".bin", "dclint"),
      [
        "docker-compose.yml",
        "--config",
        ".dclintrc",
        "--formatter",
        "json",
        "--max-warnings",
        "0",
        "--no-color",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    const report = JSON.parse(result.stdout) as {
      messages: { rule: string; line: number; message: string }[];
    }[];
    expect(report.flatMap((file) => file.messages.map((m) => `${m.line}: ${m.message} (${m.rule})`))).toEqual(
      [],
    );
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasDockerCompose())("is accepted by `docker compose config`", () => {
    const result = spawnSync("docker", ["compose", "-f", "docker-compose.yml", "config", "-q"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("gives every service a health check", () => {
    for (const [name, definition] of services) {
      expect(definition.healthcheck?.test?.length ?? 0, name).toBeGreaterThan(0);
      expect(definition.healthcheck?.disable, name).not.toBe(true);
    }
  });

  it("starts a service only once each service it depends on is healthy", () => {
    for (const [name, definition] of services) {
      for (const [dependency, { condition }] of Object.entries(definition.depends_on ?? {})) {
        expect(compose.services, `${name} depends on ${dependency}`).toHaveProperty(dependency);
        expect(condition, `${name} depends on ${dependency}`).toBe("service_healthy");
      }
    }
  });

  it("restarts every service unless it was stopped", () => {
    for (const [name, definition] of services) expect(definition.restart, name).toBe("unless-stopped");
  });

  it("runs MongoDB as the single-node replica set rs0 on a named volume, healthy once it is primary", () => {
    const mongo = service("mongo");
    expect(mongo.image).toMatch(/^mongo:7\.0/);
    expect(mongo.command).toEqual(["--replSet", "rs0", "--bind_ip_all"]);
    expect(mongo.volumes).toContain("mongo-data:/data/db");
    expect(compose.volumes).toHaveProperty("mongo-data");
    const check = mongo.healthcheck?.test?.join(" ") ?? "";
    expect(check).toContain("rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] })");
    expect(check).toContain("isWritablePrimary");
  });

  it("has a service for every subgraph of the supergraph, built from a workspace with src/index.ts", () => {
    for (const name of subgraphNames) {
      const workspace = workspaceOf(service(name));
      expect(workspace, name).toBeDefined();
      expect(existsSync(join(ROOT, workspace ?? "", "src", "index.ts")), `${workspace}/src/index.ts`).toBe(
        true,
      );
      expect(service(name).depends_on?.["mongo"]?.condition, name).toBe("service_healthy");
    }
  });

  it("connects every service that uses MongoDB to the replica set rs0", () => {
    const clients = services.filter(
      ([, definition]) => definition.environment?.["MONGODB_URI"] !== undefined,
    );
    expect(clients.map(([name]) => name)).toEqual(expect.arrayContaining(subgraphNames));
    for (const [name, definition] of clients) {
      const uri = new URL(definition.environment?.["MONGODB_URI"] ?? "");
      expect(uri.host, name).toBe("mongo:27017");
      expect(uri.searchParams.get("replicaSet"), name).toBe("rs0");
    }
  });

  it("points the gateway at every subgraph's service, and starts it once they are all healthy", () => {
    const gateway = service("gateway");
    expect(workspaceOf(gateway)).toBe("gateway");
    expect(existsSync(join(ROOT, "gateway", "src", "index.ts"))).toBe(true);
    for (const name of subgraphNames) {
      const port = service(name).environment?.["PORT"];
      expect(gateway.environment?.[`SUBGRAPH_${name.toUpperCase()}_URL`], name).toBe(
        `http://${name}:${port}/graphql`,
      );
      expect(gateway.depends_on?.[name]?.condition, name).toBe("service_healthy");
    }
  });

  it("gives every Node service its own PORT, which its health check reads", () => {
    const ports = nodeServices.map(([, definition]) => definition.environment?.["PORT"]);
    for (const [index, [name]] of nodeServices.entries()) expect(ports[index], name).toMatch(/^\d+$/);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it("publishes only the gateway, and only on loopback", () => {
    const published = services.filter(([, definition]) => (definition.ports ?? []).length > 0);
    expect(published.map(([name]) => name)).toEqual(["gateway"]);
    expect(service("gateway").ports).toEqual([`127.0.0.1:4000:${service("gateway").environment?.["PORT"]}`]);
  });

  it("checks the health of every Node service exactly as the Dockerfile does", () => {
    const expected = dockerfileHealthcheck();
    expect(expected).toBeDefined();
    for (const [name, definition] of nodeServices) {
      expect(["CMD", ...((expected as string[] | undefined) ?? [])], name).toEqual(
        definition.healthcheck?.test,
      );
    }
  });
});

describe("Dockerfile", () => {
  it("takes the workspace to build as ARG WORKSPACE", () => {
    expect(dockerfile).toContainEqual({ keyword: "ARG", args: "WORKSPACE" });
  });

  it("copies only paths that exist and that .dockerignore lets into the build context", () => {
    for (const [, definition] of nodeServices) {
      const workspace = workspaceOf(definition) ?? "";
      for (const source of copiedPaths(workspace)) {
        expect(existsSync(join(ROOT, source)), `COPY ${source}`).toBe(true);
        expect(ignored(source), `COPY ${source} is in .dockerignore`).toBe(false);
      }
    }
  });

  it("copies the files the services read at run time into the image", () => {
    const runtimeFiles = [
      "packages/kit/data/ubigeo-inei-2025.json",
      "schema/supergraph.graphql",
      // The gateway reads the list of pillars and each pillar's definition (its name, port and SDL).
      "subgraphs/index.ts",
      ...subgraphNames.map((name) => `subgraphs/${name}/pillar.ts`),
    ];
    for (const [, definition] of nodeServices) {
      const copied = copiedPaths(workspaceOf(definition) ?? "", true);
      for (const file of runtimeFiles) {
        expect(existsSync(join(ROOT, file)), file).toBe(true);
        expect(ignored(file), `${file} is in .dockerignore`).toBe(false);
        expect(
          copied.some((source) => file === source || file.startsWith(`${source}/`)),
          file,
        ).toBe(true);
      }
    }
  });

  it("runs the workspace's src/index.ts with tsx, as the non-root node user", () => {
    expect(dockerfile).toContainEqual({ keyword: "USER", args: "node" });
    expect(dockerfile.at(-1)).toEqual({
      keyword: "CMD",
      args: '["node", "--import", "tsx", "src/index.ts"]',
    });
  });

  it("installs tsx with each deployed workspace's production dependencies", () => {
    for (const [, definition] of nodeServices) {
      const workspace = workspaceOf(definition) ?? "";
      const manifest = JSON.parse(readFileSync(join(ROOT, workspace, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      expect(manifest.dependencies, workspace).toHaveProperty("tsx");
    }
  });
});
