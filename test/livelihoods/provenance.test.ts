import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote, ENTRIES_NOTE } from "../../packages/kit/src/index.ts";
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
    note: enteredNote(DEVIDA),
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

  it("never shows a public viewer or a funding donor who wrote a record; staff read it in recordedBy", async () => {
    const everything = `{
      livelihoodProject(iatiIdentifier: "${A}") {
        iatiIdentifier ${PROVENANCE}
        statusHistory { recordedBy }
        transactions { ${PROVENANCE} }
        enrollments { ${PROVENANCE} statusHistory { recordedBy } }
      }
      donors { ref ${PROVENANCE} }
      _entities(representations: [{ __typename: "DatasetCatalogue", id: "hub" }]) {
        ... on DatasetCatalogue { livelihoodsDatasets { id title publisher note } }
      }
    }`;
    for (const viewer of [viewers.public, viewers.donor(UNDP)]) {
      const seen = await h.run(everything, {}, viewer);
      // Only what the viewer may not read is refused: the query itself is answered.
      expect(seen.errors?.filter((e) => e.extensions?.code !== "FORBIDDEN") ?? []).toEqual([]);
      expect(JSON.stringify(seen)).not.toContain(editor.id);
    }
    // The funding donor reads the project's provenance, which names DEVIDA's role.
    const donor = await h.run(everything, {}, viewers.donor(UNDP));
    const project = donor.data?.livelihoodProject as {
      provenance: unknown;
      transactions: { provenance: unknown }[];
    };
    expect(project.provenance).toEqual(entered());
    expect(project.transactions.map((t) => t.provenance)).toEqual([entered()]);

    const staff = await h.ok<{ livelihoodProject: { statusHistory: { recordedBy: string }[] } }>(
      everything,
      {},
      viewers.analyst,
    );
    expect(new Set(staff.livelihoodProject.statusHistory.map((e) => e.recordedBy))).toEqual(
      new Set([editor.id]),
    );
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

describe("the indicators' sources and the catalogue's livelihoods part", () => {
  const INDICATORS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on RegionIndicators { %FIELDS% } } }`;
  const representation = (id: string) => ({ __typename: "RegionIndicators", id, excludedRecords: 4 });

  it("lists the datasets of the projects its ratio counts in the period, at no extra command", async () => {
    const r = [representation("17|2024-01-01|2024-12-31"), representation("17|2023-01-01|2023-12-31")];
    h.mongo.resetStats();
    const ratioOnly = await h.ok<{
      _entities: { formerMinerBeneficiariesPerExcludedRecord: number | null }[];
    }>(INDICATORS.replace("%FIELDS%", "formerMinerBeneficiariesPerExcludedRecord"), { r });
    const alone = h.allCommands();
    h.mongo.resetStats();
    const both = await h.ok<{
      _entities: {
        formerMinerBeneficiariesPerExcludedRecord: number | null;
        livelihoodsSources: unknown[];
      }[];
    }>(
      INDICATORS.replace(
        "%FIELDS%",
        "formerMinerBeneficiariesPerExcludedRecord livelihoodsSources { kind dataset source asOf records }",
      ),
      { r },
    );
    expect(h.allCommands()).toEqual(alone);
    expect(alone).toEqual({ projects: { find: 1 } });
    expect(both._entities.map((e) => e.formerMinerBeneficiariesPerExcludedRecord)).toEqual(
      ratioOnly._entities.map((e) => e.formerMinerBeneficiariesPerExcludedRecord),
    );
    const { kind, dataset, source, asOf } = entered();
    // 2024: the one project, implementing since February; 2023: none was active, so no dataset.
    expect(both._entities.map((e) => e.livelihoodsSources)).toEqual([
      [{ kind, dataset, source, asOf, records: 1 }],
      [],
    ]);
  });

  it("lists every dataset behind the pillar's records, with each kind of record counted", async () => {
    const data = await h.ok<{ _entities: { id: string; livelihoodsDatasets: Record<string, unknown>[] }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on DatasetCatalogue { id livelihoodsDatasets {
        id title kind publisher issued modified licence landingPage note totalRecords
        records { pillar entity records }
      } } } }`,
      { r: [{ __typename: "DatasetCatalogue", id: "hub" }] },
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(data._entities).toEqual([
      {
        id: "hub",
        livelihoodsDatasets: [
          {
            id: `ENTERED|${DEVIDA}|`,
            title: `Entries by ${DEVIDA}`,
            kind: "ENTERED",
            publisher: DEVIDA,
            issued: today,
            modified: today,
            licence: null,
            landingPage: null,
            note: ENTRIES_NOTE,
            // The project, its commitment, the two funders it brought and the enrolment; the forged write none.
            totalRecords: 5,
            records: [
              { pillar: "livelihoods", entity: "Donor", records: 2 },
              { pillar: "livelihoods", entity: "LivelihoodEnrollment", records: 1 },
              { pillar: "livelihoods", entity: "LivelihoodProject", records: 1 },
              { pillar: "livelihoods", entity: "Transaction", records: 1 },
            ],
          },
        ],
      },
    ]);
  });

  it("answers a public viewer the same counts (the catalogue is public; it names no record)", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on DatasetCatalogue {
      livelihoodsDatasets { id totalRecords records { entity records } }
    } } }`;
    const r = [{ __typename: "DatasetCatalogue", id: "hub" }];
    const asPublic = await h.ok(query, { r }, viewers.public);
    expect(asPublic).toEqual(await h.ok(query, { r }));
    expect(JSON.stringify(asPublic)).not.toContain(RUC);
  });
});
