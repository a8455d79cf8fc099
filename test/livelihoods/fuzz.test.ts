import { beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../../packages/demo-data/src/index.ts";
import { regionCatalog, rucCheckDigit } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";
import { UNDP, validRuc } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";
import {
  applyWrites,
  auditEntries,
  COMPANY_RUC,
  domainDigest,
  MUTATION_NAMES,
  MUTATIONS,
  PERSON_RUC,
  programmeWrites,
  projectId,
  type MutationName,
  type Write,
} from "./trust-fixtures.ts";

const h = useLivelihoods();
const EDITOR = viewers.editor("livelihoods");

/** A project in IMPLEMENTATION since 2024-01-15, with a commitment and one miner enrolled (not yet completed). */
const P = projectId("PE-FZ-0001");
const SETUP = programmeWrites("PE-FZ-0001", "fz-setup").slice(0, 6);
/** A project still in PIPELINE. */
const Q = projectId("PE-FZ-0003");
const PROGRAMME = programmeWrites("PE-FZ-0002", "fz-base");

/** A valid input of every mutation for the state above: the fuzz changes one field of it at a time. */
const BASE: Record<MutationName, Record<string, unknown>> = {
  registerLivelihoodProject: (PROGRAMME[0] as Write).input,
  changeProjectStatus: {
    iatiIdentifier: P,
    status: "SUSPENDED",
    reason: "Paro regional",
    effectiveDate: "2024-06-01",
  },
  recordTransaction: {
    iatiIdentifier: P,
    ref: "TX-FZ-0002",
    type: "DISBURSEMENT",
    date: "2024-03-01",
    value: "1000.00",
    currency: "USD",
    description: "Primer desembolso",
    providerOrg: { ref: UNDP, name: "PNUD", type: "MULTILATERAL" },
    receiverOrg: { ref: "PE-RUC-20512333797", name: "Asociación Amazonía Productiva", type: "NATIONAL_NGO" },
  },
  reportIndicatorActual: (SETUP[3] as Write).input,
  reportBeneficiaries: (SETUP[4] as Write).input,
  enrollOperator: {
    iatiIdentifier: P,
    ruc: COMPANY_RUC,
    enrolledOn: "2024-04-01",
    formerReinfoStatus: "VIGENTE",
  },
  changeEnrollmentStatus: {
    iatiIdentifier: P,
    ruc: PERSON_RUC,
    status: "DROPPED_OUT",
    date: "2024-05-01",
    reason: "Retornó a su comunidad",
  },
};

type Code = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";

/** Invalid values of one input field: `make` draws one; `expect` is the field the error names when not this one. */
interface FieldFuzz {
  field: string;
  make: (r: SeededRandom) => unknown;
  code?: Code;
  expect?: string;
  /** Other fields set with it (e.g. the indicator a value is checked against). */
  with?: Record<string, unknown>;
}

// Generators of invalid values.
const ALPHA = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const word = (r: SeededRandom, n: number) => Array.from({ length: n }, () => r.pick(ALPHA)).join("");
const digits = (r: SeededRandom, n: number) => Array.from({ length: n }, () => String(r.int(0, 9))).join("");
const blank = (r: SeededRandom) => r.pick(["", " ", "   ", "\t", " \n "]);
const tooLong = (max: number) => (r: SeededRandom) => word(r, max + r.int(1, 60));
const badText = (max: number) => (r: SeededRandom) => (r.chance(0.5) ? blank(r) : tooLong(max)(r));
const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);
const future = (r: SeededRandom) => iso(Date.now() + r.int(2, 4000) * DAY);
const before =
  (date: string, maxDays = 3000) =>
  (r: SeededRandom) =>
    iso(Date.parse(`${date}T00:00:00Z`) - r.int(1, maxDays) * DAY);
const after =
  (date: string, maxDays = 300) =>
  (r: SeededRandom) =>
    iso(Date.parse(`${date}T00:00:00Z`) + r.int(1, maxDays) * DAY);
const oneOf =
  (...makers: ((r: SeededRandom) => unknown)[]) =>
  (r: SeededRandom) =>
    r.pick(makers)(r);
const constant = (value: unknown) => () => value;

