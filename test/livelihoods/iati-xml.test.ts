import { readFileSync } from "node:fs";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { create } from "xmlbuilder2";
import { validateXML } from "xmllint-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectDatabase,
  districtLocator,
  locateDistrict,
  regionCatalog,
  startSubgraph,
  VIEWER_HEADER,
  type HttpListener,
  type Viewer,
} from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { DAC_SECTOR } from "../../subgraphs/livelihoods/src/iati.ts";
import { loadActivities, type ActivityData } from "../../subgraphs/livelihoods/src/iati-xml/activities.ts";
import {
  renderActivities,
  SYNTHETIC_NOTICE,
  TINKUY_NS,
} from "../../subgraphs/livelihoods/src/iati-xml/render.ts";
import { IATI_PATH, iatiRoutes } from "../../subgraphs/livelihoods/src/iati-xml/route.ts";
import { initModels, type ProjectDoc } from "../../subgraphs/livelihoods/src/models.ts";
import { seedLivelihoods } from "../../subgraphs/livelihoods/seed/index.ts";
import { DONORS } from "../../subgraphs/livelihoods/seed/vocabulary.ts";
import { createServer, type LivelihoodsServer } from "../../subgraphs/livelihoods/src/subgraph.ts";
import { livelihoods } from "../../subgraphs/livelihoods/pillar.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { projectInput, REGISTER } from "./fixtures.ts";

/** Two of the seed's synthetic funders (identifiers under org-id.guide's example-data prefix). */
const FUNDER = DONORS[1]!.ref;
const OTHER_FUNDER = DONORS[3]!.ref;

const SCHEMAS = new URL("../fixtures/iati-2.03/", import.meta.url);
const schemaFile = (fileName: string) => ({
  fileName,
  contents: readFileSync(new URL(fileName, SCHEMAS), "utf8"),
});
const ACTIVITIES_XSD = schemaFile("iati-activities-schema.xsd");
const PRELOAD = [schemaFile("iati-common.xsd"), schemaFile("xml.xsd")];

/** Validates an IATI document against the official 2.03 activity schema; returns libxml2's errors. */
async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: "activities.xml", contents: xml },
    schema: ACTIVITIES_XSD,
    preload: PRELOAD,
  });
  return result.errors.map((error) => error.message);
}

/** The little of the DOM these tests read (xmlbuilder2 parses into a standard DOM). */
interface Element {
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<Element>;
  textContent: string | null;
}
const parse = (xml: string) => create(xml).node as unknown as Element;
const all = (node: Element, tag: string) => Array.from(node.getElementsByTagName(tag));
const attributes = (node: Element, tag: string, name: string) =>
  all(node, tag).map((element) => element.getAttribute(name));
const identifiers = (xml: string) => all(parse(xml), "iati-identifier").map((e) => e.textContent);

const CODES = (from: number, to: number) =>
  new Set(Array.from({ length: to - from + 1 }, (_, i) => String(from + i)));

/**
 * The IATI code lists the XSD leaves to the publisher (it types these attributes as strings): a problem per
 * offending value, none for a valid document.
 */
function codeListProblems(xml: string): string[] {
  const doc = parse(xml);
  const problems: string[] = [];
  const check = (tag: string, attribute: string, allowed: ReadonlySet<string>) => {
    for (const value of attributes(doc, tag, attribute)) {
      if (value === null || !allowed.has(value)) problems.push(`${tag}/@${attribute}=${String(value)}`);
    }
  };
  check("indicator", "measure", CODES(1, 5));
  check("result", "type", new Set(["1", "2", "3", "9"]));
  check("transaction-type", "code", CODES(1, 13));
  check("activity-status", "code", CODES(1, 6));
  check("participating-org", "role", CODES(1, 4));
  check("activity-date", "type", CODES(1, 4));
  check("sector", "vocabulary", new Set(["1"]));
  check("sector", "code", new Set(Object.values(DAC_SECTOR)));
  check("budget", "type", new Set(["1", "2"]));
  check("budget", "status", new Set(["1", "2"]));
  // DescriptionType 1–4 wherever a description has a type (an activity's; a transaction's or result's has none).
  for (const value of attributes(doc, "description", "type")) {
    if (value !== null && !CODES(1, 4).has(value)) problems.push(`description/@type=${value}`);
  }
  for (const activity of all(doc, "iati-activity")) {
    const shares = attributes(activity, "sector", "percentage").map(Number);
    const sum = shares.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > 0.001) problems.push(`sector percentages add up to ${sum}`);
  }
  // "The @value must be included for non-qualitative measures" (the XSD's own words; it cannot check it).
  for (const indicator of all(doc, "indicator")) {
    const qualitative = indicator.getAttribute("measure") === "5";
    for (const tag of ["baseline", "target", "actual"]) {
      for (const value of attributes(indicator, tag, "value")) {
        if (qualitative !== (value === null)) problems.push(`${tag}/@value with measure ${String(value)}`);
      }
    }
  }
  return problems;
}

