import { Kind, type TypeNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { formalization } from "../../subgraphs/formalization/pillar.ts";
import { pillarTypeDefs } from "../support/subgraph.ts";
import { SeededRandom } from "../../packages/demo-data/src/index.ts";
import { regionCatalog, rucCheckDigit } from "../../packages/kit/src/index.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { CHANGE, REGISTER, REINSTATE, registration, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";
import { auditEntries, domainDigest, seedRecord } from "./trust-fixtures.ts";

const typeDefs = pillarTypeDefs(formalization);

const h = useFormalization();
const editor = viewers.editor("formalization");

/** Records in each state the status mutations are fuzzed against (seeded before the fuzz, never changed by it). */
const ACTIVE = "REINFO-FZ-ACTIVE";
const EXCLUDED = "REINFO-FZ-EXCL";
const FORMALIZED = "REINFO-FZ-FORM";

beforeAll(async () => {
  await seedRecord(h, ACTIVE);
  await seedRecord(h, EXCLUDED, {}, "EXCLUDED");
  await seedRecord(h, FORMALIZED, {}, "FORMALIZED");
});

// ---------------------------------------------------------------------------------------------------------------
// Invalid values, drawn from a seeded generator: the same cases on every run and every machine.
// ---------------------------------------------------------------------------------------------------------------

const random = new SeededRandom(0x7e1f0);
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÑabcdefghijklmnopqrstuvwxyz ";
const DAY = 86_400_000;

function text(length: number): string {
  return Array.from({ length }, () => random.pick([...LETTERS])).join("");
}
function digits(length: number): string {
  return Array.from({ length }, () => String(random.int(0, 9))).join("");
}
/** Empty, or only spaces, tabs and line breaks. */
function blank(): string {
  return Array.from({ length: random.int(0, 6) }, () => random.pick([" ", "\t", "\n", "\r"])).join("");
}
function tooLong(max: number): string {
  return `X${text(max + random.int(0, 60))}`;
}
/** A RUC with a known prefix and a wrong check digit. */
function wrongCheckDigit(): string {
  const body = random.pick(["10", "15", "17", "20"]) + digits(8);
  return body + String((rucCheckDigit(body) + random.int(1, 9)) % 10);
}
/** A RUC with a correct check digit and a prefix SUNAT does not issue. */
function wrongPrefix(): string {
  const body = random.pick(["11", "16", "21", "30", "99"]) + digits(8);
  return body + String(rucCheckDigit(body));
}
/** A registry code (COD_REINFO) with one character it may not hold. */
function codeWithForeignCharacter(): string {
  const code = `REINFO-${digits(6)}`;
  const at = random.int(1, code.length - 1);
  return code.slice(0, at) + random.pick([" ", "_", ".", "/", "#", "Ñ", "$", "'"]) + code.slice(at);
}
/** A UBIGEO of the catalog at a level other than a district. */
function notADistrict(): string {
  return random.pick(regionCatalog().list({ level: random.pick(["DEPARTMENT", "PROVINCE"] as const) }))
    .ubigeo;
}
/** A six-digit code INEI never issued. */
function unknownDistrict(): string {
  for (;;) {
    const code = digits(6);
    if (!regionCatalog().get(code)) return code;
  }
}
function badIdempotencyKeys(): string[] {
  return [
    `k${digits(random.int(0, 6))}`,
    `k${"x".repeat(random.int(128, 200))}`,
    `key ${digits(8)}`,
    `key-${random.pick(["ñ", "/", "@", "#", "é", "+"])}${digits(8)}`,
  ];
}
function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString();
}

/** One invalid input: the field replaced (undefined removes it), and the answer it must get. */
interface Case {
  field: string;
  value: unknown;
  code: "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";
  /** What `extensions.field` must say: `input.<field>` unless given. */
  reported?: string;
  /** Other fields changed with it (e.g. the record a status case acts on). */
  with?: Record<string, unknown>;
}