const badOrgRef = oneOf(
  (r) => `${word(r, 2).toLowerCase()}-${word(r, 4)}`,
  (r) => `${word(r, 2).toUpperCase()}${digits(r, 4)}`,
  (r) => `${word(r, 2).toUpperCase()}-${word(r, 3)} ${digits(r, 2)}`,
  (r) => `${word(r, 2).toUpperCase()}-${word(r, 3)}/${digits(r, 2)}`,
  (r) => `${word(r, 2).toUpperCase()}--${digits(r, 3)}`,
  (r) => `${word(r, 2).toUpperCase()}-${word(r, 100)}`,
  blank,
);
const badIatiIdentifier = oneOf(
  (r) => `${word(r, 2).toLowerCase()}-${word(r, 6)}`,
  (r) => `${UNDP}-${word(r, 3)} ${digits(r, 3)}`,
  (r) => `${UNDP}-${r.pick(["/", "&", "|", "?"])}${digits(r, 4)}`,
  (r) => `${UNDP}-${word(r, 170)}`,
  (r) => digits(r, r.int(1, 12)),
  blank,
);
const unknownIatiIdentifier = (r: SeededRandom) => `${UNDP}-NOPE-${digits(r, 6)}`;
const badLocalId = oneOf(
  blank,
  tooLong(60),
  (r) => `${word(r, 3)} ${digits(r, 3)}`,
  (r) => `${word(r, 3)}${r.pick(["/", "|", "&", "?", "ñ", "#"])}${digits(r, 3)}`,
);
const badUbigeo = oneOf(
  (r) => `9${digits(r, 5)}`,
  (r) => String(r.int(26, 99)),
  (r) => digits(r, r.pick([1, 3, 5, 7])),
  (r) => word(r, r.pick([2, 4, 6])),
  blank,
);
const badRuc = oneOf(
  (r) => {
    const body = `10${digits(r, 8)}`;
    return `${body}${(rucCheckDigit(body) + r.int(1, 9)) % 10}`;
  },
  (r) => digits(r, r.pick([8, 10, 12])),
  (r) => {
    const body = `${r.pick(["11", "21", "30", "99"])}${digits(r, 8)}`;
    return `${body}${rucCheckDigit(body)}`;
  },
  (r) => `10${digits(r, 4)}${word(r, 1)}${digits(r, 4)}`,
  (r) => `psn_${word(r, r.int(8, 60))}`,
);
const badAmount = oneOf(constant("0"), constant("0.00"), (r) => `-${r.int(1, 999_999)}.${digits(r, 2)}`);
const badKey = oneOf(
  (r) => word(r, r.int(1, 7)),
  (r) => word(r, r.int(129, 200)),
  (r) => `${word(r, 6)}${r.pick([" ", "/", "ñ", "#", "?"])}${word(r, 6)}`,
);
const badYear = oneOf(
  (r) => r.int(-5000, 1999),
  (r) => r.int(2101, 99_999),
);

const yearly = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => ({
    periodStart: `${from + k}-01-01`,
    periodEnd: `${from + k}-12-31`,
    target: 100 + k,
  }));
const districts = () =>
  regionCatalog()
    .list({ level: "DISTRICT" })
    .map((d) => d.ubigeo);
const ORG = {
  role: "IMPLEMENTING",
  ref: "PE-RUC-20512333797",
  name: "Asociación Amazonía Productiva",
  type: "NATIONAL_NGO",
};
const IND = "input.results.0.indicators.0";
const INCOME = "input.results.1.indicators.0";
const QUALITATIVE = "input.results.1.indicators.2";
const PERCENT = "input.results.1.indicators.3";

