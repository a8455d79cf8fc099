import { Kind, type TypeNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../../packages/demo-data/src/index.ts";
import { regionCatalog } from "../../packages/kit/src/index.ts";
import { services } from "../../subgraphs/services/pillar.ts";
import { pillarTypeDefs } from "../support/subgraph.ts";
import { viewers } from "../support/viewers.ts";
import { useServices, type Result } from "./harness.ts";

const typeDefs = pillarTypeDefs(services);

const h = useServices();
const editor = viewers.editor("services");
const random = new SeededRandom(20_261_208);

type Code = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";

/** One invalid value: how it changes the valid input (or the key), and the error it must give. */
interface Bad {
  label: string;
  patch?: (r: SeededRandom) => Record<string, unknown>;
  key?: (r: SeededRandom) => string;
  /** The field the error must name; `input.<field>` when omitted. */
  field?: string;
  code?: Code;
}

/** A mutation, a valid input for it, and the invalid values of each of its input fields. */
interface Target {
  mutation: string;
  inputType: string;
  base: Record<string, unknown>;
  /** Another valid input, for the idempotency checks. */
  other: Record<string, unknown>;
  fields: Record<string, Bad[]>;
}

const DAY = 86_400_000;
const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const between = (r: SeededRandom, from: string, to: string) =>
  day(r.dateBetween(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)).getTime());
const LETTERS = "abcdefghijklmnopqrstuvwxyzÁÉÍÓÚÑ ";
const THIS_YEAR = new Date().getUTCFullYear();
/** Puno's districts (more than 100), for lists of valid districts longer than allowed. */
const PUNO = regionCatalog()
  .list({ level: "DISTRICT", parent: "21" })
  .map((district) => district.ubigeo);

/* Generators of invalid values, each drawing its details from the seeded random. */
const blank = (r: SeededRandom) =>
  Array.from({ length: r.int(0, 4) }, () => r.pick([" ", "\t", "\n"])).join("");
const longer = (r: SeededRandom, max: number) =>
  Array.from({ length: max + r.int(1, 300) }, () => r.pick([...LETTERS])).join("");
// Two days on, so that it is the future in Lima too.
const future = (r: SeededRandom) => day(Date.now() + r.int(2, 3650) * DAY);
const unknownUbigeo = (r: SeededRandom) => `99${String(r.int(0, 9999)).padStart(4, "0")}`;
const badCui = (r: SeededRandom) =>
  r.pick([
    String(r.int(100_000, 999_999)),
    String(r.int(10_000_000, 99_999_999)),
    `93000${r.pick(["A", "-", " ", "x"])}1`,
    blank(r),
  ]);

function text(max: number, min = 1): Bad[] {
  return [
    { label: "an empty or blank string", patch: (r) => ({ value: blank(r) }) },
    { label: `more than ${max} characters`, patch: (r) => ({ value: longer(r, max) }) },
    ...(min > 1
      ? [{ label: `fewer than ${min} characters`, patch: () => ({ value: "AB".slice(0, min - 1) }) }]
      : []),
  ];
}

function money(): Bad[] {
  return [
    { label: "nothing", patch: (r) => ({ value: r.pick(["0", "0.00", "0.0"]) }) },
    { label: "a negative amount", patch: (r) => ({ value: `-${r.int(1, 1_000_000)}.${r.int(10, 99)}` }) },
    {
      label: "more than 100,000 million soles",
      patch: (r) => ({ value: `${r.int(100_000_000_001, 999_999_999_999)}.00` }),
    },
  ];
}

function pastDay(): Bad[] {
  return [
    { label: "a day in the future", patch: (r) => ({ value: future(r) }) },
    { label: "a day before 2000", patch: (r) => ({ value: between(r, "1900-01-01", "1999-12-31") }) },
  ];
}

function keys(): Bad[] {
  return [
    { label: "a key shorter than 8", key: (r) => "k".repeat(r.int(0, 7)), field: "idempotencyKey" },
    { label: "a key longer than 128", key: (r) => "k".repeat(r.int(129, 400)), field: "idempotencyKey" },
    {
      label: "a key with spaces or symbols",
      key: (r) =>
        `${r.pick(["key with spaces", "ключ-ключ-ключ", "key/../../etc", "key;drop"])}-${r.int(0, 999)}`,
      field: "idempotencyKey",
    },
  ];
}

/** Each `Bad` whose patch sets `value` sets the field it is listed under; others patch several fields. */
function expand(target: Target): { field: string; label: string; bad: Bad }[] {
  return Object.entries(target.fields).flatMap(([field, bads]) =>
    bads.map((bad) => ({ field, label: bad.label, bad })),
  );
}

