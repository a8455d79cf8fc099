import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";
import { useServices, type Result } from "./harness.ts";

const h = useServices();
const editor = viewers.editor("services");

/** Everyone who may not write services data: the public, donors, analysts and the other pillars' editors. */
const REFUSED: [string, Viewer][] = [
  ["public", viewers.public],
  ["donor", viewers.donor("XM-DAC-41301")],
  ["analyst", viewers.analyst],
  ["analyst-pd", viewers.analystWithPersonalData],
  ["formalization-editor", viewers.editor("formalization")],
  ["eradication-editor", viewers.editor("eradication")],
  ["recovery-editor", viewers.editor("recovery")],
  ["livelihoods-editor", viewers.editor("livelihoods")],
];

/** A distinctive string in each editor's input: it must never reach the audit log. */
const MARKER = "ZQXJ-marker";

function registration(
  cui: string,
  name: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    cui,
    name,
    function: "EDUCATION",
    executingUnit: "UNIDAD EJECUTORA DEMO GL-211002",
    governmentLevel: "LOCAL",
    districts: ["211002"],
    status: "FORMULATION",
    viableCost: "2500000.00",
    registeredOn: "2024-01-15",
    ...extra,
  };
}

interface Case {
  mutation: string;
  inputType: string;
  /** The editor's input (also what the refused viewers send), holding MARKER where the input has text. */
  editorInput: Record<string, unknown>;
  /** A second, different input that the admin writes. */
  adminInput: Record<string, unknown>;
  /** Who the stored record says wrote the editor's input. */
  writtenBy: () => Promise<unknown>;
}

const stored = (cui: string) => h.server.models.Project.findOne({ cui }).lean();

/** In order: the later writes use the investments the earlier ones and the setup made. */
const CASES: Case[] = [
  {
    mutation: "registerInvestmentProject",
    inputType: "RegisterInvestmentProjectInput",
    editorInput: registration("9200002", `${MARKER} investment`),
    adminInput: registration("9200003", "Otra inversión"),
    writtenBy: async () => (await stored("9200002"))?.registeredBy,
  },
  {
    mutation: "changeInvestmentStatus",
    inputType: "ChangeInvestmentStatusInput",
    editorInput: { cui: "9200002", status: "VIABLE", on: "2024-03-01" },
    adminInput: { cui: "9200003", status: "VIABLE", on: "2024-03-02" },
    writtenBy: async () => (await stored("9200002"))?.statusHistory.at(-1)?.recordedBy,
  },
  {
    mutation: "recordInvestmentAccrual",
    inputType: "RecordInvestmentAccrualInput",
    editorInput: { cui: "9200001", year: 2024, month: 6, accrued: "12345.67" },
    adminInput: { cui: "9200001", year: 2024, month: 7, accrued: "7654.32" },
    writtenBy: async () => (await stored("9200001"))?.execution[0]?.recordedBy,
  },
];

function run(c: Case, input: Record<string, unknown>, key: string, viewer: Viewer): Promise<Result> {
  return h.run(
    `mutation($input: ${c.inputType}!, $key: String!) { ${c.mutation}(input: $input, idempotencyKey: $key) { cui } }`,
    { input, key },
    viewer,
  );
}

beforeAll(async () => {
  // An investment in execution since May 2024, for the accruals.
  const setup: [Case, Record<string, unknown>][] = [
    [CASES[0] as Case, registration("9200001", "Base", { status: "VIABLE", viableOn: "2024-02-01" })],
    [CASES[1] as Case, { cui: "9200001", status: "EXECUTION", on: "2024-05-02" }],
  ];
  for (const [i, [c, input]] of setup.entries()) {
    const result = await run(c, input, `key-audit-setup-${i}`, viewers.admin);
    expect(result.errors).toBeUndefined();
  }
});

describe("mutations and their audit", () => {
  for (const c of CASES) {
    it(`${c.mutation} is refused to everyone but services editors and admins, writes nothing then, and audits every attempt`, async () => {
      const before = await h.domainDigest();
      const logged = (await h.audit()).length;
      for (const [label, viewer] of REFUSED) {
        const result = await run(c, c.editorInput, `key-audit-${c.mutation}-${label}`, viewer);
        expect(result.data ?? null, label).toBeNull();
        expect(
          result.errors?.map((e) => e.extensions?.["code"]),
          label,
        ).toEqual(["FORBIDDEN"]);
      }
      expect(await h.domainDigest()).toBe(before);

      const asEditor = await run(c, c.editorInput, `key-audit-${c.mutation}-editor`, editor);
      expect(asEditor.errors).toBeUndefined();
      const asAdmin = await run(c, c.adminInput, `key-audit-${c.mutation}-admin`, viewers.admin);
      expect(asAdmin.errors).toBeUndefined();
      expect(await h.domainDigest()).not.toBe(before);
      expect(await c.writtenBy()).toBe("services-editor@test");

      const entries = (await h.audit()).slice(logged);
      const attempts: [string, Viewer, string][] = [
        ...REFUSED.map(([label, viewer]): [string, Viewer, string] => [label, viewer, "FORBIDDEN"]),
        ["editor", editor, "OK"],
        ["admin", viewers.admin, "OK"],
      ];
      expect(entries).toHaveLength(attempts.length);
      entries.forEach((entry, i) => {
        const [label, viewer, outcome] = attempts[i] as [string, Viewer, string];
        expect(entry, label).toMatchObject({
          viewer: { id: viewer.id, role: viewer.role, pillar: viewer.pillar, donor: viewer.donor },
          operation: c.mutation,
          idempotencyKey: `key-audit-${c.mutation}-${label}`,
          outcome,
          field: null,
          requestId: expect.stringMatching(/^test-\d+$/) as unknown,
        });
        expect(entry["inputDigest"]).toMatch(/^[0-9a-f]{64}$/);
        expect(entry["at"]).toBeInstanceOf(Date);
        expect(JSON.stringify(entry)).not.toContain(MARKER);
      });
      // The same input digests alike whoever sends it and under whatever key; another input differs.
      const digests = entries.map((entry) => entry["inputDigest"]);
      expect(new Set(digests.slice(0, -1)).size).toBe(1);
      expect(digests.at(-1)).not.toBe(digests[0]);
    });
  }

  it("audits refused input with its outcome and the offending field, never the input itself", async () => {
    const logged = (await h.audit()).length;
    const [register, status, accrual] = CASES as [Case, Case, Case];
    const bad = await run(register, registration("92000X4", MARKER), "key-audit-bad-cui", editor);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.cui" });
    const missing = await run(
      accrual,
      { cui: "9299999", year: 2024, month: 6, accrued: "1.00" },
      "key-audit-missing",
      editor,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.cui" });
    const taken = await run(register, registration("9200002", MARKER), "key-audit-taken-cui", editor);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.cui" });
    const reused = await run(
      status,
      { cui: "9200002", status: "DEACTIVATED", on: "2024-04-01" },
      "key-audit-changeInvestmentStatus-editor",
      editor,
    );
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });

    const entries = (await h.audit()).slice(logged);
    expect(entries).toMatchObject([
      { operation: "registerInvestmentProject", outcome: "BAD_USER_INPUT", field: "input.cui" },
      { operation: "recordInvestmentAccrual", outcome: "NOT_FOUND", field: "input.cui" },
      { operation: "registerInvestmentProject", outcome: "CONFLICT", field: "input.cui" },
      { operation: "changeInvestmentStatus", outcome: "CONFLICT", field: "idempotencyKey" },
    ]);
    for (const entry of entries) expect(JSON.stringify(entry)).not.toContain(MARKER);
  });
});
