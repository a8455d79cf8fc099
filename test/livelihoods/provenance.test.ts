import { beforeAll, describe, expect, it } from "vitest";
import { queryRegions } from "../support/region-entity.ts";
import { viewers } from "../support/viewers.ts";
import { CHANGE_STATUS, ENROLL, projectInput, RECORD, REGISTER, UNDP, validRuc } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();
const editor = viewers.editor("livelihoods");

const A = `${UNDP}-PE-T-0001`;
const NEW_FUNDER = "SE-0";
const RUC = validRuc("1044134852");
const DEVIDA = "Comisión Nacional para el Desarrollo y Vida sin Drogas (DEVIDA)";
const PROVENANCE = "provenance { kind dataset source url asOf licence note }";

/** What an editor's write says of itself, as of the day it ran. */
function entered(): Record<string, unknown> {
  return {
    kind: "ENTERED",
    dataset: null,
    source: DEVIDA,
    url: null,
    asOf: new Date().toISOString().slice(0, 10),
    licence: null,
    note: `entered through the API by ${editor.id}`,
  };
}

beforeAll(async () => {
  await h.ok(
    REGISTER,
    {
      input: projectInput({
        participatingOrgs: [
          { role: "FUNDING", ref: UNDP, name: "PNUD", type: "MULTILATERAL" },
          { role: "FUNDING", ref: NEW_FUNDER, name: "Agencia Sueca de Cooperación", type: "GOVERNMENT" },
          { role: "IMPLEMENTING", name: "Asociación Amazonía Productiva", type: "NATIONAL_NGO" },
        ],
      }),
      key: "prov-register",
    },
    editor,
  );
  await h.ok(
    CHANGE_STATUS,
    {
      input: { iatiIdentifier: A, status: "IMPLEMENTATION", reason: "Inicio", effectiveDate: "2024-02-01" },
      key: "prov-start",
    },
    editor,
  );
  await h.ok(
    RECORD,
    {
      input: {
        iatiIdentifier: A,
        type: "OUTGOING_COMMITMENT",
        date: "2024-02-10",
        value: "600000.00",
        currency: "USD",
      },
      key: "prov-commit",
    },
    editor,
  );
  await h.ok(
    ENROLL,
    { input: { iatiIdentifier: A, ruc: RUC, enrolledOn: "2024-03-01" }, key: "prov-enroll" },
    editor,
  );
});

describe("provenance of what editors write", () => {
  it("marks a registered project, its transactions, its new donor and its enrollments ENTERED by DEVIDA's editor", async () => {
    const data = await h.ok<{
      livelihoodProject: {
        provenance: unknown;
        transactions: { provenance: unknown }[];
        enrollments: { provenance: unknown }[];
      };
      donors: { ref: string; provenance: unknown }[];
    }>(`{
      livelihoodProject(iatiIdentifier: "${A}") {
        ${PROVENANCE}
        transactions { ${PROVENANCE} }
        enrollments { ${PROVENANCE} }
      }
      donors { ref ${PROVENANCE} }
    }`);
    expect(data.livelihoodProject.provenance).toEqual(entered());
    expect(data.livelihoodProject.transactions.map((t) => t.provenance)).toEqual([entered()]);
    expect(data.livelihoodProject.enrollments.map((e) => e.provenance)).toEqual([entered()]);
    expect(data.donors.map((d) => d.ref).sort()).toEqual([NEW_FUNDER, UNDP].sort());
    for (const donor of data.donors) expect(donor.provenance).toEqual(entered());
  });

  it("lets no client set provenance: a mutation that tries is refused and changes nothing", async () => {
    const before = await h.domainDigest();
    const result = await h.run(
      RECORD,
      {
        input: {
          iatiIdentifier: A,
          type: "DISBURSEMENT",
          date: "2024-03-10",
          value: "1000.00",
          currency: "USD",
          provenance: { kind: "OFFICIAL", source: "MEF", asOf: "2024-03-10" },
        },
        key: "prov-forged",
      },
      editor,
    );
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(await h.domainDigest()).toBe(before);
  });

  it("keeps a region's sources in the documents the figures read: the active project and the funding transaction", async () => {
    for (const period of [
      { from: "2024-01-01", to: "2024-12-31" },
      { from: "2024-02-05", to: "2024-02-20" },
    ]) {
      const result = await queryRegions(
        h.run,
        "17",
        `livelihoods(period: $period) { activeProjects sources { kind dataset source asOf records } }`,
        { variableDefinitions: "$period: PeriodInput", variables: { period } },
      );
      expect(result.errors).toBeUndefined();
      const { livelihoods } = result.data?.region as {
        livelihoods: { activeProjects: number; sources: Record<string, unknown>[] };
      };
      expect(livelihoods.activeProjects).toBe(1);
      const { kind, dataset, source, asOf } = entered();
      expect(livelihoods.sources).toEqual([{ kind, dataset, source, asOf, records: 2 }]);
    }
  });
});