const FUZZ: Record<MutationName, FieldFuzz[]> = {
  registerLivelihoodProject: [
    { field: "input.reportingOrg.ref", make: oneOf(badOrgRef, constant(null)) },
    { field: "input.reportingOrg.name", make: badText(200) },
    { field: "input.reportingOrg.type", make: constant(null) },
    { field: "input.localId", make: badLocalId },
    { field: "input.title", make: badText(300) },
    { field: "input.description", make: badText(4000) },
    { field: "input.identifiedOn", make: future },
    { field: "input.plannedStart", make: after("2027-12-31", 3000), expect: "input.plannedEnd" },
    { field: "input.plannedEnd", make: oneOf(constant("2024-01-01"), before("2024-01-01")) },
    {
      field: "input.participatingOrgs",
      make: oneOf(
        constant([]),
        constant([ORG]),
        constant([{ role: "FUNDING", ref: UNDP, name: "PNUD", type: "MULTILATERAL" }]),
        constant(
          Array.from({ length: 31 }, (_, i) => ({ ...ORG, role: i === 0 ? "FUNDING" : "IMPLEMENTING" })),
        ),
      ),
    },
    { field: "input.participatingOrgs.0.ref", make: oneOf(badOrgRef, constant(null)) },
    { field: "input.participatingOrgs.1.ref", make: badOrgRef },
    { field: "input.participatingOrgs.0.name", make: badText(200) },
    {
      field: "input.participatingOrgs.1.role",
      make: (r) => r.pick(["FUNDING", "ACCOUNTABLE", "EXTENDING"]),
      expect: "input.participatingOrgs",
    },
    {
      field: "input.sectors",
      make: oneOf(constant([]), (r) => {
        const first = r.int(1, 99);
        let second = r.int(1, 99);
        if (first + second === 100) second = second === 99 ? 98 : second + 1;
        return [
          { sector: "AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", percentage: first },
          { sector: "INDUSTRIAL_CROPS", percentage: second },
        ];
      }),
    },
    {
      field: "input.sectors.0.percentage",
      make: oneOf(
        constant(0),
        (r) => -r.int(1, 100),
        (r) => 100 + r.int(1, 1000) / 100,
        (r) => r.int(1, 99) + 0.005,
      ),
    },
    { field: "input.sectors.1.sector", make: constant("AGRICULTURAL_ALTERNATIVE_DEVELOPMENT") },
    {
      field: "input.locations",
      make: oneOf(constant([]), (r) => districts().slice(r.int(0, 100), undefined).slice(0, 51)),
    },
    { field: "input.locations.0", make: badUbigeo },
    { field: "input.locations.1", make: constant("170102") },
    {
      field: "input.budgets",
      make: oneOf(constant([]), () =>
        Array.from({ length: 61 }, () => ({
          periodStart: "2024-01-01",
          periodEnd: "2024-12-31",
          value: "1.00",
        })),
      ),
    },
    { field: "input.budgets.0.periodStart", make: after("2024-12-31"), expect: "input.budgets.0.periodEnd" },
    { field: "input.budgets.0.periodEnd", make: oneOf(before("2024-01-01"), after("2024-12-31", 2000)) },
    { field: "input.budgets.0.value", make: badAmount },
    {
      field: "input.beneficiaries.total",
      make: oneOf(
        (r) => -r.int(1, 1000),
        (r) => 10_000_001 + r.int(0, 1000),
      ),
    },
    {
      field: "input.beneficiaries.women",
      make: oneOf(
        (r) => 500 + r.int(1, 1000),
        (r) => -r.int(1, 10),
      ),
    },
    {
      field: "input.beneficiaries.formerMiners",
      make: oneOf(
        (r) => 500 + r.int(1, 1000),
        (r) => -r.int(1, 10),
      ),
    },
    {
      field: "input.results",
      make: () =>
        Array.from({ length: 21 }, () => ({
          type: "OUTPUT",
          title: "Resultado",
          indicators: [
            { measure: "UNIT", title: "Indicador", baseline: { year: 2024, value: 0 }, periods: [] },
          ],
        })),
    },
    { field: "input.results.0.title", make: badText(300) },
    { field: "input.results.0.description", make: badText(2000) },
    {
      field: "input.results.0.indicators",
      make: oneOf(constant([]), () =>
        Array.from({ length: 21 }, () => ({
          measure: "UNIT",
          title: "Indicador",
          baseline: { year: 2024, value: 0 },
          periods: [],
        })),
      ),
    },
    { field: `${IND}.title`, make: badText(300) },
    { field: `${IND}.description`, make: badText(2000) },
    { field: `${IND}.measure`, make: constant("QUALITATIVE"), expect: `${IND}.baseline.value` },
    { field: `${IND}.baseline.year`, make: badYear },
    { field: `${IND}.baseline.value`, make: constant(null) },
    {
      field: `${PERCENT}.baseline.value`,
      make: oneOf(
        (r) => 100 + r.int(1, 1000) / 10,
        (r) => -r.int(1, 1000),
      ),
    },
    { field: `${QUALITATIVE}.baseline.value`, make: (r) => r.int(-100, 100) },
    { field: `${INCOME}.baseline.comment`, make: badText(2000) },
    { field: `${IND}.periods`, make: () => yearly(1990, 2030) },
    {
      field: `${IND}.periods.0.periodStart`,
      make: after("2024-12-31"),
      expect: `${IND}.periods.0.periodEnd`,
    },
    { field: `${IND}.periods.0.periodEnd`, make: before("2024-01-01") },
    { field: `${IND}.periods.1.periodStart`, make: oneOf(after("2024-01-01", 360), constant("2024-12-31")) },
    { field: `${IND}.periods.0.target`, make: constant(null) },
    {
      field: `${PERCENT}.periods.0.target`,
      make: oneOf(
        (r) => 100 + r.int(1, 1000) / 10,
        (r) => -r.int(1, 1000),
      ),
    },
    { field: `${QUALITATIVE}.periods.0.target`, make: (r) => r.int(0, 100) },
    { field: `${QUALITATIVE}.periods.0.targetComment`, make: oneOf(constant(null), badText(2000)) },
    { field: "idempotencyKey", make: badKey },
  ],
  changeProjectStatus: [
    { field: "input.iatiIdentifier", make: badIatiIdentifier },
    { field: "input.iatiIdentifier", make: unknownIatiIdentifier, code: "NOT_FOUND" },
    { field: "input.status", make: (r) => r.pick(["PIPELINE", "IMPLEMENTATION", "CLOSED"]) },
    { field: "input.reason", make: badText(500) },
    { field: "input.effectiveDate", make: oneOf(future, before("2024-01-15")) },
    { field: "idempotencyKey", make: badKey },
  ],
  recordTransaction: [
    { field: "input.iatiIdentifier", make: badIatiIdentifier },
    { field: "input.iatiIdentifier", make: unknownIatiIdentifier, code: "NOT_FOUND" },
    { field: "input.ref", make: badText(100) },
    {
      field: "input.type",
      make: (r) => r.pick(["INCOMING_FUNDS", "INCOMING_COMMITMENT"]),
      with: { "input.providerOrg": null },
      expect: "input.providerOrg",
    },
    { field: "input.date", make: oneOf(future, before("2024-01-01")) },
    { field: "input.value", make: oneOf(badAmount, (r) => `${600_000 + r.int(1, 1_000_000)}.00`) },
    { field: "input.currency", make: constant("PEN") },
    { field: "input.description", make: badText(1000) },
    { field: "input.providerOrg.ref", make: badOrgRef },
    { field: "input.providerOrg.name", make: badText(200) },
    { field: "input.receiverOrg.ref", make: badOrgRef },
    { field: "input.receiverOrg.name", make: badText(200) },
    { field: "idempotencyKey", make: badKey },
  ],
  reportIndicatorActual: [
    { field: "input.iatiIdentifier", make: badIatiIdentifier },
    { field: "input.iatiIdentifier", make: unknownIatiIdentifier, code: "NOT_FOUND" },
    { field: "input.iatiIdentifier", make: constant(Q) },
    {
      field: "input.indicator",
      make: oneOf(
        (r) => word(r, r.int(1, 4)),
        (r) => `${r.int(1, 9)}`,
        constant("1.2.3"),
      ),
    },
    { field: "input.indicator", make: (r) => `${r.int(3, 99)}.${r.int(1, 99)}` },
    { field: "input.periodStart", make: oneOf(after("2024-01-01", 360), before("2024-01-01")) },
    {
      field: "input.periodEnd",
      make: oneOf(before("2024-12-31", 360), after("2024-12-31")),
      expect: "input.periodStart",
    },
    { field: "input.value", make: constant(null) },
    {
      field: "input.value",
      make: oneOf(
        (r) => 100 + r.int(1, 1000) / 10,
        (r) => -r.int(1, 100),
      ),
      with: { "input.indicator": "2.4" },
    },
    { field: "input.value", make: (r) => r.int(0, 100), with: { "input.indicator": "2.3" } },
    { field: "input.comment", make: badText(2000) },
    { field: "input.comment", make: constant(null), with: { "input.indicator": "2.3", "input.value": null } },
    { field: "idempotencyKey", make: badKey },
  ],
  reportBeneficiaries: [
    { field: "input.iatiIdentifier", make: badIatiIdentifier },
    { field: "input.iatiIdentifier", make: unknownIatiIdentifier, code: "NOT_FOUND" },
    {
      field: "input.beneficiaries.total",
      make: oneOf(
        (r) => -r.int(1, 1000),
        (r) => 10_000_001 + r.int(0, 1000),
      ),
    },
    {
      field: "input.beneficiaries.women",
      make: oneOf(
        (r) => 640 + r.int(1, 1000),
        (r) => -r.int(1, 10),
      ),
    },
    {
      field: "input.beneficiaries.formerMiners",
      make: oneOf(
        (r) => 640 + r.int(1, 1000),
        (r) => -r.int(1, 10),
      ),
    },
    { field: "input.reportedOn", make: future },
    { field: "idempotencyKey", make: badKey },
  ],
  enrollOperator: [
    { field: "input.iatiIdentifier", make: badIatiIdentifier },
    { field: "input.iatiIdentifier", make: unknownIatiIdentifier, code: "NOT_FOUND" },
    { field: "input.iatiIdentifier", make: constant(Q) },
    { field: "input.ruc", make: badRuc },
    { field: "input.ruc", make: constant(PERSON_RUC), code: "CONFLICT" },
    { field: "input.enrolledOn", make: oneOf(future, before("2024-01-15")) },
    {
      field: "input.formerReinfoStatus",
      make: oneOf(
        blank,
        (r) => word(r, r.int(1, 2)),
        (r) => digits(r, 6),
        (r) => word(r, r.int(31, 60)),
        constant("EXCLUIDO/2"),
      ),
    },
    { field: "idempotencyKey", make: badKey },
  ],
  changeEnrollmentStatus: [
    { field: "input.iatiIdentifier", make: badIatiIdentifier },
    { field: "input.iatiIdentifier", make: unknownIatiIdentifier, code: "NOT_FOUND", expect: "input.ruc" },
    { field: "input.ruc", make: badRuc },
    { field: "input.ruc", make: (r) => validRuc(`10${digits(r, 8)}`), code: "NOT_FOUND" },
    { field: "input.status", make: constant("ENROLLED") },
    { field: "input.date", make: oneOf(future, before("2024-03-01")) },
    { field: "input.reason", make: badText(500) },
    { field: "idempotencyKey", make: badKey },
  ],
};