const bad = (field: string, values: unknown[], extra: Partial<Case> = {}): Case[] =>
  values.map((value) => ({ field, value, code: "BAD_USER_INPUT", ...extra }));

const REGISTER_CASES: Case[] = [
  ...bad("code", [
    blank(),
    digits(random.int(1, 3)),
    `R${digits(random.int(20, 40))}`,
    codeWithForeignCharacter(),
  ]),
  { field: "code", value: ACTIVE, code: "CONFLICT" },
  ...bad("ruc", [
    wrongCheckDigit(),
    wrongCheckDigit(),
    wrongPrefix(),
    digits(random.pick([0, 9, 10, 12, 13])),
    `${digits(5)}${random.pick(["O", "l", "-", " "])}${digits(5)}`,
    TEST_KEYS.pseudonyms.mask(validRuc(`10${digits(8)}`)),
  ]),
  ...bad("minerName", [blank(), blank(), tooLong(200)]),
  ...bad("legalRepresentative", [blank(), tooLong(200)]),
  ...bad("miningRightCode", [
    text(random.int(1, 9)),
    digits(random.int(10, 15)),
    blank(),
    `-${digits(4)}`,
    `${digits(3)}.${digits(2)}`,
  ]),
  ...bad("miningRightName", [blank(), tooLong(200)]),
  ...bad("ubigeo", [notADistrict(), notADistrict(), unknownDistrict(), text(6), digits(7), blank()]),
  ...bad("latitude", [random.next() * 89 + 0.2, -18.6 - random.next() * 70]),
  // A longitude without its latitude: the missing latitude is the field to fix.
  ...bad("latitude", [null]),
  ...bad("longitude", [-68.4 + random.next() * 200, -81.6 - random.next() * 90, null]),
  ...bad("activityType", [blank(), tooLong(60)]),
  ...bad("registrationYear", [
    random.int(1900, 2011),
    new Date().getUTCFullYear() + random.int(1, 100),
    -random.int(1, 3000),
  ]),
  ...bad("legalBasis", [blank(), blank(), tooLong(200)]),
  ...bad("idempotencyKey", badIdempotencyKeys(), { reported: "idempotencyKey" }),
];

const statusTextCases = (reasonMax: number): Case[] => [
  ...bad("reason", [blank(), blank(), tooLong(reasonMax)]),
  ...bad("legalBasis", [blank(), tooLong(200)]),
  ...bad("effectiveDate", [
    isoDaysFromNow(random.int(1, 3650)),
    new Date(Date.UTC(random.int(2000, 2018), 0, 1)).toISOString(),
  ]),
  ...bad("idempotencyKey", badIdempotencyKeys(), { reported: "idempotencyKey" }),
];

const CHANGE_CASES: Case[] = [
  ...bad("code", [blank(), digits(random.int(1, 3)), codeWithForeignCharacter()]),
  { field: "code", value: `REINFO-NONE-${digits(4)}`, code: "NOT_FOUND" },
  // Valid enum values on records whose state does not allow them.
  ...bad("status", ["ACTIVE"], { with: { code: ACTIVE } }),
  ...bad("status", ["ACTIVE", "SUSPENDED", "FORMALIZED"], { with: { code: EXCLUDED } }),
  ...bad("status", [random.pick(["ACTIVE", "SUSPENDED", "EXCLUDED"])], { with: { code: FORMALIZED } }),
  ...statusTextCases(500),
];

const REINSTATE_CASES: Case[] = [
  ...bad("code", [blank(), `R${digits(random.int(20, 40))}`, codeWithForeignCharacter()]),
  { field: "code", value: `REINFO-NONE-${digits(4)}`, code: "NOT_FOUND" },
  // Only an EXCLUDED record can be reinstated.
  ...bad("code", [ACTIVE, FORMALIZED]),
  ...statusTextCases(500),
];

