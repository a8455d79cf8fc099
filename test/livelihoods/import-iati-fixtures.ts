import { regionCatalog } from "../../packages/kit/src/index.ts";
import type { ActivityData } from "../../subgraphs/livelihoods/src/iati-xml/activities.ts";
import { renderActivities } from "../../subgraphs/livelihoods/src/iati-xml/render.ts";

/** When the fixtures' files say they were generated. */
export const GENERATED = new Date("2025-11-20T15:00:00.000Z");

/** Synthetic organisations under org-id.guide's example-data prefix, as the seed names its own. */
export const REPORTER = "XE-EXAMPLE-IMPORT-DONANTE";
export const IMPLEMENTER = "XE-EXAMPLE-IMPORT-ONG";

/** A district of the catalog as the export reads a location (its capital's point stands for it). */
function place(ubigeo: string): ActivityData["locations"][number] {
  const catalog = regionCatalog();
  const region = catalog.get(ubigeo)!;
  if (region.level === "COUNTRY")
    throw new Error("a project works in a region of Peru, never at Peru as a whole");
  if (region.level !== "DISTRICT") {
    // A department or province: the export writes its capital's point and its UBIGEO in @ref.
    return {
      ubigeo,
      name: region.name,
      level: region.level,
      parent: null,
      capital: { name: region.capital, latitude: region.latitude, longitude: region.longitude },
    };
  }
  const province = catalog.get(region.parent!)!;
  const department = catalog.get(province.parent!)!;
  return {
    ubigeo,
    name: region.name,
    level: "DISTRICT",
    parent: { name: province.name, parent: { name: department.name } },
    capital: { name: region.capital, latitude: region.latitude, longitude: region.longitude },
  };
}

const org = (ref: string, name: string) => ({ ref, name, type: "INTERNATIONAL_NGO" as const });

/** A synthetic activity in Peru with budgets, transactions and a results framework. */
export function activity(localId: string, districts: string[] = ["170101"]): ActivityData {
  return {
    iatiIdentifier: `${REPORTER}-${localId}`,
    reportingOrg: { ref: REPORTER, name: "Donante de ejemplo (sintético)", type: "GOVERNMENT" },
    title: `Proyecto de ejemplo ${localId}`,
    description: "Medios de vida alternativos a la minería ilegal (datos de prueba).",
    provenance: { kind: "PUBLISHED" },
    status: "IMPLEMENTATION",
    activityDates: {
      plannedStart: "2023-01-01",
      // From its first budget's first day: an activity's budgets lie within its dates (IATI).
      actualStart: "2023-01-01",
      plannedEnd: "2026-12-31",
      actualEnd: null,
    },
    participatingOrgs: [
      { role: "FUNDING", ref: REPORTER, name: "Donante de ejemplo (sintético)", type: "GOVERNMENT" },
      { role: "IMPLEMENTING", ref: IMPLEMENTER, name: "ONG de ejemplo (sintética)", type: "NATIONAL_NGO" },
    ],
    sectors: [
      { code: "31165", percentage: 60 },
      { code: "43050", percentage: 40 },
    ],
    locations: districts.map(place),
    defaultCurrency: "USD",
    budgets: [
      {
        type: "ORIGINAL",
        status: "COMMITTED",
        periodStart: "2023-01-01",
        periodEnd: "2023-12-31",
        value: { currency: "USD", value: "250000.00" },
        valueDate: "2023-01-01",
      },
      {
        type: "ORIGINAL",
        status: "INDICATIVE",
        periodStart: "2024-01-01",
        periodEnd: "2024-12-31",
        value: { currency: "USD", value: "300000.50" },
        valueDate: "2024-01-01",
      },
    ],
    transactions: [
      {
        ref: `${localId}-T1`,
        type: "OUTGOING_COMMITMENT",
        date: "2023-02-15",
        value: "550000.50",
        currency: "USD",
        valueDate: "2023-02-15",
        description: "Compromiso del donante",
        providerOrg: org(REPORTER, "Donante de ejemplo (sintético)"),
        receiverOrg: org(IMPLEMENTER, "ONG de ejemplo (sintética)"),
      },
      {
        ref: `${localId}-T2`,
        type: "DISBURSEMENT",
        date: "2023-03-10",
        value: "125000.25",
        currency: "USD",
        valueDate: "2023-03-10",
        description: null,
        providerOrg: org(REPORTER, "Donante de ejemplo (sintético)"),
        receiverOrg: org(IMPLEMENTER, "ONG de ejemplo (sintética)"),
      },
    ],
    results: [
      {
        type: "OUTCOME",
        title: "Ingresos lícitos de las familias",
        description: null,
        indicators: [
          {
            measure: "UNIT",
            ascending: true,
            title: "Familias con ingresos de cacao",
            description: null,
            baseline: { year: 2023, isoDate: "2023-01-01", value: 0, comment: null },
            periods: [
              {
                periodStart: "2023-01-01",
                periodEnd: "2023-12-31",
                target: { value: 100, comment: null },
                actual: { value: 80, comment: "Cosecha tardía" },
              },
              {
                periodStart: "2024-01-01",
                periodEnd: "2024-12-31",
                target: { value: 200, comment: null },
                actual: null,
              },
            ],
          },
          {
            measure: "QUALITATIVE",
            ascending: true,
            title: "Asociación de productores constituida",
            description: "Registro en SUNARP",
            baseline: null,
            periods: [
              {
                periodStart: "2023-01-01",
                periodEnd: "2023-12-31",
                target: { value: null, comment: "Asociación inscrita" },
                actual: null,
              },
            ],
          },
        ],
      },
    ],
    lastUpdated: "2025-06-30T00:00:00.000Z",
  };
}

/** Renders activities as the export does; `edit` changes the i-th activity's XML text. */
export function render(list: ActivityData[], edit: Record<number, (xml: string) => string> = {}): string {
  const xml = renderActivities(list, GENERATED);
  const parts = xml.split(/(?=<iati-activity )/);
  return parts.map((part, i) => (i > 0 && edit[i - 1] ? edit[i - 1]!(part) : part)).join("");
}
