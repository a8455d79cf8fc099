import { createHash } from "node:crypto";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, isValidRuc, regionCatalog } from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { ACTIVITY_STATUS_OF, DAC_SECTOR } from "../../subgraphs/livelihoods/src/iati.ts";
import {
  createModels,
  initModels,
  type EnrollmentDoc,
  type Models,
  type ProjectDoc,
} from "../../subgraphs/livelihoods/src/models.ts";
import { SEED_NOW, seedLivelihoods, type SeedSummary } from "../../subgraphs/livelihoods/seed/index.ts";
import { DEMO_ORG_PREFIX, DONORS } from "../../subgraphs/livelihoods/seed/vocabulary.ts";
import { livelihoodsDatasets } from "../../subgraphs/livelihoods/src/catalogue.ts";
import { transitionProblem } from "../../subgraphs/livelihoods/src/status.ts";
import { validRuc } from "./fixtures.ts";

/** The seed's day: MINEM's account of the 2025 REINFO exclusions, reported by Gestión on 8-Aug-2025. */
const NOW = new Date("2025-08-08T00:00:00.000Z");
const YEAR = NOW.getUTCFullYear();
const DEPARTMENTS = ["17", "21", "13", "04", "05", "20", "01", "08", "10", "25"];
const KNOWN = Array.from({ length: 3_000 }, (_, i) => validRuc(`10${String(40_000_000 + i * 7_919)}`));
const STATUS_OF = new Map(KNOWN.map((ruc, i) => [ruc, i % 3 === 0 ? "VIGENTE" : "EXCLUIDO"]));

let mongo: EmbeddedMongo;
let connection: Connection;
let models: Models;
let summary: SeedSummary;
let projects: ProjectDoc[];
let enrollments: EnrollmentDoc[];