/** How many invalid values each field gets. */
const DRAWS = 3;

interface Case {
  mutation: MutationName;
  field: string;
  expect: string;
  code: Code;
  values: Record<string, unknown>;
}

function casesOf(mutation: MutationName, seed: number): Case[] {
  const random = new SeededRandom(seed);
  return FUZZ[mutation].flatMap((fuzz) => {
    const draws = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < DRAWS * 4 && draws.size < DRAWS; i++) {
      const values = { ...fuzz.with, [fuzz.field]: fuzz.make(random) };
      draws.set(JSON.stringify(values), values);
    }
    return [...draws.values()].map((values) => ({
      mutation,
      field: fuzz.field,
      expect: fuzz.expect ?? fuzz.field,
      code: fuzz.code ?? "BAD_USER_INPUT",
      values,
    }));
  });
}

/** The variables of a mutation with `values` (by dotted path from the variables) in place of the base's. */
function variablesOf(
  mutation: MutationName,
  values: Record<string, unknown>,
  key: string,
): Record<string, unknown> {
  const variables: Record<string, unknown> = { input: structuredClone(BASE[mutation]), key };
  for (const [path, value] of Object.entries(values)) {
    if (path === "idempotencyKey") {
      variables["key"] = value;
      continue;
    }
    const parts = path.split(".");
    let target = variables as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    target[parts[parts.length - 1] as string] = value;
  }
  return variables;
}

