import { beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../../packages/demo-data/src/index.ts";
import { regionCatalog } from "../../packages/kit/src/index.ts";
import { todayInLima } from "../../subgraphs/eradication/src/inputs.ts";
import { AGENCIES, ITEM_TYPES, ITEM_UNITS, UNITS } from "../../subgraphs/eradication/src/vocabulary.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { line, office, operation, RECORD, UPDATE_CASELOAD, validRuc } from "./fixtures.ts";
import { useEradication, type Result } from "./harness.ts";

const h = useEradication();
const editor = viewers.editor("eradication");
const random = new SeededRandom(20_251_120);
const DAY = 86_400_000;

const OFFICE = "FEMA-17-01";
/** The office's last report, as seeded: nothing may be dated before it or close fewer cases. */
const LAST_REPORT = new Date("2025-06-30T00:00:00.000Z");
const LAST_CLOSED = 1000;

beforeAll(async () => {
  await h.server.models.Office.collection.insertOne(office(OFFICE, "170101", 4, 800));
  const first = await h.run(RECORD, { input: operation(), key: "fuzz-seed-operation" }, editor);
  if (first.errors) throw new Error(JSON.stringify(first.errors));
});

// --- Invalid values, drawn from the seeded generator ---------------------------------------------------------

const WORD = [..."abcdefghijklmnopqrstuvwxyzñáéíóú"];

function word(length: number): string {
  return Array.from({ length }, () => random.pick(WORD)).join("");
}

function blank(): string {
  return Array.from({ length: random.int(0, 4) }, () => random.pick([" ", "\t", "\n"])).join("");
}

function tooLong(max: number): string {
  return word(random.int(max + 1, max + 60));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function futureDay(): string {
  return isoDay(new Date(todayInLima().getTime() + random.int(1, 4000) * DAY));
}

function dayBefore2012(): string {
  return isoDay(random.dateBetween(new Date("1990-01-01T00:00:00Z"), new Date("2011-12-31T00:00:00Z")));
}

function digits(length: number): string {
  return Array.from({ length }, () => String(random.int(0, 9))).join("");
}

function anyValidRuc(): string {
  return validRuc(`${random.pick(["10", "20"])}${digits(8)}`);
}

function distinctValidRucs(count: number): string[] {
  const rucs = new Set<string>();
  while (rucs.size < count) rucs.add(anyValidRuc());
  return [...rucs];
}

function wrongCheckDigit(): string {
  const ruc = anyValidRuc();
  return ruc.slice(0, 10) + String((Number(ruc[10]) + random.int(1, 9)) % 10);
}

function unknownPrefix(): string {
  return validRuc(`${random.pick(["11", "16", "30", "99"])}${digits(8)}`);
}

function unknownDistrict(): string {
  for (;;) {
    const code = `${random.pick(["17", "13", "21", "99"])}${digits(4)}`;
    if (!regionCatalog().get(code)) return code;
  }
}

function regionOf(level: "DEPARTMENT" | "PROVINCE"): string {
  return random.pick(regionCatalog().list({ level })).ubigeo;
}

function forgedPseudonym(bytes: number): string {
  return `psn_${Buffer.from(Array.from({ length: bytes }, () => random.int(0, 255))).toString("base64url")}`;
}

function badKey(): string[] {
  return [
    word(random.int(1, 7)).replace(/[^a-z]/g, "k"),
    `key-${"x".repeat(random.int(125, 200))}`,
    `key-${random.pick([" ", "/", "é", "#", "?"])}-${digits(6)}`,
  ];
}

/** A list of `size` valid lines with `bad` at a random position; returns the list and that position. */
function linesWith(bad: Record<string, unknown>): [Record<string, unknown>[], number] {
  const lines = Array.from({ length: random.int(0, 3) }, () => line());
  const at = random.int(0, lines.length);
  lines.splice(at, 0, bad);
  return [lines, at];
}

function rucsWith(bad: string): [string[], number] {
  const rucs = distinctValidRucs(random.int(0, 3));
  const at = random.int(0, rucs.length);
  rucs.splice(at, 0, bad);
  return [rucs, at];
}

// --- The cases -------------------------------------------------------------------------------------------------

/** One invalid request: the variables, the field the answer must name, and the codes it may answer with. */
interface Case {
  label: string;
  mutation: string;
  variables: Record<string, unknown>;
  field: string;
  codes: readonly string[];
}

const BAD = ["BAD_USER_INPUT"] as const;
let serial = 0;

function show(value: unknown): string {
  if (typeof value === "string" && value.length > 24) return `a ${value.length}-character string`;
  if (Array.isArray(value) && value.length > 4) return `a list of ${value.length}`;
  return JSON.stringify(value);
}

function set(
  target: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1] as string] = value;
  return copy;
}