const REGISTER_BASE = {
  cui: "9300010",
  name: "[DEMO] CREACION DEL SERVICIO DE EDUCACION INICIAL EN LA LOCALIDAD DEMO 5",
  function: "EDUCATION",
  programme: "EDUCACION BASICA",
  subprogramme: "EDUCACION INICIAL",
  executingUnit: "UNIDAD EJECUTORA DEMO GL-170102",
  governmentLevel: "LOCAL",
  districts: ["170102", "170104"],
  status: "VIABLE",
  viableCost: "850000.00",
  updatedCost: "910000.00",
  registeredOn: "2024-01-10",
  viableOn: "2024-02-01",
};
/** Investment 9300001 is in execution from 1 March 2024 (viable cost S/ 1,000,000). */
const ACCRUAL_BASE = { cui: "9300001", year: 2024, month: 5, accrued: "1000.00" };
/** Investment 9300002 is in FORMULATION, registered 10 January 2024. */
const STATUS_BASE = { cui: "9300002", status: "VIABLE", on: "2024-02-15", updatedCost: "1100000.00" };

const TARGETS: Target[] = [
  {
    mutation: "registerInvestmentProject",
    inputType: "RegisterInvestmentProjectInput",
    base: REGISTER_BASE,
    other: { ...REGISTER_BASE, name: `${REGISTER_BASE.name} (OTRO)` },
    fields: {
      cui: [
        { label: "a malformed CUI", patch: (r) => ({ value: badCui(r) }) },
        {
          label: "a CUI already registered",
          patch: (r) => ({ value: r.pick(["9300001", "9300002"]) }),
          code: "CONFLICT",
        },
      ],
      name: text(500, 3),
      programme: text(200),
      subprogramme: text(200),
      executingUnit: text(300, 3),
      districts: [
        { label: "no district", patch: () => ({ value: [] }) },
        {
          label: "more than 50 districts",
          patch: (r) => ({ value: PUNO.slice(0, 51 + r.int(0, 9)) }),
        },
        {
          label: "a province or department, not a district",
          patch: (r) => ({ value: [r.pick(["1701", "17", "2110", "00"])] }),
          field: "input.districts.0",
        },
        {
          label: "an unknown UBIGEO",
          patch: (r) => ({ value: [unknownUbigeo(r)] }),
          field: "input.districts.0",
        },
        {
          label: "a district listed twice",
          patch: (r) => ({ value: ["170102", r.pick(["170102"])] }),
          field: "input.districts.1",
        },
      ],
      status: [
        {
          label: "a status an investment is not registered in",
          patch: (r) => ({ value: r.pick(["EXECUTION", "CLOSED", "DEACTIVATED"]) }),
        },
      ],
      viableCost: money(),
      updatedCost: money(),
      registeredOn: pastDay(),
      viableOn: [
        ...pastDay(),
        { label: "no viability day for a VIABLE investment", patch: () => ({ value: null }) },
        {
          label: "a viability day before the registration",
          patch: (r) => ({ value: between(r, "2000-01-01", "2024-01-09") }),
        },
        {
          label: "a viability day for an investment in FORMULATION",
          patch: () => ({ status: "FORMULATION" }),
          field: "input.viableOn",
        },
      ],
      idempotencyKey: keys(),
    },
  },
  {
    mutation: "recordInvestmentAccrual",
    inputType: "RecordInvestmentAccrualInput",
    base: ACCRUAL_BASE,
    other: { ...ACCRUAL_BASE, accrued: "2000.00" },
    fields: {
      cui: [
        { label: "a malformed CUI", patch: (r) => ({ value: badCui(r) }) },
        {
          label: "an unknown investment",
          patch: (r) => ({ value: String(r.int(9_400_000, 9_999_999)) }),
          code: "NOT_FOUND",
        },
        { label: "an investment not in execution", patch: () => ({ value: "9300002" }) },
      ],
      year: [
        { label: "a year before 2000", patch: (r) => ({ value: r.int(1900, 1999), month: null }) },
        { label: "a year in the future", patch: (r) => ({ value: THIS_YEAR + r.int(1, 50) }) },
        { label: "a year before execution", patch: (r) => ({ value: r.int(2000, 2023), month: null }) },
      ],
      month: [
        { label: "a month out of 1 to 12", patch: (r) => ({ value: r.pick([0, -1, 13, 99]) }) },
        { label: "a month before execution", patch: (r) => ({ value: r.int(1, 2) }) },
      ],
      accrued: [
        { label: "a negative amount", patch: (r) => ({ value: `-${r.int(1, 1_000_000)}.${r.int(10, 99)}` }) },
        {
          label: "a total beyond twice the cost",
          patch: (r) => ({ value: `${r.int(2_000_001, 90_000_000)}.00` }),
        },
      ],
      idempotencyKey: keys(),
    },
  },
  {
    mutation: "changeInvestmentStatus",
    inputType: "ChangeInvestmentStatusInput",
    base: STATUS_BASE,
    other: { ...STATUS_BASE, on: "2024-02-16" },
    fields: {
      cui: [
        { label: "a malformed CUI", patch: (r) => ({ value: badCui(r) }) },
        {
          label: "an unknown investment",
          patch: (r) => ({ value: String(r.int(9_400_000, 9_999_999)) }),
          code: "NOT_FOUND",
        },
      ],
      status: [
        {
          label: "a change the investment cycle does not allow",
          patch: (r) => ({ value: r.pick(["FORMULATION", "EXECUTION", "CLOSED"]) }),
        },
      ],
      on: [
        ...pastDay(),
        {
          label: "a day before the last change",
          patch: (r) => ({ value: between(r, "2000-01-01", "2024-01-09") }),
        },
      ],
      updatedCost: money(),
      idempotencyKey: keys(),
    },
  },
];

