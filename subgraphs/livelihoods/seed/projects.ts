import type { SeededRandom } from "@tinkuy/demo-data";
import { regionCatalog } from "@tinkuy/kit";
import {
  ACTIVITY_STATUS,
  BUDGET_TYPE,
  DAC_SECTOR,
  DAC_VOCABULARY,
  ORG_ROLE,
  ORG_TYPE,
  type OrganisationType,
} from "../src/iati.ts";
import type { OrgDoc, ParticipatingOrgDoc, ProjectDoc, StatusEntry } from "../src/models.ts";
import { regionCodesOf } from "../src/region-stats.ts";
import { budgets, flows } from "./money.ts";
import { projectProvenance } from "./provenance.ts";
import { resultsFramework } from "./results.ts";
import { addDays, addMonths, day, DAY, minDate, SEED_NOW, uniform } from "./support.ts";
import { timeline, yearlyPeriods } from "./timeline.ts";
import {
  AGENCY_IMPLEMENTED,
  CHAINS,
  COUNTERPARTS,
  demoOrgRef,
  DEVELOPMENT_AGENCY,
  DONORS,
  GOVERNMENT_EXECUTED,
  NATIONAL_FUNDER,
  SELF_IMPLEMENTING,
  type DonorSpec,
  type ValueChain,
} from "./vocabulary.ts";

const LAST_END = new Date("2028-12-31T00:00:00.000Z");
/** Soles per dollar, to size PEN projects against USD ones (not stored: amounts keep their currency). */
const PEN_PER_USD = 3.75;

/** What enrollment needs to know of a project: when miners could enroll, how it ended, room for former miners. */
export interface EnrollmentWindow {
  iatiIdentifier: string;
  from: Date;
  until: Date;
  outcome: "ongoing" | "ended" | "suspended" | "cancelled";
  capacity: number;
}

function pickChain(random: SeededRandom, donor: DonorSpec): ValueChain {
  // The national funder funds alternative development (crops, aquaculture, agroforestry, diversification), as
  // DEVIDA does, not gold chains.
  const chains =
    donor === NATIONAL_FUNDER
      ? CHAINS.filter((c) => c.counterpart === "national" || c.key === "agroforestry")
      : CHAINS;
  return random.weighted(chains.map((c) => [c, c.weight] as const));
}

/** One to three places of the chain, sometimes in two departments; districts of a province at times. */
function pickLocations(random: SeededRandom, chain: ValueChain): string[] {
  const catalog = regionCatalog();
  const places = new Set<string>();
  const main = random.pick(chain.places);
  if (main.length === 4 && random.chance(0.5)) {
    const districts = catalog.children(main);
    const n = random.int(1, Math.min(3, districts.length));
    for (let i = 0; i < n; i++) places.add(random.pick(districts).ubigeo);
  } else {
    places.add(main);
    if (main.length === 6 && random.chance(0.3))
      places.add(random.pick(catalog.children(main.slice(0, 4))).ubigeo);
  }
  if (random.chance(0.12)) {
    const elsewhere = chain.places.filter((p) => p.slice(0, 2) !== main.slice(0, 2));
    if (elsewhere.length > 0) places.add(random.pick(elsewhere));
  }
  return [...places].sort();
}

function placeName(locations: readonly string[]): string {
  const catalog = regionCatalog();
  const departments = [...new Set(locations.map((l) => l.slice(0, 2)))];
  if (departments.length > 1) return departments.map((d) => catalog.get(d)?.name ?? d).join(" y ");
  const first = catalog.get(locations[0] as string);
  const department = catalog.get(departments[0] as string)?.name ?? "";
  return first && first.level !== "DEPARTMENT" ? `${first.name} (${department})` : department;
}

/** An invented implementing organisation with its demo reference. */
export interface Implementer {
  name: string;
  type: OrganisationType;
  ref: string;
}

function org(ref: string | null, name: string, type: OrganisationType): OrgDoc {
  return { ref, narrative: name, type: ORG_TYPE[type] };
}

function participating(role: keyof typeof ORG_ROLE, o: OrgDoc): ParticipatingOrgDoc {
  return { role: ORG_ROLE[role], ref: o.ref ?? null, narrative: o.narrative, type: o.type ?? ORG_TYPE.OTHER };
}