function operationCase(
  path: readonly string[],
  value: unknown,
  why: string,
  field = `input.${path.join(".")}`,
  shown: unknown = value,
): Case {
  return {
    label: `${field} = ${show(shown)} (${why})`,
    mutation: RECORD,
    variables: {
      input: set(operation({ date: "2025-09-09" }), path, value),
      key: `fuzz-operation-${++serial}`,
    },
    field,
    codes: BAD,
  };
}

function caseloadInput(): Record<string, unknown> {
  return { officeId: OFFICE, prosecutors: 5, openCases: 820, closedCases: 1010, reportedOn: "2025-07-31" };
}

function caseloadCase(key: string, value: unknown, why: string, codes: readonly string[] = BAD): Case {
  return {
    label: `input.${key} = ${show(value)} (${why})`,
    mutation: UPDATE_CASELOAD,
    variables: { input: { ...caseloadInput(), [key]: value }, key: `fuzz-caseload-${++serial}` },
    field: `input.${key}`,
    codes,
  };
}

function lineCase(bad: Record<string, unknown>, field: string, why: string): Case {
  const [lines, at] = linesWith(bad);
  return operationCase(["results"], lines, why, `input.results.${at}.${field}`, bad[field]);
}

function rucCase(bad: string, why: string): Case {
  const [rucs, at] = rucsWith(bad);
  return operationCase(["targetRucs"], rucs, why, `input.targetRucs.${at}`, bad);
}

function keyCases(mutation: string, variables: Record<string, unknown>): Case[] {
  return badKey().map((key) => ({
    label: `idempotencyKey = ${show(key)} (not 8–128 letters, digits or . _ : -)`,
    mutation,
    variables: { ...variables, key },
    field: "idempotencyKey",
    codes: BAD,
  }));
}

const itemWithWrongUnit = (): Record<string, unknown> => {
  const item = random.pick(ITEM_TYPES);
  const unit = random.pick(UNITS.filter((u) => !ITEM_UNITS[item].includes(u)));
  return line({ item, unit, action: "DESTROYED", quantity: 1 });
};

function operationCases(): Case[] {
  const agency = random.pick(AGENCIES);
  return [
    operationCase(["name"], blank(), "blank"),
    operationCase(["name"], tooLong(120), "over 120 characters"),
    operationCase(["date"], futureDay(), "in the future"),
    operationCase(["date"], futureDay(), "in the future"),
    operationCase(["date"], dayBefore2012(), "before DL 1100"),
    operationCase(["date"], dayBefore2012(), "before DL 1100"),
    operationCase(["ubigeo"], unknownDistrict(), "unknown district"),
    operationCase(["ubigeo"], unknownDistrict(), "unknown district"),
    operationCase(["ubigeo"], regionOf("PROVINCE"), "a province"),
    operationCase(["ubigeo"], regionOf("DEPARTMENT"), "a department"),
    operationCase(["ubigeo"], word(6), "not digits"),
    operationCase(["ubigeo"], blank(), "blank"),
    operationCase(["latitude"], random.int(11, 9000) / 100, "north of Peru"),
    operationCase(["latitude"], -random.int(1851, 9000) / 100, "south of Peru"),
    operationCase(["longitude"], -random.int(0, 6849) / 100, "east of Peru"),
    operationCase(["longitude"], -random.int(8151, 18000) / 100, "west of Peru"),
    operationCase(["longitude"], null, "a latitude without a longitude"),
    operationCase(["agencies"], [], "no agency"),
    operationCase(["agencies"], [agency, agency], "a repeated agency"),
    operationCase(["legalBasis"], blank(), "blank"),
    operationCase(["legalBasis"], tooLong(200), "over 200 characters"),
    rucCase(wrongCheckDigit(), "wrong check digit"),
    rucCase(wrongCheckDigit(), "wrong check digit"),
    rucCase(wrongCheckDigit(), "wrong check digit"),
    rucCase(digits(10), "10 digits"),
    rucCase(digits(12), "12 digits"),
    rucCase(unknownPrefix(), "a prefix SUNAT does not issue"),
    rucCase(word(11), "letters"),
    rucCase(blank(), "blank"),
    rucCase(forgedPseudonym(39), "a forged pseudonym"),
    rucCase(forgedPseudonym(random.int(1, 30)), "a pseudonym of the wrong length"),
    operationCase(["targetRucs"], ((r) => [r, r])(anyValidRuc()), "a repeated RUC"),
    operationCase(["targetRucs"], distinctValidRucs(51), "over 50 RUCs"),
    operationCase(
      ["results"],
      Array.from({ length: 101 }, () => line()),
      "over 100 lines",
    ),
    lineCase(
      line({ item: random.pick(["CAMP", "MINE_ENTRANCE"]), action: "SEIZED" }),
      "action",
      "only destroyed",
    ),
    lineCase(line({ quantity: 0 }), "quantity", "zero"),
    lineCase(line({ quantity: -random.int(1, 1_000_000) }), "quantity", "negative"),
    lineCase(line({ quantity: random.int(1_000_000_001, 2_000_000_000) }), "quantity", "over 10⁹"),
    lineCase(line({ quantity: random.int(1, 50) + 0.5 }), "quantity", "a fractional count of UNITS"),
    lineCase(
      line({
        item: "MERCURY",
        unit: "KILOGRAMS",
        action: "SEIZED",
        quantity: random.int(1, 99) + 0.0001 * random.int(1, 9),
      }),
      "quantity",
      "four decimals",
    ),
    lineCase(itemWithWrongUnit(), "unit", "a unit the item does not allow"),
    lineCase(itemWithWrongUnit(), "unit", "a unit the item does not allow"),
    lineCase(line({ value: `-${random.int(1, 99999)}.${digits(2)}` }), "value", "negative"),
    lineCase(line({ value: `${random.int(1, 9)}${digits(random.int(11, 15))}` }), "value", "over 11 digits"),
    lineCase(
      line({ value: `${random.int(10_000_000_001, 99_999_999_999)}.00` }),
      "value",
      "over S/ 10,000 million",
    ),
    operationCase(["arrests"], -random.int(1, 1000), "negative"),
    operationCase(["arrests"], random.int(10_001, 2_000_000_000), "over 10,000"),
    operationCase(["source", "reference"], blank(), "blank"),
    operationCase(["source", "reference"], tooLong(300), "over 300 characters"),
    operationCase(["source", "url"], `http://${word(8)}.pe/${word(5)}`, "not https"),
    operationCase(["source", "url"], `ftp://${word(8)}.pe`, "not https"),
    operationCase(["source", "url"], `https://${word(4)} ${word(4)}.pe`, "a space"),
    operationCase(["source", "url"], `https://${"a".repeat(random.int(493, 600))}`, "over 500 characters"),
    operationCase(["source", "url"], blank(), "blank"),
    ...keyCases(RECORD, { input: operation({ date: "2025-09-10" }) }),
  ];
}

