import { beforeAll, describe, expect, it } from "vitest";
import { RucPseudonyms } from "../../packages/kit/src/index.ts";
import { looksLikePseudonym } from "../support/access-matrix.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { validRuc } from "./fixtures.ts";
import { useFormalization, type Result } from "./harness.ts";
import { COMPANY, PERSON, seedRecord, seedSubject } from "./trust-fixtures.ts";

const h = useFormalization();

beforeAll(async () => {
  await seedSubject(h, PERSON);
  await seedSubject(h, COMPANY);
});

const OPERATOR = /* GraphQL */ `
  query ($ruc: ID!) {
    operator(ruc: $ruc) {
      ruc
      kind
      name
      reinfoRecords {
        code
      }
    }
  }
`;

const OPERATOR_ENTITY = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Operator {
        ruc
        kind
        name
        reinfoRecords {
          code
        }
      }
    }
  }
`;

const BY_RUC = /* GraphQL */ `
  query ($ruc: ID) {
    reinfoRecords(filter: { ruc: $ruc }) {
      totalCount
      edges {
        node {
          code
          operator {
            ruc
          }
        }
      }
    }
  }
`;

/** The pseudonym an analyst reads in the person's record. */
async function pseudonymFromRecord(): Promise<string> {
  const result = await h.run(
    `query($code: ID!) { reinfoRecord(code: $code) { operator { ruc } } }`,
    { code: PERSON.code },
    viewers.analyst,
  );
  expect(result.errors).toBeUndefined();
  const ruc = (result.data?.reinfoRecord as { operator: { ruc: string } }).operator.ruc;
  expect(looksLikePseudonym(ruc)).toBe(true);
  return ruc;
}

function expectNoTraceOfThePerson(...results: Result[]): void {
  for (const result of results) {
    const text = JSON.stringify(result);
    expect(text).not.toContain(PERSON.ruc);
    expect(text).not.toContain(PERSON.ruc.slice(2, 10));
    expect(text).not.toContain(PERSON.minerName);
  }
}

describe("RUC pseudonyms", () => {
  it("lead an analyst from a record to its operator, by argument, filter and entity, masked again", async () => {
    const pseudonym = await pseudonymFromRecord();
    const masked = {
      ruc: pseudonym,
      kind: "PERSON",
      name: PERSON.maskedMinerName,
      reinfoRecords: [{ code: PERSON.code }],
    };

    const byArgument = await h.run(OPERATOR, { ruc: pseudonym }, viewers.analyst);
    expect(byArgument).toEqual({ data: { operator: masked } });

    const byEntity = await h.run(
      OPERATOR_ENTITY,
      { r: [{ __typename: "Operator", ruc: pseudonym }] },
      viewers.analyst,
    );
    expect(byEntity).toEqual({ data: { _entities: [masked] } });

    const byFilter = await h.run(BY_RUC, { ruc: pseudonym }, viewers.analyst);
    expect(byFilter).toEqual({
      data: {
        reinfoRecords: {
          totalCount: 1,
          edges: [{ node: { code: PERSON.code, operator: { ruc: pseudonym } } }],
        },
      },
    });

    expectNoTraceOfThePerson(byArgument, byEntity, byFilter);
  });

  it("are the same on every read: in a record, for the operator asked by RUC, and in a later request", async () => {
    const first = await pseudonymFromRecord();
    const byRuc = await h.run(OPERATOR, { ruc: PERSON.ruc }, viewers.editor("eradication"));
    expect((byRuc.data?.operator as { ruc: string }).ruc).toBe(first);
    expect(await pseudonymFromRecord()).toBe(first);
  });

  it("turn back into the RUC for a viewer who may see it", async () => {
    const pseudonym = await pseudonymFromRecord();
    for (const viewer of [viewers.analystWithPersonalData, viewers.editor("formalization"), viewers.admin]) {
      const result = await h.run(OPERATOR, { ruc: pseudonym }, viewer);
      expect(result).toEqual({
        data: {
          operator: {
            ruc: PERSON.ruc,
            kind: "PERSON",
            name: PERSON.minerName,
            reinfoRecords: [{ code: PERSON.code }],
          },
        },
      });
    }
  });

  it("are never given for a company: its RUC and name stay as SUNAT publishes them", async () => {
    const result = await h.run(OPERATOR, { ruc: COMPANY.ruc }, viewers.analyst);
    expect(result).toEqual({
      data: {
        operator: {
          ruc: COMPANY.ruc,
          kind: "COMPANY",
          name: COMPANY.minerName,
          reinfoRecords: [{ code: COMPANY.code }],
        },
      },
    });
  });

  /** Pseudonyms the hub never issued, made from a real one. */
  async function forgeries(): Promise<[string, string][]> {
    const real = await pseudonymFromRecord();
    const body = real.slice("psn_".length);
    const middle = Math.floor(body.length / 2);
    const flip = (c: string) => (c === "A" ? "B" : "A");
    return [
      [
        "one character changed",
        `psn_${body.slice(0, middle)}${flip(body[middle] ?? "")}${body.slice(middle + 1)}`,
      ],
      ["its last character changed", `psn_${body.slice(0, -1)}${flip(body.at(-1) ?? "")}`],
      ["truncated", real.slice(0, -4)],
      ["made up", `psn_${"A".repeat(body.length)}`],
      ["not base64url at all", "psn_!!not-a-pseudonym!!"],
      ["issued under another secret", new RucPseudonyms("another hub's secret").mask(PERSON.ruc)],
    ];
  }

  async function expectRefused(cases: [string, string][]): Promise<void> {
    for (const [name, forged] of cases) {
      const context = `a pseudonym ${name} (${forged})`;

      const byArgument = await h.run(OPERATOR, { ruc: forged }, viewers.analyst);
      expect(byArgument.data?.operator ?? null, context).toBeNull();
      expect(
        byArgument.errors?.map((e) => e.extensions),
        context,
      ).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: "ruc" })]);

      const byFilter = await h.run(BY_RUC, { ruc: forged }, viewers.analyst);
      expect(byFilter.data?.reinfoRecords ?? null, context).toBeNull();
      expect(
        byFilter.errors?.map((e) => e.extensions),
        context,
      ).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: "filter.ruc" })]);

      const byEntity = await h.run(
        OPERATOR_ENTITY,
        { r: [{ __typename: "Operator", ruc: forged }] },
        viewers.analystWithPersonalData,
      );
      expect(byEntity.data?._entities, context).toEqual([null]);
      expect(
        byEntity.errors?.map((e) => [e.path, e.extensions?.["code"], e.extensions?.["field"]]),
        context,
      ).toEqual([[["_entities", 0], "BAD_USER_INPUT", "representations.ruc"]]);

      expectNoTraceOfThePerson(byArgument, byFilter, byEntity);
    }
  }

  it("refuse forged or altered pseudonyms with BAD_USER_INPUT as an argument, in the filter and as an entity key", async () => {
    const cases = await forgeries();
    expect(cases.length).toBeGreaterThan(5);
    await expectRefused(cases);
  });

  // Node's base64url decoder skips characters outside the alphabet, whitespace and padding, so these spellings
  // of a real pseudonym would decode to it; kit accepts only the canonical spelling the hub issued.
  it.each([
    ["a character appended", (body: string) => `${body}A`],
    ["a character outside base64url inserted", (body: string) => `${body.slice(0, 10)}!${body.slice(10)}`],
    ["padding appended", (body: string) => `${body}=`],
  ])(
    "refuse a real pseudonym spelt with %s, as an argument, in the filter and as an entity key",
    async (name, spell) => {
      const body = (await pseudonymFromRecord()).slice("psn_".length);
      await expectRefused([[name, `psn_${spell(body)}`]]);
    },
  );
});

describe("RUC arguments", () => {
  const refusal = (field: string) => [
    expect.objectContaining({
      message: expect.stringMatching(/Pass the pseudonym/) as unknown,
      extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field }) as unknown,
    }),
  ];

  it("refuse a person's raw RUC from an analyst shown pseudonyms, in operator(ruc:) and the filter, before any database command", async () => {
    h.mongo.resetStats();
    const byArgument = await h.run(OPERATOR, { ruc: PERSON.ruc }, viewers.analyst);
    expect(byArgument.data).toEqual({ operator: null });
    expect(byArgument.errors).toEqual(refusal("ruc"));
    const byFilter = await h.run(BY_RUC, { ruc: PERSON.ruc }, viewers.analyst);
    expect(byFilter.data).toEqual({ reinfoRecords: null });
    expect(byFilter.errors).toEqual(refusal("filter.ruc"));
    expect(h.commands("reinfo_records")).toEqual({});
    expectNoTraceOfThePerson(byArgument, byFilter);
  });

  it("take the pseudonym and a company's raw RUC from the same analyst", async () => {
    const pseudonym = await pseudonymFromRecord();
    const byArgument = await h.run(OPERATOR, { ruc: pseudonym }, viewers.analyst);
    expect(byArgument.errors).toBeUndefined();
    expect(byArgument.data?.operator).toMatchObject({
      ruc: pseudonym,
      reinfoRecords: [{ code: PERSON.code }],
    });
    const byFilter = await h.run(BY_RUC, { ruc: pseudonym }, viewers.analyst);
    expect(byFilter.errors).toBeUndefined();
    expect(byFilter.data?.reinfoRecords).toMatchObject({ totalCount: 1 });
    expectNoTraceOfThePerson(byArgument, byFilter);

    const company = await h.run(OPERATOR, { ruc: COMPANY.ruc }, viewers.analyst);
    expect(company.errors).toBeUndefined();
    expect(company.data?.operator).toMatchObject({ ruc: COMPANY.ruc, name: COMPANY.minerName });
    const companyRecords = await h.run(BY_RUC, { ruc: COMPANY.ruc }, viewers.analyst);
    expect(companyRecords).toEqual({
      data: {
        reinfoRecords: {
          totalCount: 1,
          edges: [{ node: { code: COMPANY.code, operator: { ruc: COMPANY.ruc } } }],
        },
      },
    });
  });

  it("take a person's raw RUC from an agency editor of another pillar, and answer with the pseudonym", async () => {
    const pseudonym = await pseudonymFromRecord();
    const eradication = viewers.editor("eradication");
    const byArgument = await h.run(OPERATOR, { ruc: PERSON.ruc }, eradication);
    expect(byArgument).toEqual({
      data: {
        operator: {
          ruc: pseudonym,
          kind: "PERSON",
          name: PERSON.maskedMinerName,
          reinfoRecords: [{ code: PERSON.code }],
        },
      },
    });
    const byFilter = await h.run(BY_RUC, { ruc: PERSON.ruc }, eradication);
    expect(byFilter).toEqual({
      data: {
        reinfoRecords: {
          totalCount: 1,
          edges: [{ node: { code: PERSON.code, operator: { ruc: pseudonym } } }],
        },
      },
    });
    expectNoTraceOfThePerson(byArgument, byFilter);
  });

  it("take a person's raw RUC from viewers who see it: a granted analyst, a formalization editor, an admin", async () => {
    for (const viewer of [viewers.analystWithPersonalData, viewers.editor("formalization"), viewers.admin]) {
      const result = await h.run(BY_RUC, { ruc: PERSON.ruc }, viewer);
      expect(result, viewer.id).toEqual({
        data: {
          reinfoRecords: {
            totalCount: 1,
            edges: [{ node: { code: PERSON.code, operator: { ruc: PERSON.ruc } } }],
          },
        },
      });
    }
  });
});

describe("RUCs with prefix 15 or 17", () => {
  // SUNAT issues these to natural persons too: the masks treat them as a RUC 10.
  const HOLDERS = [
    {
      code: "REINFO-X1501",
      ruc: validRuc("1546464646"),
      minerName: "CONDORI APAZA LUCIA",
      masked: "C. A. L.",
    },
    {
      code: "REINFO-X1701",
      ruc: validRuc("1746464646"),
      minerName: "MAMANI TITO ERNESTO",
      masked: "M. T. E.",
    },
  ];

  beforeAll(async () => {
    for (const { code, ruc, minerName } of HOLDERS)
      await seedRecord(h, code, { ruc, minerName, legalRepresentative: null });
  });

  it.each(HOLDERS)(
    "show an analyst $ruc as a pseudonym and its holder as initials, and refuse it raw as an argument",
    async ({ code, ruc, minerName, masked }) => {
      const record = await h.run(
        `query($code: ID!) { reinfoRecord(code: $code) { minerName operator { ruc kind name } } }`,
        { code },
        viewers.analyst,
      );
      expect(record.errors).toBeUndefined();
      const pseudonym = TEST_KEYS.pseudonyms.mask(ruc);
      expect(looksLikePseudonym(pseudonym)).toBe(true);
      expect(record.data?.reinfoRecord).toEqual({
        minerName: masked,
        operator: { ruc: pseudonym, kind: "OTHER", name: masked },
      });
      const text = JSON.stringify(record);
      expect(text).not.toContain(ruc);
      expect(text).not.toContain(minerName);

      const raw = await h.run(OPERATOR, { ruc }, viewers.analyst);
      expect(raw.data).toEqual({ operator: null });
      expect(raw.errors?.map((e) => e.extensions?.["code"])).toEqual(["BAD_USER_INPUT"]);
      const byPseudonym = await h.run(OPERATOR, { ruc: pseudonym }, viewers.analyst);
      expect(byPseudonym.data?.operator).toEqual({
        ruc: pseudonym,
        kind: "OTHER",
        name: masked,
        reinfoRecords: [{ code }],
      });

      const granted = await h.run(OPERATOR, { ruc: pseudonym }, viewers.analystWithPersonalData);
      expect(granted.data?.operator).toMatchObject({ ruc, name: minerName });
    },
  );
});