beforeAll(async () => {
  await applyWrites(h, SETUP);
  await applyWrites(h, [{ ...(programmeWrites("PE-FZ-0003", "fz-pipeline")[0] as Write) }]);
});

let serial = 0;

describe.each(MUTATION_NAMES.map((name, index) => [name, index] as const))("%s", (mutation, index) => {
  const cases = casesOf(mutation, 5_000 + index);
  const fields = [...new Set(cases.map((c) => `${c.field} (${c.code})`))];

  it.each(fields)(
    "refuses invalid values of %s, naming the field and changing nothing",
    async (fieldCode) => {
      const before = await domainDigest(h);
      for (const c of cases.filter((c) => `${c.field} (${c.code})` === fieldCode)) {
        const key = `fz-${mutation}-${++serial}`;
        const variables = variablesOf(mutation, c.values, key);
        const label = `${mutation} with ${JSON.stringify(c.values).slice(0, 200)}`;
        const result = await h.run(MUTATIONS[mutation], variables, EDITOR);
        expect(result.data, label).toBeNull();
        expect(result.errors?.[0]?.extensions, label).toMatchObject({ code: c.code, field: c.expect });
        expect(await domainDigest(h), label).toBe(before);
        const entries = await auditEntries(h, variables["key"] as string);
        expect(entries.at(-1), label).toMatchObject({
          operation: mutation,
          outcome: c.code,
          field: c.expect,
        });
      }
    },
  );
});

