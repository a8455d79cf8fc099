import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { loadActivities, type ActivityData } from "../../subgraphs/livelihoods/src/iati-xml/activities.ts";
import { renderActivities } from "../../subgraphs/livelihoods/src/iati-xml/render.ts";
import { importIati } from "../../subgraphs/livelihoods/src/import/import-iati.ts";
import { SEED_NOW, seedLivelihoods } from "../../subgraphs/livelihoods/seed/index.ts";
import { DEMO_ORG_PREFIX } from "../../subgraphs/livelihoods/seed/vocabulary.ts";
import { viewers } from "../support/viewers.ts";
import { CHANGE_STATUS, NGO, projectInput, REGISTER, REPORT, UNDP } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";
import { activity, GENERATED, IMPLEMENTER } from "./import-iati-fixtures.ts";
import { iatiRuleProblems, RULES, type RuleId } from "./iati-rules.ts";

const h = useLivelihoods();

/** The whole export, as an admin gets it (every project, the synthetic ones included). */
async function exportAll(): Promise<{ activities: ActivityData[]; xml: string }> {
  const activities = await loadActivities(
    h.server.apollo,
    () => h.server.context({ viewer: viewers.admin, requestId: "iati-rules" }),
    {},
  );
  return { activities, xml: renderActivities(activities, new Date()) };
}

const count = (xml: string, tag: string) =>
  xml.split(`<${tag} `).length - 1 + (xml.split(`<${tag}>`).length - 1);