const MUTATIONS = {
  registerReinfoRecord: {
    query: REGISTER,
    valid: (): Record<string, unknown> => registration({ code: "REINFO-FZ-NEW", ubigeo: "211002" }),
    cases: REGISTER_CASES,
  },
  changeReinfoStatus: {
    query: CHANGE,
    valid: (): Record<string, unknown> => ({
      code: ACTIVE,
      status: "SUSPENDED",
      reason: "No presentó la declaración semestral",
      legalBasis: "DS 018-2017-EM",
      effectiveDate: isoDaysFromNow(0),
    }),
    cases: CHANGE_CASES,
  },
  reinstateReinfoRecord: {
    query: REINSTATE,
    valid: (): Record<string, unknown> => ({
      code: EXCLUDED,
      reason: "Reconsideración fundada",
      legalBasis: "RD 0123-2025-MINEM/DGFM",
      effectiveDate: isoDaysFromNow(0),
    }),
    cases: REINSTATE_CASES,
  },
} as const;
type Operation = keyof typeof MUTATIONS;
const OPERATIONS = Object.keys(MUTATIONS) as Operation[];

/** The fields of each mutation's input, read from the SDL: the fuzz must reach every one. */
function inputFields(operation: Operation): string[] {
  const mutation = typeDefs.definitions
    .filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === "Mutation")
    .flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION ? (d.fields ?? []) : []))
    .find((f) => f.name.value === operation);
  const argument = mutation?.arguments?.find((a) => a.name.value === "input");
  const typeName = argument ? namedType(argument.type) : undefined;
  const input = typeDefs.definitions.find(
    (d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === typeName,
  );
  return input?.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION
    ? (input.fields ?? []).map((f) => f.name.value)
    : [];
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

let keys = 0;

describe("bad input", () => {
  it.each(OPERATIONS)(
    "%s: the fuzz tries every input field and the idempotency key, twice or more",
    (operation) => {
      const { cases } = MUTATIONS[operation];
      const fuzzed = new Set(cases.map((c) => c.field));
      expect(inputFields(operation).length).toBeGreaterThan(3);
      expect([...fuzzed].sort()).toEqual([...inputFields(operation), "idempotencyKey"].sort());
      for (const field of fuzzed)
        expect(cases.filter((c) => c.field === field).length, field).toBeGreaterThan(1);
    },
  );

  it.each(OPERATIONS)(
    "%s refuses every fuzzed value naming its field, and leaves every collection as it was",
    async (operation) => {
      const { query, valid, cases } = MUTATIONS[operation];
      for (const fuzz of cases) {
        const input: Record<string, unknown> = { ...valid(), ...fuzz.with };
        let key = `key-fuzz-${operation}-${++keys}`;
        if (fuzz.field === "idempotencyKey") key = String(fuzz.value);
        else input[fuzz.field] = fuzz.value;
        const context = `${operation} with ${fuzz.field} = ${JSON.stringify(fuzz.value)}`;

        const before = await domainDigest(h);
        const result = await h.run(query, { input, key }, editor);
        expect(result.data ?? null, context).toBeNull();
        expect(
          result.errors?.map((e) => e.extensions),
          context,
        ).toEqual([
          expect.objectContaining({ code: fuzz.code, field: fuzz.reported ?? `input.${fuzz.field}` }),
        ]);
        expect(await domainDigest(h), context).toBe(before);

        const audited = await auditEntries(h, key);
        expect(audited.at(-1), context).toMatchObject({
          operation,
          outcome: fuzz.code,
          field: fuzz.reported ?? `input.${fuzz.field}`,
        });
      }
    },
  );

  it.each(OPERATIONS)("%s accepts the unaltered input the fuzz starts from", async (operation) => {
    const { query, valid } = MUTATIONS[operation];
    const result = await h.run(query, { input: valid(), key: `key-fuzz-valid-${operation}` }, editor);
    expect(result.errors).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("idempotent retries", () => {
  async function recordOf(code: string) {
    return h.server.models.Record.findOne({ COD_REINFO: code }).lean();
  }

  it("registerReinfoRecord: the same key twice gives the same answer and one record; another input is refused", async () => {
    const input = registration({ code: "REINFO-RT-REG", ruc: validRuc("1043434343"), ubigeo: "211002" });
    const first = await h.run(REGISTER, { input, key: "key-retry-register" }, editor);
    const statsAfterFirst = await h.server.models.RegionStats.findById("211002").lean();
    const second = await h.run(REGISTER, { input, key: "key-retry-register" }, editor);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect(await h.server.models.Record.countDocuments({ COD_REINFO: "REINFO-RT-REG" })).toBe(1);
    expect(await h.server.models.RegionStats.findById("211002").lean()).toEqual(statsAfterFirst);

    const before = await domainDigest(h);
    for (const other of [
      { ...input, minerName: "OTRO NOMBRE" },
      { ...input, registrationYear: 2020 },
      { ...input, code: "REINFO-RT-REG2" },
    ]) {
      const refused = await h.run(REGISTER, { input: other, key: "key-retry-register" }, editor);
      expect(refused.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: "CONFLICT", field: "idempotencyKey" }),
      ]);
    }
    expect(await domainDigest(h)).toBe(before);
    const outcomes = (await auditEntries(h, "key-retry-register")).map((e) => e.outcome);
    expect(outcomes).toEqual(["OK", "OK", "CONFLICT", "CONFLICT", "CONFLICT"]);
  });

  it("changeReinfoStatus: the same key twice gives the same answer and one history entry; another input is refused", async () => {
    await seedRecord(h, "REINFO-RT-CHG");
    const input = {
      code: "REINFO-RT-CHG",
      status: "SUSPENDED",
      reason: "Sin IGAFOM",
      legalBasis: "DS 018-2017-EM",
    };
    const first = await h.run(CHANGE, { input, key: "key-retry-change" }, editor);
    const second = await h.run(CHANGE, { input, key: "key-retry-change" }, editor);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect((await recordOf("REINFO-RT-CHG"))?.history).toHaveLength(2);

    const before = await domainDigest(h);
    for (const other of [
      { ...input, legalBasis: "DS 012-2025-EM" },
      { ...input, reason: "Otro motivo" },
      { ...input, status: "EXCLUDED" },
      { ...input, effectiveDate: isoDaysFromNow(0) },
    ]) {
      const refused = await h.run(CHANGE, { input: other, key: "key-retry-change" }, editor);
      expect(refused.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: "CONFLICT", field: "idempotencyKey" }),
      ]);
    }
    // A registration's key is taken too: it wrote the record's first history entry.
    const reused = await h.run(CHANGE, { input, key: "key-seed-REINFO-RT-CHG" }, editor);
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
    expect(await domainDigest(h)).toBe(before);
  });

  it("reinstateReinfoRecord: the same key twice gives the same answer and one history entry; another input is refused", async () => {
    await seedRecord(h, "REINFO-RT-RST", {}, "EXCLUDED");
    const input = {
      code: "REINFO-RT-RST",
      reason: "Reconsideración fundada",
      legalBasis: "RD 0123-2025-MINEM/DGFM",
    };
    const first = await h.run(REINSTATE, { input, key: "key-retry-reinstate" }, editor);
    const second = await h.run(REINSTATE, { input, key: "key-retry-reinstate" }, editor);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect((await recordOf("REINFO-RT-RST"))?.history).toHaveLength(3);

    const before = await domainDigest(h);
    for (const other of [
      { ...input, legalBasis: "RD 0999-2025-MINEM/DGFM" },
      { ...input, reason: "Otro motivo" },
    ]) {
      const refused = await h.run(REINSTATE, { input: other, key: "key-retry-reinstate" }, editor);
      expect(refused.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: "CONFLICT", field: "idempotencyKey" }),
      ]);
    }
    expect(await domainDigest(h)).toBe(before);
  });
});