describe("idempotent retries", () => {
  it.each(MUTATION_NAMES.map((name, index) => [name, index] as const))(
    "of %s: the same key twice gives the same answer and one record; with another input, CONFLICT",
    async (mutation, index) => {
      const writes = programmeWrites(`PE-FZ-R${index}`, `fz-retry-${index}`);
      await applyWrites(h, writes.slice(0, index));
      const write = writes[index] as Write;
      const variables = { input: write.input, key: write.key };
      const first = await h.run(MUTATIONS[mutation], variables, EDITOR);
      expect(first.errors).toBeUndefined();
      const after = await domainDigest(h);
      const again = await h.run(MUTATIONS[mutation], variables, EDITOR);
      expect(again).toEqual(first);
      expect(await domainDigest(h)).toBe(after);

      // The same key with another input (the next step's, or another valid variant) is refused.
      const other = { ...write.input, iatiIdentifier: projectId(`PE-FZ-R${index}`) };
      const changed =
        mutation === "registerLivelihoodProject"
          ? { ...write.input, title: "Otro título para el mismo registro" }
          : mutation === "changeProjectStatus"
            ? { ...other, reason: "Otro motivo" }
            : mutation === "recordTransaction"
              ? { ...other, value: "1.00" }
              : mutation === "reportIndicatorActual"
                ? { ...other, value: 9600 }
                : mutation === "reportBeneficiaries"
                  ? { ...other, beneficiaries: { total: 1, women: 0, formerMiners: 0 } }
                  : mutation === "enrollOperator"
                    ? { ...other, formerReinfoStatus: "VIGENTE" }
                    : { ...other, reason: "Otro motivo" };
      const refused = await h.run(MUTATIONS[mutation], { input: changed, key: write.key }, EDITOR);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });
      expect(await domainDigest(h)).toBe(after);
    },
  );
});

it("accepts every base input unchanged, so each refusal above came from the one field the fuzz changed", async () => {
  // In an order the project's state allows: enroll while in IMPLEMENTATION, suspend last.
  const order: MutationName[] = [
    "registerLivelihoodProject",
    "recordTransaction",
    "reportIndicatorActual",
    "reportBeneficiaries",
    "enrollOperator",
    "changeEnrollmentStatus",
    "changeProjectStatus",
  ];
  for (const mutation of order) {
    const result = await h.run(MUTATIONS[mutation], variablesOf(mutation, {}, `fz-base-${mutation}`), EDITOR);
    expect(result.errors, mutation).toBeUndefined();
  }
});