async function digest(): Promise<string> {
  const docs = await models.Project.find({}, { _id: 0 }).sort({ iatiIdentifier: 1 }).lean();
  const people = await models.Enrollment.find({}).sort({ _id: 1 }).lean();
  return createHash("sha256")
    .update(JSON.stringify([docs, people]))
    .digest("hex");
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({
    uri: mongo.uri,
    dbName: "livelihoods_seed",
    logger: pino({ level: "silent" }),
  });
  models = createModels(connection);
  await initModels(models);
  summary = await seedLivelihoods(models, {
    scale: 1,
    knownRucs: [...KNOWN].reverse(),
    reinfoStatusOf: STATUS_OF,
  });
  projects = await models.Project.find({}).lean<ProjectDoc[]>();
  enrollments = await models.Enrollment.find({}).lean<EnrollmentDoc[]>();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("the livelihoods seed", () => {
  it("is a portfolio of ~50 projects at scale 1 in the mining regions, many of them active in the seed's year", () => {
    expect(SEED_NOW).toEqual(NOW);
    expect(projects).toHaveLength(50);
    expect(summary.projects).toBe(50);
    expect(summary.activeInSeedYear).toBeGreaterThanOrEqual(15);
    const byStatus = summary.byStatus;
    expect(byStatus.IMPLEMENTATION).toBeGreaterThanOrEqual(10);
    expect(byStatus.PIPELINE + byStatus.CLOSED + byStatus.CANCELLED + byStatus.FINALISATION).toBeGreaterThan(
      0,
    );
    for (const p of projects) for (const l of p.locations) expect(DEPARTMENTS).toContain(l.slice(0, 2));
    expect(
      new Set(projects.flatMap((p) => p.locations.map((l) => l.slice(0, 2)))).size,
    ).toBeGreaterThanOrEqual(8);
    const funders = new Set(
      projects.flatMap((p) => p.participatingOrgs.filter((o) => o.role === "1").map((o) => o.ref)),
    );
    expect(funders.size).toBeGreaterThanOrEqual(6);
    expect(funders).toContain(DONORS[0]?.ref);
    expect(Number(summary.committed.PEN)).toBeGreaterThan(0);
    expect(Number(summary.committed.USD)).toBeGreaterThan(0);
    expect(summary.donors).toBe(8);
  });

  it("follows IATI's rules: identifiers, sectors adding up to 100, roles, dates 2019–2028, budget periods of a year at most", () => {
    const codes = new Set<string>(Object.values(DAC_SECTOR));
    for (const p of projects) {
      expect(p.iatiIdentifier.startsWith(`${p.reportingOrg.ref}-`)).toBe(true);
      expect(p.iatiIdentifier).not.toMatch(/[\s/&|?]/);
      expect(sum(p.sectors.map((s) => s.percentage))).toBe(100);
      for (const s of p.sectors) expect(codes).toContain(s.code);
      const roles = new Set(p.participatingOrgs.map((o) => o.role));
      expect(roles).toContain("1");
      expect(roles).toContain("4");
      expect(p.activityDates.plannedStart.getUTCFullYear()).toBeGreaterThanOrEqual(2019);
      expect(p.activityDates.plannedEnd.getTime()).toBeLessThanOrEqual(Date.UTC(2028, 11, 31));
      expect(p.activityDates.plannedEnd > p.activityDates.plannedStart).toBe(true);
      for (const b of p.budgets) {
        const limit = Date.UTC(
          b.periodStart.getUTCFullYear() + 1,
          b.periodStart.getUTCMonth(),
          b.periodStart.getUTCDate(),
        );
        expect(b.periodEnd.getTime()).toBeLessThan(limit);
        expect(b.value.cents).toBeGreaterThan(0);
      }
      for (const code of p.locations) expect(regionCatalog().get(code)).toBeDefined();
    }
  });

  it("tells each project's history coherently, through the allowed transitions, ending in its status", () => {
    for (const p of projects) {
      const history = p.statusHistory;
      expect(history[0]?.status).toBe("1");
      expect(history[history.length - 1]?.status).toBe(p.activityStatus);
      for (let i = 1; i < history.length; i++) {
        const [from, to] = [history[i - 1], history[i]];
        expect(to?.date.getTime()).toBeGreaterThanOrEqual(from?.date.getTime() ?? 0);
        expect(
          transitionProblem(ACTIVITY_STATUS_OF[from!.status], ACTIVITY_STATUS_OF[to!.status]),
        ).toBeUndefined();
        expect(to!.date.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
      const started = history.some((e) => e.status === "2");
      expect(p.activityDates.actualStart != null).toBe(started);
    }
  });

  it("keeps money coherent: dates within the activity, budget currencies, disbursements within commitments per currency", () => {
    for (const p of projects) {
      const { plannedStart, plannedEnd, actualStart, actualEnd } = p.activityDates;
      const from = actualStart && actualStart < plannedStart ? actualStart : plannedStart;
      const to = actualEnd && actualEnd > plannedEnd ? actualEnd : plannedEnd;
      const currencies = new Set(p.budgets.map((b) => b.value.currency));
      for (const t of p.transactions) {
        expect(t.transactionDate >= from && t.transactionDate <= to && t.transactionDate <= NOW).toBe(true);
        expect(currencies).toContain(t.value.currency);
        expect(t.value.cents).toBeGreaterThan(0);
      }
      for (const currency of ["PEN", "USD"]) {
        const of = (type: string) =>
          sum(
            p.transactions
              .filter((t) => t.transactionType === type && t.value.currency === currency)
              .map((t) => t.value.cents),
          );
        expect(of("3")).toBeLessThanOrEqual(of("2") + of("11"));
        expect(of("1")).toBeLessThanOrEqual(of("11"));
      }
      expect(p.beneficiaries.women).toBeLessThanOrEqual(p.beneficiaries.total);
      expect(p.beneficiaries.formerMiners).toBeLessThanOrEqual(p.beneficiaries.total);
    }
    expect(
      projects.some((p) => p.transactions.some((t) => t.transactionDate.getUTCFullYear() === YEAR)),
    ).toBe(true);
  });

  it("gives every project a results framework with baselines, yearly targets and actuals for the periods ended by the seed's day", () => {
    let actualsLastYear = 0;
    for (const p of projects) {
      expect(p.results.map((r) => r.type)).toEqual(["1", "2"]);
      for (const [r, result] of p.results.entries()) {
        for (const [i, indicator] of result.indicators.entries()) {
          expect(indicator.code).toBe(`${r + 1}.${i + 1}`);
          const qualitative = indicator.measure === "5";
          expect(indicator.baseline?.value == null).toBe(qualitative);
          for (const period of indicator.periods) {
            expect(period.target.value == null).toBe(qualitative);
            if (period.actual) {
              // An actual is the result at the end of its period (IATI): the period had ended by the seed's day.
              expect(period.periodEnd.getTime()).toBeLessThan(NOW.getTime());
              expect(period.actual.reportedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
            }
            if (period.actual && period.periodStart.getUTCFullYear() === YEAR - 1) actualsLastYear++;
            if (indicator.measure === "2" && period.actual) {
              expect(period.actual.value).toBeGreaterThanOrEqual(0);
              expect(period.actual.value).toBeLessThanOrEqual(100);
            }
          }
        }
      }
    }
    expect(actualsLastYear).toBeGreaterThan(20);
    expect(summary.indicators).toBe(sum(projects.map((p) => sum(p.results.map((r) => r.indicators.length)))));
  });

  it("enrolls a deterministic share of the known RUCs in projects that ran, with their REINFO status", () => {
    expect(enrollments.length).toBe(summary.enrollments);
    expect(enrollments.length).toBeGreaterThan(KNOWN.length * 0.02);
    expect(enrollments.length).toBeLessThan(KNOWN.length * 0.04);
    const byId = new Map(projects.map((p) => [p.iatiIdentifier, p]));
    const perProject = new Map<string, number>();
    for (const e of enrollments) {
      expect(e._id).toBe(`${e.iatiIdentifier}|${e.ruc}`);
      expect(STATUS_OF.has(e.ruc)).toBe(true);
      expect(e.formerReinfoStatus).toBe(STATUS_OF.get(e.ruc));
      const project = byId.get(e.iatiIdentifier);
      expect(project?.activityDates.actualStart).toBeTruthy();
      expect(e.enrolledOn.getTime()).toBeGreaterThanOrEqual(
        project?.activityDates.actualStart?.getTime() ?? 0,
      );
      expect(e.enrolledOn.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(e.history[0]).toMatchObject({ status: "ENROLLED", date: e.enrolledOn });
      expect(e.history[e.history.length - 1]?.status).toBe(e.status);
      perProject.set(e.iatiIdentifier, (perProject.get(e.iatiIdentifier) ?? 0) + 1);
    }
    for (const [id, n] of perProject)
      expect(n).toBeLessThanOrEqual(byId.get(id)?.beneficiaries.formerMiners ?? 0);
  });

  it("rebuilds region counters whose departments add up to every funding commitment", async () => {
    const departments = await models.RegionMoney.find({ ubigeo: { $in: DEPARTMENTS } }).lean();
    const pen = sum(departments.map((d) => d.committed?.PEN ?? 0));
    expect((pen / 100).toFixed(2)).toBe(summary.committed.PEN);
  });

  it("says every record it writes is synthetic, and what published figure each kind imitates", async () => {
    const synthetic = (note: RegExp) =>
      expect.objectContaining({
        kind: "SYNTHETIC",
        dataset: "tinkuy-demo:livelihoods",
        source: "Tinkuy demo-data generator",
        asOf: NOW,
        note: expect.stringMatching(note) as unknown,
      });
    for (const project of projects) {
      // Modelled on its lead funder's kind of programme, which the note names; the funder itself is invented.
      const funder = DONORS.find((d) => d.ref === project.participatingOrgs.find((o) => o.role === "1")?.ref);
      expect(funder).toBeDefined();
      expect(project.provenance).toEqual(
        synthetic(
          /^synthetic, modelled on .+; funder and implementers invented \(identifiers under XE-EXAMPLE\)$/,
        ),
      );
      for (const t of project.transactions)
        expect(t.provenance).toEqual(
          synthetic(/^synthetic, modelled on IATI 2\.03 commitments and disbursements/),
        );
    }
    for (const e of enrollments)
      expect(e.provenance).toEqual(synthetic(/REINFO excluded or suspended.+Gestión on 8-Aug-2025/));
    const donors = await models.Donor.find({}).lean();
    expect(donors).toHaveLength(summary.donors);
    for (const d of donors)
      expect(d.provenance).toEqual(synthetic(new RegExp(`invented, with the identifier ${d._id} under`)));
    // The region counters count the transactions under the one synthetic dataset, and nothing else.
    const counters = await models.RegionMoney.find({}).lean();
    expect(counters.length).toBeGreaterThan(0);
    for (const counter of counters) {
      const entries = Object.values(counter.sources);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ kind: "SYNTHETIC", dataset: "tinkuy-demo:livelihoods", asOf: NOW });
      expect(entries[0]?.records).toBeGreaterThan(0);
    }
  });

  it("names no real organisation: every identifier under org-id.guide's example-data prefix, every name marked demo", async () => {
    const donors = await models.Donor.find({}).lean();
    const orgs = [
      ...donors.map((d) => ({ ref: d._id, narrative: d.name })),
      ...projects.flatMap((p) => [
        p.reportingOrg,
        ...p.participatingOrgs,
        ...p.transactions.flatMap((t) => [t.providerOrg, t.receiverOrg]),
      ]),
    ].filter((o) => o != null);
    expect(orgs.length).toBeGreaterThan(500);
    for (const org of orgs) {
      expect(org.ref, org.narrative).toMatch(new RegExp(`^${DEMO_ORG_PREFIX}-TINKUY-[A-Z0-9-]+$`));
      expect(org.narrative).toMatch(/demo .*\(sintétic[oa]\)$/);
    }
    for (const p of projects) {
      expect(p.iatiIdentifier.startsWith(`${p.reportingOrg.ref}-`)).toBe(true);
      expect(p.description).toMatch(/Datos de demostración sintéticos\.$/);
    }
    // The real funders the portfolio imitates appear only in the provenance notes that say so.
    const visible = JSON.stringify([
      donors.map(({ provenance: _, ...rest }) => rest),
      projects.map(({ provenance: _, transactions, ...rest }) => [
        rest,
        transactions.map(({ provenance: __, ...t }) => t),
      ]),
    ]);
    for (const real of [
      "US-GOV-1",
      "GB-GOV-1",
      "DE-1",
      "CA-3",
      "XM-DAC",
      "XI-IATI",
      "PE-RUC",
      "USAID",
      "DEVIDA",
      "PNUD",
      "BID",
      "GIZ",
      "MINEM",
      "MINAM",
      "PIRDAIS",
      "Municipalidad",
      "Gobierno Regional",
    ])
      expect(visible, real).not.toContain(real);
  });

  it("dates nothing that happened after the seed's day: histories, money, actuals, reports, enrollments", () => {
    const notAfter = (date: Date | null | undefined, what: string) => {
      if (date) expect(date.getTime(), what).toBeLessThanOrEqual(NOW.getTime());
    };
    for (const p of projects) {
      for (const e of p.statusHistory) notAfter(e.date, "status change");
      notAfter(p.activityDates.actualStart, "actual start");
      notAfter(p.activityDates.actualEnd, "actual end");
      for (const t of p.transactions) {
        notAfter(t.transactionDate, "transaction");
        notAfter(t.value.valueDate, "transaction value date");
        notAfter(t.recordedAt, "transaction recorded");
      }
      for (const b of p.budgets) notAfter(b.value.valueDate, "budget value date");
      for (const r of p.results)
        for (const i of r.indicators) {
          notAfter(i.baseline?.isoDate, "baseline");
          for (const period of i.periods) notAfter(period.actual?.reportedAt, "actual");
        }
      notAfter(p.beneficiaries.reportedOn, "beneficiaries");
      notAfter(p.createdAt, "created");
      notAfter(p.updatedAt, "updated");
      expect(p.provenance.asOf).toEqual(NOW);
    }
    for (const e of enrollments) for (const entry of e.history) notAfter(entry.date, "enrollment");
    // Plans may reach beyond it, as in any IATI file: some project is still to end, some budget still to come.
    expect(projects.some((p) => p.activityDates.plannedEnd > NOW)).toBe(true);
  });

  it("lists one synthetic dataset in the catalogue, counting every record of every kind", async () => {
    const datasets = await livelihoodsDatasets(models);
    expect(datasets).toHaveLength(1);
    const [dataset] = datasets;
    expect(dataset).toMatchObject({
      kind: "SYNTHETIC",
      title: "tinkuy-demo:livelihoods",
      issued: "2025-08-08",
      modified: "2025-08-08",
    });
    // Described as a whole, not by whichever record's note sorts last (one funder's portfolio).
    expect(dataset?.note).toMatch(
      /^synthetic, modelled on the alternative-development portfolios .+ XE-EXAMPLE;/,
    );
    expect(dataset?.note).toContain("8-Aug-2025");
    const transactions = sum(projects.map((p) => p.transactions.length));
    expect(new Map(dataset?.records.map((r) => [r.entity, r.records]))).toEqual(
      new Map([
        ["LivelihoodProject", projects.length],
        ["Transaction", transactions],
        ["Donor", summary.donors],
        ["LivelihoodEnrollment", enrollments.length],
      ]),
    );
    expect(dataset?.totalRecords).toBe(projects.length + transactions + summary.donors + enrollments.length);
  });

  it("is deterministic whatever the order of the known RUCs; another seed, or no known RUCs, gives other data", async () => {
    const first = await digest();
    await seedLivelihoods(models, { scale: 1, knownRucs: KNOWN, reinfoStatusOf: STATUS_OF });
    expect(await digest()).toBe(first);
    const other = await seedLivelihoods(models, { scale: 1, seed: 7 });
    expect(await digest()).not.toBe(first);
    expect(other.enrollments).toBe(1_200);
    const synthetic = await models.Enrollment.find({}, { ruc: 1 }).lean();
    expect(synthetic.every((e) => isValidRuc(e.ruc))).toBe(true);
  });
});