/** The organisation that carries out a donor's project. */
function implementerFor(
  random: SeededRandom,
  donor: DonorSpec,
  chain: ValueChain,
  locations: readonly string[],
  implementers: readonly Implementer[],
): OrgDoc {
  const catalog = regionCatalog();
  const location = locations[0] as string;
  const department = catalog.get(location.slice(0, 2))?.name ?? "";
  // Local and regional executors are named by their place and say they are demo data: a real municipality or
  // regional government is never credited with an invented project.
  const province = catalog.get(location.slice(0, 4))?.name ?? department;
  const local = () =>
    org(
      demoOrgRef(`EJECUTOR-LOCAL-${location.slice(0, 4)}`),
      `Ejecutor local demo de ${province} (sintético)`,
      "LOCAL_GOVERNMENT",
    );
  const regional = () =>
    org(
      demoOrgRef(`EJECUTOR-REGIONAL-${location.slice(0, 2)}`),
      `Ejecutor regional demo de ${department} (sintético)`,
      "LOCAL_GOVERNMENT",
    );
  switch (donor) {
    case SELF_IMPLEMENTING:
      return org(donor.ref, donor.name, donor.type);
    case AGENCY_IMPLEMENTED:
      return org(DEVELOPMENT_AGENCY.ref, DEVELOPMENT_AGENCY.name, "INTERNATIONAL_NGO");
    case GOVERNMENT_EXECUTED:
      return chain.key === "gold" || chain.key === "diversification"
        ? org(COUNTERPARTS.mining.ref, COUNTERPARTS.mining.name, "GOVERNMENT")
        : regional();
    case NATIONAL_FUNDER:
      return random.chance(0.6) ? local() : regional();
    default: {
      const chosen = random.pick(implementers);
      return org(chosen.ref, chosen.name, chosen.type);
    }
  }
}

function counterpartOf(chain: ValueChain): OrgDoc {
  if (chain.counterpart === "national") return org(NATIONAL_FUNDER.ref, NATIONAL_FUNDER.name, "GOVERNMENT");
  const counterpart = COUNTERPARTS[chain.counterpart];
  return org(counterpart.ref, counterpart.name, "GOVERNMENT");
}

/**
 * One project: funder, value chain, places, status history, budgets, transactions, results and beneficiaries,
 * all consistent with one another; and what enrollment needs to know of it.
 */