let mongo: EmbeddedMongo;
let connection: Connection;
let server: LivelihoodsServer;
let http: HttpListener;
let projects: ProjectDoc[];
const exportUrl = () => `http://127.0.0.1:${http.port}${IATI_PATH}`;

/** GETs the subgraph's export as `viewer`, signed as the gateway signs (or unsigned with `viewer` null). */
async function exportAs(viewer: Viewer | null, search = "") {
  const headers: Record<string, string> = viewer
    ? { [VIEWER_HEADER]: await TEST_KEYS.signer.sign(viewer) }
    : {};
  const response = await fetch(`${exportUrl()}${search}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const fundedBy = (ref: string) =>
  projects
    .filter((p) => p.participatingOrgs.some((org) => org.role === "1" && org.ref === ref))
    .map((p) => p.iatiIdentifier)
    .sort();

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  const logger = pino({ level: "silent" });
  connection = await connectDatabase({ uri: mongo.uri, dbName: "livelihoods_iati", logger });
  server = createServer({ pillar: livelihoods, connection, logger, keys: TEST_KEYS });
  await initModels(server.models);
  await seedLivelihoods(server.models, { scale: 1 });
  projects = await server.models.Project.find({}).lean<ProjectDoc[]>();
  http = await startSubgraph({
    apollo: server.apollo,
    context: (identity) => server.context(identity),
    keys: TEST_KEYS,
    connection,
    port: 0,
    host: "127.0.0.1",
    logger,
    routes: iatiRoutes(server),
  });
});

afterAll(async () => {
  await http?.stop();
  await connection?.close();
  await mongo?.stop();
});

describe("the IATI 2.03 export of the livelihoods subgraph", () => {
  let adminXml = "";

  it("gives an admin every project as one iati-activity each, valid against the official 2.03 XSDs", async () => {
    // The seed's projects are all synthetic demo data: the export writes them only when asked.
    const answer = await exportAs(viewers.admin, "?include=synthetic");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    adminXml = answer.text;
    expect(projects).toHaveLength(50);
    expect(identifiers(adminXml)).toEqual(projects.map((p) => p.iatiIdentifier).sort());
    expect(answer.headers.get("x-iati-activities")).toBe("50");
    expect(answer.headers.get("x-iati-synthetic-omitted")).toBe("0");
    const root = parse(adminXml);
    expect(attributes(root, "iati-activities", "version")).toEqual(["2.03"]);
    expect(await schemaErrors(adminXml)).toEqual([]);
    expect(codeListProblems(adminXml)).toEqual([]);
  });

  it("writes each project's organisations, money and results framework as they are stored", async () => {
    const doc = parse(adminXml);
    const activities = all(doc, "iati-activity");
    const stored = new Map(projects.map((p) => [p.iatiIdentifier, p]));
    let transactions = 0;
    let indicators = 0;
    for (const activity of activities) {
      const id = all(activity, "iati-identifier")[0]?.textContent ?? "";
      const project = stored.get(id);
      if (!project) throw new Error(`unknown activity ${id}`);
      expect(all(activity, "activity-status")[0]?.getAttribute("code")).toBe(project.activityStatus);
      expect(attributes(activity, "participating-org", "role")).toEqual(
        project.participatingOrgs.map((org) => org.role),
      );
      expect(attributes(activity, "location", "ref")).toEqual(project.locations);
      expect(attributes(activity, "sector", "code")).toEqual(project.sectors.map((s) => s.code));
      expect(all(activity, "budget")).toHaveLength(project.budgets.length);
      expect(all(activity, "transaction")).toHaveLength(project.transactions.length);
      expect(all(activity, "indicator")).toHaveLength(project.results.flatMap((r) => r.indicators).length);
      transactions += project.transactions.length;
      indicators += all(activity, "indicator").length;
    }
    // The seed's portfolio has money and frameworks: the checks above ran on real content.
    expect(transactions).toBeGreaterThan(100);
    expect(indicators).toBeGreaterThan(100);
    expect(adminXml).toContain('xml:lang="es"');
    // Spanish narratives keep their accents (UTF-8, not entities).
    expect(adminXml).toMatch(/<narrative xml:lang="es">[^<]*[áéíóúñ]/);
  });

  it("places each location at a point inside its region, with the UBIGEO as its reference", () => {
    const doc = parse(adminXml);
    const locations = all(doc, "location");
    expect(locations.length).toBeGreaterThan(50);
    for (const location of locations) {
      const entry = regionCatalog().get(location.getAttribute("ref") ?? "");
      if (!entry) throw new Error(`unknown UBIGEO ${location.getAttribute("ref")}`);
      const [longitude, latitude] = districtLocator().representativePoint(entry.ubigeo) ?? [];
      expect(all(location, "pos")[0]?.textContent).toBe(`${latitude} ${longitude}`);
      const [lat = NaN, lon = NaN] = (all(location, "pos")[0]?.textContent ?? "").split(" ").map(Number);
      const found = locateDistrict(lon, lat);
      // Inside the region, or (a district created since 2007) named among those carved out of its 2007 polygon.
      const candidates = found.inPeru ? [found.ubigeo, ...found.carvedOut] : [];
      expect(candidates.some((c) => c.startsWith(entry.ubigeo))).toBe(true);
      expect(all(location, "description")[0]?.textContent).toContain("Punto representativo");
      expect(all(location, "narrative")[0]?.textContent).toContain(entry.name);
      const designation = all(location, "feature-designation")[0]?.getAttribute("code");
      expect(designation).toBe({ 2: "ADM1", 4: "ADM2", 6: "ADM3" }[entry.ubigeo.length]);
    }
  });

  it("gives a donor exactly the projects it funds, with their money and results, still valid", async () => {
    const funded = fundedBy(FUNDER);
    expect(funded.length).toBeGreaterThan(0);
    expect(funded.length).toBeLessThan(projects.length);
    const answer = await exportAs(viewers.donor(FUNDER), "?include=synthetic");
    expect(answer.status).toBe(200);
    expect(identifiers(answer.text)).toEqual(funded);
    expect(all(parse(answer.text), "transaction").length).toBeGreaterThan(0);
    expect(all(parse(answer.text), "result").length).toBeGreaterThan(0);
    expect(await schemaErrors(answer.text)).toEqual([]);
    expect(codeListProblems(answer.text)).toEqual([]);
  });

  it("lets staff export one donor's projects, and refuses a donor another donor's", async () => {
    const one = await exportAs(viewers.analyst, `?donor=${OTHER_FUNDER}&include=synthetic`);
    expect(one.status).toBe(200);
    expect(identifiers(one.text)).toEqual(fundedBy(OTHER_FUNDER));
    const other = await exportAs(viewers.donor(FUNDER), `?donor=${OTHER_FUNDER}`);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text)).toMatchObject({ errors: [{ extensions: { code: "FORBIDDEN" } }] });
  });

  it("answers a malformed donor reference with 400 naming the parameter", async () => {
    const answer = await exportAs(viewers.admin, "?donor=not%20a%20ref");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      errors: [{ extensions: { code: "BAD_USER_INPUT", field: "donor" } }],
    });
  });

  it("refuses the public with 403 (projects are for donors and staff) and an unsigned request with 401", async () => {
    const publicAnswer = await exportAs(viewers.public);
    expect(publicAnswer.status).toBe(403);
    expect(publicAnswer.text).not.toContain("iati-activity");
    expect(JSON.parse(publicAnswer.text)).toMatchObject({ errors: [{ extensions: { code: "FORBIDDEN" } }] });
    const unsigned = await exportAs(null);
    expect(unsigned.status).toBe(401);
    const forged = await fetch(exportUrl(), { headers: { [VIEWER_HEADER]: "forged.signature" } });
    expect(forged.status).toBe(401);
  });
});

describe("the IATI renderer", () => {
  it("leaves out what the viewer may not read, and the document stays valid", async () => {
    const full = await exportAs(viewers.admin, "?include=synthetic");
    const [first] = identifiers(full.text);
    const { data } = await server.apollo
      .executeOperation(
        {
          query: `query($id: ID!) { livelihoodProject(iatiIdentifier: $id) { transactions { ref } results { type } } }`,
          variables: { id: first },
        },
        { contextValue: await server.context({ viewer: viewers.donor("XM-NOT-A-FUNDER"), requestId: "t" }) },
      )
      .then((r) => (r.body.kind === "single" ? r.body.singleResult : { data: null }));
    // A donor that does not fund the project may not read its transactions or results: null in the API…
    expect(data).toEqual({ livelihoodProject: { transactions: null, results: null } });
    // …and absent from the XML, which stays valid without them.
    const asStaff = await loadActivities(
      server.apollo,
      () => server.context({ viewer: viewers.admin, requestId: "t2" }),
      {},
    );
    const hidden: ActivityData[] = asStaff.map((a) => ({ ...a, transactions: null, results: null }));
    const xml = renderActivities(hidden, new Date("2026-01-01T00:00:00Z"));
    expect(all(parse(xml), "transaction")).toHaveLength(0);
    expect(all(parse(xml), "result")).toHaveLength(0);
    expect(all(parse(xml), "iati-activity")).toHaveLength(50);
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("is checked for the code lists the XSD cannot check: a wrong code passes the XSD and fails here", async () => {
    const full = await exportAs(viewers.admin, "?include=synthetic");
    const wrong = full.text
      .replace(/<indicator measure="1"/, '<indicator measure="7"')
      .replace(/<transaction-type code="3"/, '<transaction-type code="14"')
      .replace(/<result type="1"/, '<result type="4"')
      .replace(/role="4"/, 'role="5"');
    expect(await schemaErrors(wrong)).toEqual([]);
    expect(codeListProblems(wrong)).toEqual([
      "indicator/@measure=7",
      "result/@type=4",
      "transaction-type/@code=14",
      "participating-org/@role=5",
    ]);
  });

  it("fails the XSD when the element order is wrong", async () => {
    const full = await exportAs(viewers.admin, "?include=synthetic");
    // Move the first activity's status before its participating organisations.
    const swapped = full.text.replace(
      /(<participating-org[\s\S]*?)(\s*<activity-status code="\d"\/>)/,
      "$2$1",
    );
    expect(swapped).not.toBe(full.text);
    expect((await schemaErrors(swapped)).length).toBeGreaterThan(0);
  });
});

describe("synthetic demo data in the IATI export", () => {
  const entered = projectInput({ localId: "PE-IATI-ENTERED-1" });
  const enteredId = "XM-DAC-41114-PE-IATI-ENTERED-1";
  const isMarked = (activity: Element) => activity.getAttribute("tinkuy:provenance") === "SYNTHETIC";
  const idOf = (activity: Element) => all(activity, "iati-identifier")[0]?.textContent;

  it("leaves the seeded demo projects out by default, and with nothing left answers 404 saying how to add them", async () => {
    const admin = await exportAs(viewers.admin);
    expect(admin.status).toBe(404);
    expect(admin.text).not.toContain("iati-activity");
    expect(admin.headers.get("x-iati-activities")).toBe("0");
    expect(admin.headers.get("x-iati-synthetic-omitted")).toBe("50");
    expect(JSON.parse(admin.text)).toMatchObject({
      errors: [{ message: expect.stringContaining("include=synthetic"), extensions: { code: "NOT_FOUND" } }],
    });
    const donor = await exportAs(viewers.donor(FUNDER));
    expect(donor.status).toBe(404);
    expect(donor.headers.get("x-iati-synthetic-omitted")).toBe(String(fundedBy(FUNDER).length));
  });

  it("writes a project entered through the API in the default export, unmarked and valid against the XSDs", async () => {
    const registered = await server.apollo.executeOperation(
      { query: REGISTER, variables: { input: entered, key: "iati-entered-1" } },
      { contextValue: await server.context({ viewer: viewers.admin, requestId: "register" }) },
    );
    expect(registered.body.kind === "single" && registered.body.singleResult.errors).toBeFalsy();
    const stored = await server.models.Project.findOne({ iatiIdentifier: enteredId }).lean<ProjectDoc>();
    expect(stored?.provenance.kind).toBe("ENTERED");

    const answer = await exportAs(viewers.admin);
    expect(answer.status).toBe(200);
    expect(identifiers(answer.text)).toEqual([enteredId]);
    expect(answer.headers.get("x-iati-activities")).toBe("1");
    expect(answer.headers.get("x-iati-synthetic-omitted")).toBe("50");
    const [activity] = all(parse(answer.text), "iati-activity");
    if (!activity) throw new Error("no iati-activity");
    expect(activity.getAttribute("tinkuy:provenance")).toBeNull();
    expect(answer.text).not.toContain(SYNTHETIC_NOTICE.es);
    expect(answer.text).not.toContain(SYNTHETIC_NOTICE.en);
    expect(await schemaErrors(answer.text)).toEqual([]);
    expect(codeListProblems(answer.text)).toEqual([]);
  });

  it("with include=synthetic writes every project, each demo one marked by attribute and by a notice in es and en, still valid", async () => {
    const answer = await exportAs(viewers.admin, "?include=synthetic");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-iati-activities")).toBe("51");
    expect(answer.headers.get("x-iati-synthetic-omitted")).toBe("0");
    const doc = parse(answer.text);
    expect(attributes(doc, "iati-activities", "xmlns:tinkuy")).toEqual([TINKUY_NS]);
    const activities = all(doc, "iati-activity");
    expect(activities.map(idOf).sort()).toEqual([...projects.map((p) => p.iatiIdentifier), enteredId].sort());
    for (const activity of activities) {
      const synthetic = idOf(activity) !== enteredId;
      expect(isMarked(activity), String(idOf(activity))).toBe(synthetic);
      const notices = all(activity, "description").filter((d) => d.getAttribute("type") === "4");
      const texts = notices.flatMap((d) =>
        all(d, "narrative").map((n) => [n.getAttribute("xml:lang"), n.textContent]),
      );
      expect(texts).toEqual(
        synthetic
          ? [
              ["es", SYNTHETIC_NOTICE.es],
              ["en", SYNTHETIC_NOTICE.en],
            ]
          : [],
      );
    }
    expect(await schemaErrors(answer.text)).toEqual([]);
    expect(codeListProblems(answer.text)).toEqual([]);
    // The mark must be in a namespace of its own: the XSDs refuse an attribute of no namespace…
    const bare = answer.text.replace("tinkuy:provenance=", "provenance=");
    expect((await schemaErrors(bare)).length).toBeGreaterThan(0);
    // …and the code-list check refuses a notice of a type outside DescriptionType.
    const mistyped = answer.text.replace('<description type="4">', '<description type="5">');
    expect(codeListProblems(mistyped)).toEqual(["description/@type=5"]);
  });

  it("answers a bad include with 400 naming the parameter", async () => {
    for (const search of ["?include=all", "?include=", `?include=SYNTHETIC&donor=${FUNDER}`]) {
      const answer = await exportAs(viewers.admin, search);
      expect(answer.status, search).toBe(400);
      expect(JSON.parse(answer.text), search).toMatchObject({
        errors: [
          {
            message: expect.stringContaining("include"),
            extensions: { code: "BAD_USER_INPUT", field: "include" },
          },
        ],
      });
    }
  });
});