describe("the seeded IATI export against IATI's 2.03 rules beyond the XSD", () => {
  // Two portfolios: the hub's default (scale 1, seed 2026) and a larger one from another seed.
  for (const options of [{ scale: 1 }, { scale: 3, seed: 7 }]) {
    it(`breaks none of them: ${JSON.stringify(options)}, every activity as of the seed's day`, async () => {
      await seedLivelihoods(h.server.models, options);
      const { activities, xml } = await exportAll();
      expect(activities.length).toBe(Math.round(50 * options.scale));
      // Checked as of the seed's day: its data runs through it (money, statuses, actuals).
      const problems = iatiRuleProblems(xml, SEED_NOW);
      expect(problems).toEqual([]);
      // Not vacuous: the export has the elements the rules look at.
      expect(count(xml, "budget")).toBeGreaterThan(3 * activities.length);
      expect(count(xml, "actual")).toBeGreaterThan(100);
      expect(count(xml, "transaction")).toBeGreaterThan(100);
      // Every organisation the seed names is known to it: each participating-org has an identifier, under
      // org-id.guide's example prefix, and each activity stays marked as synthetic.
      const orgs = activities.flatMap((a) => a.participatingOrgs);
      expect(orgs.length).toBeGreaterThan(3 * activities.length);
      expect(orgs.filter((org) => !org.ref?.startsWith(`${DEMO_ORG_PREFIX}-`))).toEqual([]);
      expect(activities.every((a) => a.provenance.kind === "SYNTHETIC")).toBe(true);
      expect(xml.split('tinkuy:provenance="SYNTHETIC"').length - 1).toBe(activities.length);
      // The stricter rules import:iati now shares refuse none of the hub's own activities.
      const dir = await mkdtemp(join(tmpdir(), "tinkuy-iati-rules-"));
      try {
        const file = join(dir, "export.xml");
        await writeFile(file, xml, "utf8");
        const summary = await importIati(h.server.models, {
          file,
          reportPath: join(dir, "report.csv"),
          recordedBy: "import:test",
          dryRun: true,
        });
        expect({ read: summary.read, rejected: summary.rejected, skipped: summary.skipped }).toEqual({
          read: activities.length,
          rejected: 0,
          skipped: 0,
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});

/** The day of reference of the broken cases: after the fixture's data, before its plans end. */
const AS_OF = new Date("2025-06-30T00:00:00.000Z");

/** The import fixture's activity, made to pass every rule (its actual start is its first budget's first day). */
function clean(): ActivityData {
  const base = structuredClone(activity("REGLAS-1"));
  base.activityDates.actualStart = "2023-01-01";
  return base;
}

const rulesBroken = (xml: string) => [...new Set(iatiRuleProblems(xml, AS_OF).map((p) => p.rule))].sort();
const rendered = (a: ActivityData) => renderActivities([a], GENERATED);

/** One deliberately broken activity per rule: the change that breaks it, on the clean activity or its XML. */
const BROKEN: Record<RuleId, (a: ActivityData) => string> = {
  "6.10.1": (a) =>
    rendered(a).replace(
      /<participating-org ([^>]*)role="4"([^>]*)>[\s\S]*?<\/participating-org>/,
      '<participating-org role="4" type="22"/>',
    ),
  "1.8.1": (a) => {
    a.participatingOrgs[1]!.ref = ` ${IMPLEMENTER}`;
    return rendered(a);
  },
  "1.8.13": (a) => {
    a.participatingOrgs[1]!.ref = `${IMPLEMENTER}/2`;
    return rendered(a);
  },
  "participating-org-ref": (a) => {
    // The implementer, named with its identifier in the transactions, appears without it as a participant.
    a.participatingOrgs[1]!.ref = null;
    return rendered(a);
  },
  "6.11.1": (a) => rendered(a).replace(/<activity-date type="[12]"[^>]*\/>/g, ""),
  "11.1.2": (a) => {
    a.activityDates.plannedEnd = "2022-12-31";
    a.budgets = [];
    return rendered(a);
  },
  "11.1.3": (a) => {
    a.activityDates.actualEnd = "2022-12-31";
    a.budgets = [];
    return rendered(a);
  },
  "11.1.4": (a) => {
    a.activityDates.actualStart = "2025-07-01";
    a.budgets = [];
    return rendered(a);
  },
  "11.1.5": (a) => {
    a.activityDates.actualEnd = "2025-07-01";
    a.budgets = [];
    return rendered(a);
  },
  "11.2.1": (a) => {
    a.transactions![1]!.date = "2025-07-01";
    return rendered(a);
  },
  "7.5.2": (a) => rendered(a).replace(/(<budget [\s\S]*?<value [^>]*?) value-date="[^"]*"/, "$1"),
  "7.5.3": (a) => {
    a.budgets[1]!.periodEnd = "2025-01-31";
    return rendered(a);
  },
  "8.6.3": (a) => {
    a.budgets[1]!.periodStart = "2025-01-01";
    a.budgets[1]!.periodEnd = "2024-12-31";
    return rendered(a);
  },
  "budget-overlap": (a) => {
    // A second original budget for the first year: the two full sets the issue found in DE-1-MVA-2021-0027.
    a.budgets.push({ ...a.budgets[0]!, value: { currency: "PEN", value: "90000.00" } });
    return rendered(a);
  },
  "budget-within-activity": (a) => {
    a.activityDates.actualStart = "2023-02-01";
    return rendered(a);
  },
  "8.6.1": (a) => {
    const period = a.results![0]!.indicators[0]!.periods[1]!;
    period.periodEnd = "2023-12-31";
    return rendered(a);
  },
  "8.8.1": (a) => {
    a.results![0]!.indicators[0]!.baseline!.value = null;
    return rendered(a);
  },
  "8.8.3": (a) => {
    a.results![0]!.indicators[1]!.baseline = { year: 2023, isoDate: null, value: 1, comment: "x" };
    return rendered(a);
  },
  "8.9.1": (a) => {
    a.results![0]!.indicators[0]!.periods[1]!.target.value = null;
    a.results![0]!.indicators[0]!.periods[1]!.target.comment = "sin meta";
    return rendered(a);
  },
  "8.9.3": (a) => {
    a.results![0]!.indicators[1]!.periods[0]!.target.value = 1;
    return rendered(a);
  },
  "8.10.1": (a) => {
    a.results![0]!.indicators[0]!.periods[0]!.actual = { value: null, comment: "sin dato" };
    return rendered(a);
  },
  "8.10.3": (a) => {
    a.results![0]!.indicators[1]!.periods[0]!.actual = { value: 1, comment: "Asociación inscrita" };
    return rendered(a);
  },
  "actual-after-period": (a) => {
    // The 2024 period ended before the day of reference; a 2025 one has not.
    const indicator = a.results![0]!.indicators[0]!;
    indicator.periods.push({
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      target: { value: 300, comment: null },
      actual: { value: 150, comment: "Avance al primer semestre" },
    });
    a.budgets = a.budgets.filter((b) => b.periodStart < "2025-01-01");
    return rendered(a);
  },
};

describe("the rules' checker", () => {
  it("finds nothing in the clean activity the broken cases start from", () => {
    expect(iatiRuleProblems(rendered(clean()), AS_OF)).toEqual([]);
  });

  it.each(Object.keys(RULES) as RuleId[])("fails an activity that breaks %s, and only that rule", (rule) => {
    expect(rulesBroken(BROKEN[rule](clean()))).toEqual([rule]);
  });
});

describe("the API refuses what the rules refuse", () => {
  it("refuses registering overlapping budgets of one type, a budget outside the planned dates, or a known organisation without its ref, naming the field", async () => {
    const budget = (periodStart: string, periodEnd: string, type = "ORIGINAL") => ({
      type,
      periodStart,
      periodEnd,
      value: "1000.00",
    });
    const cases: [Record<string, unknown>, string][] = [
      [
        { budgets: [budget("2024-01-01", "2024-12-31"), budget("2024-07-01", "2025-06-30")] },
        "input.budgets.1.periodStart",
      ],
      [{ budgets: [budget("2023-12-01", "2024-11-30")] }, "input.budgets.0.periodStart"],
      [{ budgets: [budget("2027-06-01", "2028-01-31")] }, "input.budgets.0.periodEnd"],
      // The funder, identified as UNDP, named again without its identifier as the accountable organisation.
      [
        {
          participatingOrgs: [
            { role: "FUNDING", ref: UNDP, name: "PNUD", type: "MULTILATERAL" },
            { role: "IMPLEMENTING", ref: NGO, name: "Asociación Amazonía Productiva", type: "NATIONAL_NGO" },
            { role: "ACCOUNTABLE", name: "pnud", type: "MULTILATERAL" },
          ],
        },
        "input.participatingOrgs.2.ref",
      ],
    ];
    const before = await h.domainDigest();
    for (const [override, field] of cases) {
      const result = await h.run(REGISTER, { input: projectInput(override), key: `key-rules-${field}` });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(await h.domainDigest()).toBe(before);
    // An original and a revised budget for the same year are one of each type: accepted.
    await h.ok(REGISTER, {
      input: projectInput({
        localId: "PE-T-REV",
        budgets: [budget("2024-01-01", "2024-12-31"), budget("2024-01-01", "2024-12-31", "REVISED")],
      }),
      key: "key-budgets-revised",
    });
  });

  it("refuses an actual for a period that has not ended, naming the field, and takes it once it has", async () => {
    const year = new Date().getUTCFullYear();
    const id = `${UNDP}-PE-T-ACT`;
    const yearly = Array.from({ length: 3 }, (_, k) => ({
      periodStart: `${year - 1 + k}-01-01`,
      periodEnd: `${year - 1 + k}-12-31`,
    }));
    await h.ok(REGISTER, {
      input: projectInput({
        localId: "PE-T-ACT",
        plannedStart: `${year - 1}-01-01`,
        plannedEnd: `${year + 1}-12-31`,
        budgets: yearly.map((p) => ({ ...p, value: "1000.00" })),
        results: [
          {
            type: "OUTCOME",
            title: "Ingresos",
            indicators: [
              {
                measure: "UNIT",
                title: "Familias",
                baseline: { year: year - 1, value: 0 },
                periods: yearly.map((p, k) => ({ ...p, target: 10 * (k + 1) })),
              },
            ],
          },
        ],
      }),
      key: "key-register-actuals",
    });
    await h.ok(CHANGE_STATUS, {
      input: {
        iatiIdentifier: id,
        status: "IMPLEMENTATION",
        reason: "Inicio",
        effectiveDate: `${year - 1}-01-01`,
      },
      key: "key-start-actuals",
    });
    const report = (p: { periodStart: string; periodEnd: string }) =>
      h.run(REPORT, {
        input: { iatiIdentifier: id, indicator: "1.1", ...p, value: 5 },
        key: `key-${p.periodStart}`,
      });
    const current = await report(yearly[1]!);
    expect(current.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.periodEnd",
    });
    expect((await report(yearly[0]!)).errors).toBeUndefined();
  });

  it("refuses in import:iati the activities that break them, naming the element", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tinkuy-iati-rules-"));
    try {
      const cases: [string, (a: ActivityData) => void, string][] = [
        ["REGLAS-OVERLAP", (a) => a.budgets.push({ ...a.budgets[0]! }), "budget[3].periodStart"],
        ["REGLAS-WINDOW", (a) => (a.activityDates.actualStart = "2023-02-01"), "budget[1].periodStart"],
        [
          "REGLAS-ACTUAL",
          (a) =>
            a.results![0]!.indicators[0]!.periods.push({
              periodStart: "2025-01-01",
              periodEnd: "2025-12-31",
              target: { value: 300, comment: null },
              actual: { value: 150, comment: null },
            }),
          "result[1].indicator[1].period[3].actual",
        ],
      ];
      for (const [localId, breakIt, field] of cases) {
        const a = structuredClone(activity(localId));
        a.activityDates.actualStart = "2023-01-01";
        breakIt(a);
        const file = join(dir, `${localId}.xml`);
        await writeFile(file, renderActivities([a], GENERATED), "utf8");
        const before = await h.server.models.Project.countDocuments();
        const summary = await importIati(h.server.models, {
          file,
          reportPath: join(dir, `${localId}.csv`),
          recordedBy: "import:test",
          now: new Date("2025-11-21T10:00:00.000Z"),
        });
        expect(summary.rejected).toBe(1);
        const report = parseCsv(await readFile(summary.reportPath, "utf8"), { columns: true, bom: true }) as {
          field: string;
        }[];
        expect(report.map((row) => row.field)).toContain(field);
        expect(await h.server.models.Project.countDocuments()).toBe(before);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