/** Every case, with its invalid input drawn now (the seed makes the draw the same on every run). */
const CASES = TARGETS.flatMap((target) =>
  expand(target).map(({ field, label, bad }, i) => {
    const patch = bad.patch?.(random) ?? {};
    const { value, ...others } = patch;
    const input: Record<string, unknown> = { ...target.base, ...others };
    if ("value" in patch) input[field] = value;
    return {
      mutation: target.mutation,
      inputType: target.inputType,
      field: bad.field ?? (bad.key ? "idempotencyKey" : `input.${field}`),
      label,
      code: bad.code ?? "BAD_USER_INPUT",
      input,
      key: bad.key?.(random) ?? `key-fuzz-${target.mutation}-${i}`,
    };
  }),
);

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** The fields of an input type as the SDL declares them. */
function inputFields(typeName: string): { name: string; enum: boolean }[] {
  const enums = new Set(
    typeDefs.definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? [d.name.value] : [])),
  );
  const definition = typeDefs.definitions.find(
    (d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === typeName,
  );
  if (definition?.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) throw new Error(`no input type ${typeName}`);
  return (definition.fields ?? []).map((field) => ({
    name: field.name.value,
    enum: enums.has(namedType(field.type)),
  }));
}

function run(mutation: string, inputType: string, input: unknown, key: string): Promise<Result> {
  return h.run(
    `mutation($input: ${inputType}!, $key: String!) { ${mutation}(input: $input, idempotencyKey: $key) { cui } }`,
    { input, key },
    editor,
  );
}

beforeAll(async () => {
  const register = (cui: string, fields: Record<string, unknown>) => ({
    ...REGISTER_BASE,
    cui,
    updatedCost: null,
    viableCost: "1000000.00",
    ...fields,
  });
  const setup: [string, string, Record<string, unknown>][] = [
    ["registerInvestmentProject", "RegisterInvestmentProjectInput", register("9300001", {})],
    [
      "changeInvestmentStatus",
      "ChangeInvestmentStatusInput",
      { cui: "9300001", status: "EXECUTION", on: "2024-03-01" },
    ],
    [
      "registerInvestmentProject",
      "RegisterInvestmentProjectInput",
      register("9300002", { status: "FORMULATION", viableOn: null }),
    ],
  ];
  for (const [i, [mutation, inputType, input]] of setup.entries()) {
    const result = await run(mutation, inputType, input, `key-fuzz-setup-${i}`);
    expect(result.errors, mutation).toBeUndefined();
  }
});

describe("bad input", () => {
  it("tries every input field of every mutation but enums, which GraphQL itself checks", () => {
    for (const target of TARGETS) {
      const fields = inputFields(target.inputType);
      const open = fields.filter((f) => !f.enum).map((f) => f.name);
      expect(Object.keys(target.fields).sort(), target.mutation).toEqual(
        expect.arrayContaining([...open, "idempotencyKey"]) as unknown,
      );
      const known = new Set([...fields.map((f) => f.name), "idempotencyKey"]);
      for (const field of Object.keys(target.fields)) expect(known, target.mutation).toContain(field);
    }
  });

  for (const { mutation, inputType, input, key, field, code, label } of CASES) {
    it(`${mutation} refuses ${label} in ${field} with ${code} naming it, and changes nothing`, async () => {
      const before = await h.domainDigest();
      const logged = (await h.audit()).length;
      const result = await run(mutation, inputType, input, key);
      expect(result.errors?.map((e) => e.extensions?.["code"])).toEqual([code]);
      expect(result.errors?.[0]?.extensions?.["field"]).toBe(field);
      expect(result.data ?? null).toBeNull();
      expect(await h.domainDigest()).toBe(before);
      expect((await h.audit()).slice(logged)).toMatchObject([{ operation: mutation, outcome: code, field }]);
    });
  }
});

describe("idempotent retries", () => {
  for (const { mutation, inputType, base, other } of TARGETS) {
    it(`${mutation} answers a retry with the same key as the first time, writing once, and refuses the key for another input`, async () => {
      const key = `key-retry-${mutation}`;
      const first = await run(mutation, inputType, base, key);
      expect(first.errors).toBeUndefined();
      const written = await h.domainDigest();
      const again = await run(mutation, inputType, base, key);
      expect(again).toEqual(first);
      expect(await h.domainDigest()).toBe(written);
      const reused = await run(mutation, inputType, other, key);
      expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
      expect(await h.domainDigest()).toBe(written);
    });
  }
});