export function newProject(
  random: SeededRandom,
  seq: number,
  implementers: readonly Implementer[],
): { doc: ProjectDoc; window: EnrollmentWindow | null } {
  const donor = random.weighted(DONORS.map((d) => [d, d.weight] as const));
  const chain = pickChain(random, donor);
  const locations = pickLocations(random, chain);
  const year = random.weighted(donor.startYears);
  const plannedStart = day(year, random.int(0, 11), 1);
  const planned = addMonths(plannedStart, random.int(30, 60));
  const plannedEnd = minDate(addDays(planned, -1), LAST_END);
  const months = Math.max(12, (plannedEnd.getTime() - plannedStart.getTime()) / (30.44 * DAY));
  const units = Math.round(uniform(random, donor.size) / 1_000) * 1_000;
  const cents = units * 100;
  const time = timeline(random, donor, plannedStart, plannedEnd);

  const funder = org(donor.ref, donor.name, donor.type);
  const implementer = implementerFor(random, donor, chain, locations, implementers);
  const implementerReports =
    implementer.ref !== null && implementer.ref !== donor.ref && random.chance(donor.implementerReported);
  const reportingOrg = implementerReports ? implementer : funder;
  const coFunded = donor !== NATIONAL_FUNDER && chain.counterpart === "national" && random.chance(0.15);
  const orgs: ParticipatingOrgDoc[] = [participating("FUNDING", funder)];
  if (coFunded)
    orgs.push(participating("FUNDING", org(NATIONAL_FUNDER.ref, NATIONAL_FUNDER.name, NATIONAL_FUNDER.type)));
  const counterpart = donor === NATIONAL_FUNDER ? funder : counterpartOf(chain);
  orgs.push(participating("ACCOUNTABLE", implementerReports ? implementer : counterpart));
  if (donor.stopWork || donor === AGENCY_IMPLEMENTED) orgs.push(participating("EXTENDING", funder));
  orgs.push(participating("IMPLEMENTING", implementer));
  if (donor === NATIONAL_FUNDER || random.chance(0.3)) {
    const place = locations[0] as string;
    const name = `Cooperativa agraria demo de ${regionCatalog().get(place)?.name ?? "la zona"} (sintética)`;
    orgs.push(
      participating(
        "IMPLEMENTING",
        org(demoOrgRef(`COOPERATIVA-${place}`), name, "PRIVATE_SECTOR_IN_AID_RECIPIENT_COUNTRY"),
      ),
    );
  }

  const periods = yearlyPeriods(plannedStart, plannedEnd);
  // Budgets cover the activity's lifetime as its dates say it, the actual ones once known (IATI's validators
  // compare them): from the actual start, to the actual end of a project that finished or was cancelled.
  const budgetPeriods = yearlyPeriods(time.actualStart ?? plannedStart, time.actualEnd ?? plannedEnd);
  const projectBudgets = budgets(budgetPeriods, cents, donor.currency, random);
  const windowEnd = time.actualEnd && time.actualEnd > plannedEnd ? time.actualEnd : plannedEnd;
  const tranches =
    donor === NATIONAL_FUNDER
      ? projectBudgets
          .filter((b) => b.type === BUDGET_TYPE.ORIGINAL)
          .map((b) => ({
            date: time.actualStart && b.periodStart < time.actualStart ? time.actualStart : b.periodStart,
            cents: b.value.cents,
          }))
      : months > 36
        ? [
            { date: time.actualStart ?? plannedStart, cents: Math.round(cents * 0.6) },
            { date: addMonths(time.actualStart ?? plannedStart, 24), cents: cents - Math.round(cents * 0.6) },
          ]
        : [{ date: time.actualStart ?? plannedStart, cents }];
  const transactions = time.actualStart
    ? flows(
        random,
        {
          funder,
          currency: donor.currency,
          cents,
          funderReports: !implementerReports,
          implementerReports,
          reportingOrg,
          implementer,
          tranches,
        },
        time,
        windowEnd,
        months,
      )
    : [];
  if (coFunded && time.actualStart) {
    // The counterpart's share, reported (as IATI publishers report every value) in the activity's currency at
    // the transaction's value date, and added to the activity's budgets: one budget of each type per period,
    // never a second set beside the funder's (IATI: budgets of one type do not overlap).
    const counterpartCents = Math.round(units * uniform(random, [0.1, 0.25])) * 100;
    const shares = budgets(budgetPeriods, counterpartCents, donor.currency, random).filter(
      (b) => b.type === BUDGET_TYPE.ORIGINAL,
    );
    for (const budget of projectBudgets) {
      const share = shares.find((s) => s.periodStart.getTime() === budget.periodStart.getTime());
      if (share) budget.value = { ...budget.value, cents: budget.value.cents + share.value.cents };
    }
    transactions.push(
      ...flows(
        random,
        {
          funder: org(NATIONAL_FUNDER.ref, NATIONAL_FUNDER.name, NATIONAL_FUNDER.type),
          currency: donor.currency,
          cents: counterpartCents,
          funderReports: false,
          implementerReports,
          reportingOrg,
          implementer,
          tranches: [{ date: time.actualStart, cents: counterpartCents }],
        },
        time,
        windowEnd,
        months,
      ),
    );
  }
  transactions.sort((a, b) => a.transactionDate.getTime() - b.transactionDate.getTime());

  const usd = donor.currency === "PEN" ? units / PEN_PER_USD : units;
  const plannedBeneficiaries = Math.max(80, Math.round(usd / uniform(random, [900, 2_500])));
  let reached = 0;
  if (time.actualStart) {
    const elapsed =
      (minDate(SEED_NOW, time.workEnd).getTime() - time.actualStart.getTime()) /
      (plannedEnd.getTime() - time.actualStart.getTime());
    reached = Math.round(
      plannedBeneficiaries * Math.min(1, Math.max(0, elapsed) * uniform(random, [0.9, 1.2])),
    );
  }
  const quarterEnd = (date: Date) => day(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 0);
  const beneficiaries = {
    total: reached,
    women: Math.round(reached * uniform(random, [0.35, 0.55])),
    formerMiners: Math.round(reached * uniform(random, chain.formerMiners)),
    reportedOn: reached > 0 ? quarterEnd(minDate(SEED_NOW, addDays(time.workEnd, 90))) : null,
  };

  // A local identifier of the demo's own (no real programme's numbering).
  const localId = `MVA-${year}-${String(seq).padStart(4, "0")}`;
  const place = placeName(locations);
  const lastChange = time.history[time.history.length - 1] as StatusEntry;
  const doc: ProjectDoc = {
    iatiIdentifier: `${reportingOrg.ref}-${localId}`,
    reportingOrg: reportingOrg as ProjectDoc["reportingOrg"],
    title: `${chain.title} en ${place}`,
    description:
      `Proyecto de desarrollo alternativo que ${chain.purpose} en ${place}, con familias que dependían de la ` +
      `minería ilegal o informal. Financiamiento: ${donor.short}${coFunded ? ` y ${NATIONAL_FUNDER.short}` : ""}. Datos de demostración ` +
      `sintéticos.`,
    activityStatus: time.status,
    activityDates: { plannedStart, actualStart: time.actualStart, plannedEnd, actualEnd: time.actualEnd },
    participatingOrgs: orgs,
    sectors: chain.sectors.map(([sector, percentage]) => ({
      vocabulary: DAC_VOCABULARY,
      code: DAC_SECTOR[sector],
      percentage,
    })),
    locations,
    regionCodes: regionCodesOf(locations),
    defaultCurrency: donor.currency,
    budgets: projectBudgets,
    transactions,
    results: resultsFramework(random, chain, periods, plannedStart, plannedBeneficiaries, time),
    beneficiaries,
    statusHistory: time.history,
    writes: [],
    revision: 0,
    provenance: projectProvenance(donor),
    createdAt: time.history[0]?.date ?? plannedStart,
    updatedAt: transactions.reduce(
      (latest, t) => (t.recordedAt > latest ? t.recordedAt : latest),
      lastChange.date,
    ),
  };
  const window: EnrollmentWindow | null =
    time.actualStart && beneficiaries.formerMiners > 0
      ? {
          iatiIdentifier: doc.iatiIdentifier,
          from: time.actualStart,
          until: minDate(SEED_NOW, time.workEnd),
          outcome:
            time.status === ACTIVITY_STATUS.IMPLEMENTATION
              ? "ongoing"
              : time.status === ACTIVITY_STATUS.SUSPENDED
                ? "suspended"
                : time.status === ACTIVITY_STATUS.CANCELLED
                  ? "cancelled"
                  : "ended",
          capacity: beneficiaries.formerMiners,
        }
      : null;
  return { doc, window };
}
