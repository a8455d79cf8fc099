import { Kind, type TypeNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../../packages/demo-data/src/index.ts";
import { viewers } from "../support/viewers.ts";
import { recovery } from "../../subgraphs/recovery/pillar.ts";
import { pillarTypeDefs } from "../support/subgraph.ts";
import { area, liability, loadLiabilities, project, square } from "./fixtures.ts";
import { useRecovery, type Result } from "./harness.ts";

const typeDefs = pillarTypeDefs(recovery);

const h = useRecovery();
const editor = viewers.editor("recovery");
const random = new SeededRandom(20_251_120);

type Code = "BAD_USER_INPUT" | "NOT_FOUND";

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

/* Generators of invalid values, each drawing its details from the seeded random. */
const blank = (r: SeededRandom) =>
  Array.from({ length: r.int(0, 4) }, () => r.pick([" ", "\t", "\n"])).join("");
const longer = (r: SeededRandom, max: number) =>
  Array.from({ length: max + r.int(1, 300) }, () => r.pick([...LETTERS])).join("");
const future = (r: SeededRandom) => day(Date.now() + r.int(2, 3650) * DAY);
const negative = (r: SeededRandom) => -r.int(1, 10_000_000) / 100;
const threeDecimals = (r: SeededRandom) =>
  Number(`${r.int(1, 999)}.${String(r.int(0, 99)).padStart(2, "0")}${r.int(1, 9)}`);
const unknownUbigeo = (r: SeededRandom) => `99${String(r.int(0, 9999)).padStart(4, "0")}`;

function text(max: number): Bad[] {
  return [
    { label: "an empty or blank string", patch: (r) => ({ value: blank(r) }) },
    { label: `more than ${max} characters`, patch: (r) => ({ value: longer(r, max) }) },
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

/** The same values, each naming `field` (a field of a list's items). */
function naming(field: string, bads: Bad[]): Bad[] {
  return bads.map((bad) => ({ ...bad, field }));
}

/** Each `Bad` whose patch sets `value` sets the field it is listed under; others patch several fields. */
function expand(target: Target): { mutation: string; field: string; label: string; bad: Bad }[] {
  return Object.entries(target.fields).flatMap(([field, bads]) =>
    bads.map((bad) => ({ mutation: target.mutation, field, label: bad.label, bad })),
  );
}

const AREA_BASE = area({ name: "Base" });
const PROJECT_BASE = project({
  degradedAreaIds: ["DA-0000001"],
  hectaresPlanned: 10,
  liabilityIds: ["1001"],
});
const PROGRESS_BASE = {
  projectId: "RP-0001",
  date: "2025-05-01",
  status: "IN_PROGRESS",
  areas: [{ degradedAreaId: "DA-0000001", hectares: 1.5 }],
  executed: "100.00",
  note: "Base",
};
const MEASUREMENT_BASE = {
  projectId: "RP-0001",
  parameter: "MERCURY_IN_WATER",
  value: 0.002,
  measuredOn: "2025-05-10",
  station: "EST-01",
  ubigeo: "170102",
};
const RISK_BASE = {
  liabilityId: "1001",
  riskLevel: "MEDIUM",
  study: "Estudio base",
  assessedOn: "2025-06-01",
};

const TARGETS: Target[] = [
  {
    mutation: "registerDegradedArea",
    inputType: "RegisterDegradedAreaInput",
    base: AREA_BASE,
    other: { ...AREA_BASE, hectares: 13 },
    fields: {
      ubigeo: [
        { label: "a province, not a district", patch: (r) => ({ value: r.pick(["1701", "1702", "2110"]) }) },
        { label: "a department", patch: (r) => ({ value: r.pick(["17", "21", "02"]) }) },
        { label: "an unknown UBIGEO", patch: (r) => ({ value: unknownUbigeo(r) }) },
        { label: "letters or blanks", patch: (r) => ({ value: r.pick(["17010A", "abcdef", blank(r)]) }) },
      ],
      hectares: [
        { label: "zero", patch: () => ({ value: 0 }) },
        { label: "a negative surface", patch: (r) => ({ value: negative(r) }) },
        {
          label: "more than 100,000 hectares",
          patch: (r) => ({ value: 100_000 + r.int(1, 10_000_000) / 100 }),
        },
        { label: "three decimals", patch: (r) => ({ value: threeDecimals(r) }) },
      ],
      sourceReference: text(120),
      detectedOn: [
        { label: "a date in the future", patch: (r) => ({ value: future(r) }) },
        { label: "a date before 1985", patch: (r) => ({ value: between(r, "1900-01-01", "1984-12-31") }) },
      ],
      name: text(200),
      miningCorridor: [
        {
          label: "the Mining Corridor outside Madre de Dios",
          patch: (r) => ({
            ubigeo: r.pick(["211002", "021701", "150101"]),
            geometry: null,
            value: r.chance(0.5),
          }),
        },
      ],
      geometry: [
        {
          label: "text that is not JSON",
          patch: (r) => ({ value: r.pick(["{polygon", "", "null", "[1,2"]) }),
        },
        {
          label: "a geometry that is not a polygon",
          patch: (r) => ({
            value: JSON.stringify(
              r.pick([
                { type: "Point", coordinates: [-70, -12] },
                {
                  type: "LineString",
                  coordinates: [
                    [-70, -12],
                    [-70.1, -12.1],
                  ],
                },
                { type: "Polygon", coordinates: [] },
              ]),
            ),
          }),
        },
        {
          label: "an outline outside Peru",
          patch: (r) => ({ value: square(r.int(-60, 60) > 0 ? 40.4 : -30, -3.7 - r.int(0, 50)) }),
        },
        {
          label: "a ring that is not closed",
          patch: (r) => ({
            value: JSON.stringify({
              type: "Polygon",
              coordinates: [
                [
                  [-70, -12],
                  [-70.1, -12],
                  [-70.1, -12.1],
                  [-70, -12 - r.int(2, 9) / 10],
                ],
              ],
            }),
          }),
        },
        {
          label: "positions that are not numbers",
          patch: () => ({
            value: '{"type":"Polygon","coordinates":[[["a","b"],["c","d"],["e","f"],["a","b"]]]}',
          }),
        },
      ],
      latitude: [
        { label: "a latitude outside Peru", patch: (r) => ({ value: r.int(1, 89), longitude: -69.95 }) },
        {
          label: "a latitude beyond the pole",
          patch: (r) => ({ value: -90 - r.int(1, 1000), longitude: -69.95 }),
        },
      ],
      longitude: [
        { label: "a longitude outside Peru", patch: (r) => ({ latitude: -12.9, value: -60 + r.int(0, 50) }) },
        {
          label: "a longitude beyond the antimeridian",
          patch: (r) => ({ latitude: -12.9, value: -180 - r.int(1, 500) }),
        },
        { label: "a latitude without a longitude", patch: (r) => ({ latitude: -12 - r.int(0, 9) / 10 }) },
      ],
      idempotencyKey: keys(),
    },
  },
  {
    mutation: "registerRestorationProject",
    inputType: "RegisterRestorationProjectInput",
    base: PROJECT_BASE,
    other: { ...PROJECT_BASE, name: "Otro nombre" },
    fields: {
      name: text(300),
      ubigeo: [
        { label: "an unknown UBIGEO", patch: (r) => ({ value: unknownUbigeo(r) }) },
        { label: "an unknown province", patch: (r) => ({ value: `17${r.int(90, 99)}` }) },
        { label: "a malformed code", patch: (r) => ({ value: r.pick(["1", "170", "abc", blank(r)]) }) },
      ],
      degradedAreaIds: [
        { label: "no areas", patch: () => ({ value: [] }), field: "input.degradedAreaIds" },
        {
          label: "more than 200 areas",
          patch: (r) => ({
            value: Array.from(
              { length: 201 + r.int(0, 50) },
              (_, i) => `DA-${String(i + 1).padStart(7, "0")}`,
            ),
          }),
          field: "input.degradedAreaIds",
        },
        {
          label: "a malformed identifier",
          // The register's codes and an imported layer's feature ids are both identifiers; spaces, a leading
          // punctuation mark or more than 100 characters are not.
          patch: (r) => ({
            value: [
              r.pick([`DA ${r.int(0, 99_999)}`, `-DA-${r.int(0, 99_999)}`, "A".repeat(101 + r.int(0, 20))]),
            ],
          }),
          field: "input.degradedAreaIds.0",
        },
        {
          label: "an unknown area",
          patch: (r) => ({ value: [`DA-${String(r.int(100, 9_999_999)).padStart(7, "0")}`] }),
          field: "input.degradedAreaIds.0",
          code: "NOT_FOUND",
        },
        {
          label: "an area listed twice",
          patch: () => ({ value: ["DA-0000001", "DA-0000001"] }),
          field: "input.degradedAreaIds.1",
        },
        {
          label: "an area outside the project's region",
          patch: () => ({ value: ["DA-0000002"] }),
          field: "input.degradedAreaIds.0",
        },
      ],
      liabilityIds: [
        {
          label: "more than 500 liabilities",
          patch: (r) => ({ value: Array.from({ length: 501 + r.int(0, 50) }, (_, i) => String(i + 1)) }),
          field: "input.liabilityIds",
        },
        {
          label: "a malformed inventory ID",
          patch: (r) => ({ value: [r.pick(["bad id!", "1".repeat(21 + r.int(0, 9)), "", "ÑANDÚ"])] }),
          field: "input.liabilityIds.0",
        },
        {
          label: "an unknown liability",
          patch: (r) => ({ value: [String(r.int(100_000, 999_999))] }),
          field: "input.liabilityIds.0",
          code: "NOT_FOUND",
        },
        {
          label: "a liability listed twice",
          patch: () => ({ value: ["1001", "1001"] }),
          field: "input.liabilityIds.1",
        },
        {
          label: "a liability outside the project's region",
          patch: () => ({ value: ["1002"] }),
          field: "input.liabilityIds.0",
        },
      ],
      hectaresPlanned: [
        { label: "zero", patch: () => ({ value: 0 }) },
        { label: "a negative plan", patch: (r) => ({ value: negative(r) }) },
        { label: "three decimals", patch: (r) => ({ value: threeDecimals(r) }) },
        { label: "more than 1,000,000 hectares", patch: (r) => ({ value: 1_000_000 + r.int(1, 100_000) }) },
        {
          label: "more than the areas have left",
          patch: (r) => ({ value: 12.35 + r.int(0, 100_000) / 100 }),
        },
      ],
      budget: [
        { label: "nothing", patch: (r) => ({ value: r.pick(["0", "0.00", "0.0"]) }) },
        { label: "a negative amount", patch: (r) => ({ value: `-${r.int(1, 1_000_000)}.${r.int(10, 99)}` }) },
      ],
      implementingAgency: text(200),
      fundedBy: text(200),
      startDate: [
        { label: "a date before 2000", patch: (r) => ({ value: between(r, "1900-01-01", "1999-12-31") }) },
      ],
      plannedEndDate: [
        {
          label: "an end before the start",
          patch: (r) => ({ value: between(r, "2000-01-01", "2025-03-31") }),
        },
      ],
      idempotencyKey: keys(),
    },
  },
  {
    mutation: "recordRestorationProgress",
    inputType: "RecordRestorationProgressInput",
    base: PROGRESS_BASE,
    other: { ...PROGRESS_BASE, note: "Otra nota" },
    fields: {
      projectId: [
        {
          label: "a malformed identifier",
          patch: (r) => ({ value: r.pick([`RP-${r.int(0, 999)}`, "XX-0001", "rp-0001", blank(r)]) }),
        },
        {
          label: "an unknown project",
          patch: (r) => ({ value: `RP-${r.int(1000, 9999) + 10_000}` }),
          code: "NOT_FOUND",
        },
      ],
      date: [
        { label: "a date in the future", patch: (r) => ({ value: future(r) }) },
        { label: "a date before 2000", patch: (r) => ({ value: between(r, "1900-01-01", "1999-12-31") }) },
        {
          label: "a date before the project's start",
          patch: (r) => ({ value: between(r, "2000-01-01", "2025-03-31") }),
        },
      ],
      areas: [
        {
          label: "more than 200 areas",
          patch: (r) => ({
            value: Array.from({ length: 201 + r.int(0, 20) }, (_, i) => ({
              degradedAreaId: `DA-${String(i + 1).padStart(7, "0")}`,
              hectares: 0.01,
            })),
          }),
        },
        {
          label: "more hectares than planned",
          patch: (r) => ({
            value: [{ degradedAreaId: "DA-0000001", hectares: 10.01 + r.int(0, 200) / 100 }],
          }),
        },
        {
          label: "hectares while the project stays PLANNED",
          patch: () => ({ status: null, value: [{ degradedAreaId: "DA-0000001", hectares: 1 }] }),
        },
        {
          label: "a report that changes nothing",
          patch: (r) => ({ status: null, executed: null, value: r.pick([[], null]) }),
        },
      ],
      "areas.degradedAreaId": [
        {
          label: "a malformed identifier",
          patch: (r) => ({ areas: [{ degradedAreaId: `DA-${r.int(0, 9999)}`, hectares: 1 }] }),
          field: "input.areas.0.degradedAreaId",
        },
        {
          label: "an area that is not the project's",
          patch: (r) => ({
            areas: [
              {
                degradedAreaId: r.pick(["DA-0000002", `DA-${String(r.int(100, 999_999)).padStart(7, "0")}`]),
                hectares: 1,
              },
            ],
          }),
          field: "input.areas.0.degradedAreaId",
        },
        {
          label: "an area listed twice",
          patch: () => ({
            areas: [
              { degradedAreaId: "DA-0000001", hectares: 1 },
              { degradedAreaId: "DA-0000001", hectares: 1 },
            ],
          }),
          field: "input.areas.1.degradedAreaId",
        },
      ],
      "areas.hectares": naming("input.areas.0.hectares", [
        { label: "zero", patch: () => ({ areas: [{ degradedAreaId: "DA-0000001", hectares: 0 }] }) },
        {
          label: "a negative surface",
          patch: (r) => ({ areas: [{ degradedAreaId: "DA-0000001", hectares: negative(r) }] }),
        },
        {
          label: "three decimals",
          patch: (r) => ({ areas: [{ degradedAreaId: "DA-0000001", hectares: threeDecimals(r) }] }),
        },
        {
          label: "more than 100,000 hectares",
          patch: (r) => ({ areas: [{ degradedAreaId: "DA-0000001", hectares: 100_000 + r.int(1, 1000) }] }),
        },
      ]),
      executed: [
        { label: "a negative amount", patch: (r) => ({ value: `-${r.int(1, 1_000_000)}.${r.int(10, 99)}` }) },
        {
          label: "more than the budget",
          patch: (r) => ({ value: `${1_500_000 + r.int(1, 10_000_000)}.00` }),
        },
      ],
      status: [
        {
          label: "a status the project cannot move to",
          patch: (r) => ({ value: r.pick(["PLANNED", "COMPLETED", "SUSPENDED"]) }),
        },
      ],
      note: text(1000),
      idempotencyKey: keys(),
    },
  },
  {
    mutation: "recordMonitoringMeasurement",
    inputType: "RecordMonitoringMeasurementInput",
    base: MEASUREMENT_BASE,
    other: { ...MEASUREMENT_BASE, value: 0.003 },
    fields: {
      projectId: [
        {
          label: "a malformed identifier",
          patch: (r) => ({ value: r.pick([`RP-${r.int(0, 999)}`, "XX-0001", blank(r)]) }),
        },
        {
          label: "an unknown project",
          patch: (r) => ({ value: `RP-${r.int(1000, 9999) + 10_000}` }),
          code: "NOT_FOUND",
        },
      ],
      value: [
        { label: "a negative concentration", patch: (r) => ({ value: negative(r) }) },
        {
          label: "more mercury than water can hold",
          patch: (r) => ({ value: 10 + r.int(1, 100_000) / 100 }),
        },
        {
          label: "a pH beyond 14",
          patch: (r) => ({ parameter: "SOIL_PH", value: 14 + r.int(1, 1000) / 100 }),
        },
        {
          label: "a forest cover beyond 100 %",
          patch: (r) => ({ parameter: "FOREST_COVER", value: 100 + r.int(1, 1000) / 10 }),
        },
      ],
      measuredOn: [
        { label: "a date in the future", patch: (r) => ({ value: future(r) }) },
        { label: "a date before 2000", patch: (r) => ({ value: between(r, "1900-01-01", "1999-12-31") }) },
      ],
      station: [
        { label: "a one-character code", patch: (r) => ({ value: r.pick(["A", "1", "-"]) }) },
        { label: "more than 40 characters", patch: (r) => ({ value: "E".repeat(41 + r.int(0, 100)) }) },
        {
          label: "spaces, accents or symbols",
          patch: (r) => ({ value: r.pick(["EST 01", "ESTACIÓN-1", "EST/01", "EST#1"]) }),
        },
        { label: "an empty or blank code", patch: (r) => ({ value: blank(r) }) },
      ],
      ubigeo: [
        { label: "a department, not a district", patch: (r) => ({ value: r.pick(["17", "1701"]) }) },
        { label: "an unknown UBIGEO", patch: (r) => ({ value: unknownUbigeo(r) }) },
        {
          label: "a district outside the project's region",
          patch: (r) => ({ value: r.pick(["211002", "021701", "150101"]) }),
        },
      ],
      idempotencyKey: keys(),
    },
  },
  {
    mutation: "assessLiabilityRisk",
    inputType: "AssessLiabilityRiskInput",
    base: RISK_BASE,
    other: { ...RISK_BASE, study: "Otro estudio" },
    fields: {
      liabilityId: [
        {
          label: "a malformed inventory ID",
          patch: (r) => ({ value: r.pick(["bad id!", "1".repeat(21 + r.int(0, 9)), "ÑANDÚ", blank(r)]) }),
        },
        {
          label: "an unknown liability",
          patch: (r) => ({ value: String(r.int(100_000, 999_999)) }),
          code: "NOT_FOUND",
        },
      ],
      study: text(300),
      assessedOn: [
        { label: "a date in the future", patch: (r) => ({ value: future(r) }) },
        { label: "a date before 2000", patch: (r) => ({ value: between(r, "1900-01-01", "1999-12-31") }) },
        {
          label: "a date before the last assessment",
          patch: (r) => ({ value: between(r, "2000-01-01", "2025-01-14") }),
        },
      ],
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

/** The fields of an input type as the SDL declares them, nested input types' fields as `list.field`. */
function inputFields(typeName: string, prefix: string): { name: string; enum: boolean }[] {
  const enums = new Set(
    typeDefs.definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? [d.name.value] : [])),
  );
  const definition = typeDefs.definitions.find(
    (d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === typeName,
  );
  if (definition?.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) throw new Error(`no input type ${typeName}`);
  return (definition.fields ?? []).flatMap((field) => {
    const name = `${prefix}${field.name.value}`;
    const type = namedType(field.type);
    const nested = typeDefs.definitions.some(
      (d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === type,
    );
    return [{ name, enum: enums.has(type) }, ...(nested ? inputFields(type, `${name}.`) : [])];
  });
}

function run(mutation: string, inputType: string, input: unknown, key: string): Promise<Result> {
  return h.run(
    `mutation($input: ${inputType}!, $key: String!) { ${mutation}(input: $input, idempotencyKey: $key) { id } }`,
    { input, key },
    editor,
  );
}

beforeAll(async () => {
  await loadLiabilities(h.server.models, [
    liability(1, { ID: "1001", ID_DIST: "170102" }),
    liability(2, { ID: "1002", ID_DIST: "021701" }),
  ]);
  const setup: [string, string, Record<string, unknown>][] = [
    ["registerDegradedArea", "RegisterDegradedAreaInput", area()],
    [
      "registerDegradedArea",
      "RegisterDegradedAreaInput",
      area({ ubigeo: "211002", miningCorridor: null, geometry: null }),
    ],
    [
      "registerRestorationProject",
      "RegisterRestorationProjectInput",
      project({ degradedAreaIds: ["DA-0000001"], hectaresPlanned: 10 }),
    ],
    [
      "assessLiabilityRisk",
      "AssessLiabilityRiskInput",
      { ...RISK_BASE, riskLevel: "HIGH", assessedOn: "2025-01-15" },
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
      const fields = inputFields(target.inputType, "");
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
