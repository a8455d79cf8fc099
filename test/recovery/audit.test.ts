import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { viewers } from "../support/viewers.ts";
import { area, liability, loadLiabilities, project } from "./fixtures.ts";
import { useRecovery, type Result } from "./harness.ts";

const h = useRecovery();
const editor = viewers.editor("recovery");

/** Everyone who may not write recovery data. */
const REFUSED: [string, Viewer][] = [
  ["public", viewers.public],
  ["donor", viewers.donor("XM-DAC-41301")],
  ["analyst", viewers.analyst],
  ["analyst-pd", viewers.analystWithPersonalData],
  ["formalization-editor", viewers.editor("formalization")],
  ["livelihoods-editor", viewers.editor("livelihoods")],
];

/** A distinctive string in each editor's input: it must never reach the audit log. */
const MARKER = "ZQXJ-marker";

interface Case {
  mutation: string;
  inputType: string;
  /** The editor's input (also what the refused viewers send), holding MARKER. */
  editorInput: Record<string, unknown>;
  /** A second, different input that the admin writes. */
  adminInput: Record<string, unknown>;
  /** Who the stored record says wrote the editor's input. */
  writtenBy: () => Promise<unknown>;
}

/** In order: the later writes use the areas, project and liability the earlier ones made or the seed loaded. */
const CASES: Case[] = [
  {
    mutation: "registerDegradedArea",
    inputType: "RegisterDegradedAreaInput",
    editorInput: area({ name: `${MARKER} area` }),
    adminInput: area({ name: "Otra área", hectares: 5 }),
    writtenBy: async () => (await h.server.models.Area.findOne({ code: "DA-0000002" }).lean())?.registeredBy,
  },
  {
    mutation: "registerRestorationProject",
    inputType: "RegisterRestorationProjectInput",
    editorInput: project({ name: `${MARKER} project`, degradedAreaIds: ["DA-0000002"], hectaresPlanned: 5 }),
    adminInput: project({ name: "Otro proyecto", degradedAreaIds: ["DA-0000003"], hectaresPlanned: 5 }),
    writtenBy: async () => (await h.server.models.Project.findOne({ code: "RP-0002" }).lean())?.registeredBy,
  },
  {
    mutation: "recordRestorationProgress",
    inputType: "RecordRestorationProgressInput",
    editorInput: {
      projectId: "RP-0001",
      date: "2025-05-01",
      status: "IN_PROGRESS",
      areas: [{ degradedAreaId: "DA-0000001", hectares: 1 }],
      note: `${MARKER} progress`,
    },
    adminInput: { projectId: "RP-0001", date: "2025-06-01", executed: "500.00" },
    writtenBy: async () =>
      (await h.server.models.Project.findOne({ code: "RP-0001" }).lean())?.progress[0]?.recordedBy,
  },
  {
    mutation: "recordMonitoringMeasurement",
    inputType: "RecordMonitoringMeasurementInput",
    editorInput: {
      projectId: "RP-0001",
      parameter: "MERCURY_IN_WATER",
      value: 0.002,
      measuredOn: "2025-05-10",
      station: MARKER,
      ubigeo: "170102",
    },
    adminInput: {
      projectId: "RP-0001",
      parameter: "FOREST_COVER",
      value: 42.5,
      measuredOn: "2025-05-11",
      station: "EST-02",
      ubigeo: "170102",
    },
    writtenBy: async () =>
      (await h.server.models.Measurement.findOne({ station: MARKER }).lean())?.recordedBy,
  },
  {
    mutation: "assessLiabilityRisk",
    inputType: "AssessLiabilityRiskInput",
    editorInput: {
      liabilityId: "1001",
      riskLevel: "HIGH",
      study: `${MARKER} risk study`,
      assessedOn: "2025-06-01",
    },
    adminInput: {
      liabilityId: "1001",
      riskLevel: "MEDIUM",
      study: "Estudio de riesgo 2",
      assessedOn: "2025-06-02",
    },
    writtenBy: async () =>
      (await h.server.models.Liability.findOne({ ID: "1001" }).lean())?.riskHistory[0]?.recordedBy,
  },
];

function run(c: Case, input: Record<string, unknown>, key: string, viewer: Viewer): Promise<Result> {
  return h.run(
    `mutation($input: ${c.inputType}!, $key: String!) { ${c.mutation}(input: $input, idempotencyKey: $key) { id } }`,
    { input, key },
    viewer,
  );
}

beforeAll(async () => {
  await loadLiabilities(h.server.models, [liability(1, { ID: "1001", ID_DIST: "170102" })]);
  const setupArea = await run(CASES[0] as Case, area(), "key-audit-setup-area", viewers.admin);
  expect(setupArea.errors).toBeUndefined();
  const setupProject = await run(
    CASES[1] as Case,
    project({ degradedAreaIds: ["DA-0000001"], hectaresPlanned: 10 }),
    "key-audit-setup-project",
    viewers.admin,
  );
  expect(setupProject.errors).toBeUndefined();
});

describe("mutations and their audit", () => {
  for (const c of CASES) {
    it(`${c.mutation} is refused to everyone but recovery editors and admins, writes nothing then, and audits every attempt`, async () => {
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
      expect(await c.writtenBy()).toBe("recovery-editor@test");

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
    const c = CASES[0] as Case;
    const bad = await run(c, area({ name: MARKER, hectares: -3 }), "key-audit-bad-hectares", editor);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.hectares" });
    const missing = await run(
      CASES[2] as Case,
      { projectId: "RP-9999", date: "2025-05-01", executed: "1.00", note: MARKER },
      "key-audit-missing-project",
      editor,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.projectId" });
    const reused = await run(
      c,
      area({ name: MARKER, hectares: 99 }),
      "key-audit-registerDegradedArea-editor",
      editor,
    );
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "idempotencyKey" });

    const entries = (await h.audit()).slice(logged);
    expect(entries).toMatchObject([
      { operation: "registerDegradedArea", outcome: "BAD_USER_INPUT", field: "input.hectares" },
      { operation: "recordRestorationProgress", outcome: "NOT_FOUND", field: "input.projectId" },
      { operation: "registerDegradedArea", outcome: "CONFLICT", field: "idempotencyKey" },
    ]);
    for (const entry of entries) expect(JSON.stringify(entry)).not.toContain(MARKER);
  });
});