function caseloadCases(): Case[] {
  const beforeLast = isoDay(
    random.dateBetween(new Date("2012-01-01T00:00:00Z"), new Date(LAST_REPORT.getTime() - DAY)),
  );
  return [
    caseloadCase("officeId", blank(), "blank"),
    caseloadCase("officeId", word(2).replace(/[^a-z]/g, "f"), "under 3 characters"),
    caseloadCase("officeId", `FEMA-${"9".repeat(random.int(36, 80))}`, "over 40 characters"),
    caseloadCase(
      "officeId",
      `FEMA${random.pick([" ", "_", "/", "."])}17`,
      "a character other than letters, digits, dashes",
    ),
    caseloadCase("officeId", `FEMA-${digits(2)}-${digits(4)}`, "an office that does not exist", [
      "NOT_FOUND",
    ]),
    caseloadCase("prosecutors", -random.int(1, 100), "negative"),
    caseloadCase("prosecutors", random.int(1001, 100_000), "over 1,000"),
    caseloadCase("openCases", -random.int(1, 100), "negative"),
    caseloadCase("openCases", random.int(10_000_001, 2_000_000_000), "over 10 million"),
    caseloadCase("closedCases", -random.int(1, 100), "negative"),
    caseloadCase("closedCases", random.int(10_000_001, 2_000_000_000), "over 10 million"),
    caseloadCase("closedCases", random.int(0, LAST_CLOSED - 1), "fewer than last reported"),
    caseloadCase("reportedOn", futureDay(), "in the future"),
    caseloadCase("reportedOn", dayBefore2012(), "before 2012"),
    caseloadCase("reportedOn", beforeLast, "before the office's last report"),
    ...keyCases(UPDATE_CASELOAD, { input: caseloadInput() }),
  ];
}

const CASES = [...operationCases(), ...caseloadCases()];

describe("bad input", () => {
  let digest = "";
  beforeAll(async () => {
    digest = await h.domainDigest();
  });

  it.each(CASES.map((c) => [c.label, c] as const))(
    "refuses %s, names the field, and changes nothing",
    async (_label, c) => {
      const auditBefore = (await h.audit()).length;
      const result: Result = await h.run(c.mutation, c.variables, editor);
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      const extensions = result.errors?.[0]?.extensions ?? {};
      expect(c.codes).toContain(extensions["code"]);
      expect(extensions["field"]).toBe(c.field);
      expect(await h.domainDigest()).toBe(digest);
      const audit = await h.audit();
      expect(audit).toHaveLength(auditBefore + 1);
      expect(audit[audit.length - 1]).toMatchObject({ outcome: extensions["code"], field: c.field });
    },
  );

  it("covers every input field that GraphQL's own types let through", () => {
    const named = new Set(CASES.map((c) => c.field.replace(/\.\d+(?=\.|$)/g, ".N").replace(/\.N$/, "")));
    expect([...named].sort()).toEqual(
      [
        "idempotencyKey",
        "input.agencies",
        "input.arrests",
        "input.closedCases",
        "input.date",
        "input.latitude",
        "input.legalBasis",
        "input.longitude",
        "input.name",
        "input.officeId",
        "input.openCases",
        "input.prosecutors",
        "input.reportedOn",
        "input.results",
        "input.results.N.action",
        "input.results.N.quantity",
        "input.results.N.unit",
        "input.results.N.value",
        "input.source.reference",
        "input.source.url",
        "input.targetRucs",
        "input.ubigeo",
      ].sort(),
    );
  });

  it("leaves enums and scalar formats to GraphQL: refused before the resolver, with nothing written or audited", async () => {
    const auditBefore = (await h.audit()).length;
    const attempts = [
      operation({ type: "RAID" }),
      operation({ agencies: ["INTERPOL"] }),
      operation({ date: "2025-02-30" }),
      operation({ results: [line({ item: "TRACTOR" })] }),
      operation({ results: [line({ value: "10.125" })] }),
      operation({ source: { kind: "RUMOUR", reference: "x" } }),
      operation({ arrests: 1.5 }),
    ];
    for (const [i, input] of attempts.entries()) {
      const result = await h.run(RECORD, { input, key: `fuzz-scalar-${i}` }, editor);
      expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    }
    expect(await h.audit()).toHaveLength(auditBefore);
    expect(await h.domainDigest()).toBe(digest);
  });
});

describe("idempotent retries", () => {
  async function operationsIn(district: string): Promise<number> {
    return h.server.models.Operation.countDocuments({ district });
  }

  it("record an operation once: the same key and input give the same answer and one record", async () => {
    const input = operation({ date: "2025-10-01", ubigeo: "211002", targetRucs: [validRuc("1047781123")] });
    const first = await h.run(RECORD, { input, key: "fuzz-retry-operation" }, editor);
    expect(first.errors).toBeUndefined();
    const stats = () => h.server.models.RegionStats.findById("211002|2025-10").lean();
    const counted = (await stats())?.operations;
    const again = await h.run(RECORD, { input, key: "fuzz-retry-operation" }, editor);
    expect(again).toEqual(first);
    expect(await operationsIn("211002")).toBe(1);
    expect((await stats())?.operations).toBe(counted);
  });

  it("take a retry that names a target by its pseudonym as the same request", async () => {
    const person = validRuc("1047781123");
    const pseudonym = TEST_KEYS.pseudonyms.mask(person);
    const input = operation({ date: "2025-10-01", ubigeo: "211002", targetRucs: [pseudonym] });
    const again = await h.run(RECORD, { input, key: "fuzz-retry-operation" }, editor);
    expect(again.errors).toBeUndefined();
    expect(await operationsIn("211002")).toBe(1);
  });

  it("refuse the key of an operation with another input with CONFLICT, and change nothing", async () => {
    const before = await h.domainDigest();
    const input = operation({ date: "2025-10-01", ubigeo: "211002", arrests: 9 });
    const other = await h.run(RECORD, { input, key: "fuzz-retry-operation" }, editor);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await h.domainDigest()).toBe(before);
  });

  it("apply a caseload report once: the same key and input give the same answer and one history entry", async () => {
    const input = {
      officeId: OFFICE,
      prosecutors: 6,
      openCases: 830,
      closedCases: 1020,
      reportedOn: "2025-08-31",
    };
    const first = await h.run(UPDATE_CASELOAD, { input, key: "fuzz-retry-caseload" }, editor);
    expect(first.errors).toBeUndefined();
    const again = await h.run(UPDATE_CASELOAD, { input, key: "fuzz-retry-caseload" }, editor);
    expect(again).toEqual(first);
    const stored = await h.server.models.Office.findOne({ id: OFFICE }).lean();
    expect(stored?.history.filter((entry) => entry.idempotencyKey === "fuzz-retry-caseload")).toHaveLength(1);
  });

  it("refuse the key of a caseload report with another input with CONFLICT, and change nothing", async () => {
    const before = await h.domainDigest();
    const input = {
      officeId: OFFICE,
      prosecutors: 6,
      openCases: 831,
      closedCases: 1020,
      reportedOn: "2025-08-31",
    };
    const other = await h.run(UPDATE_CASELOAD, { input, key: "fuzz-retry-caseload" }, editor);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await h.domainDigest()).toBe(before);
  });
});
