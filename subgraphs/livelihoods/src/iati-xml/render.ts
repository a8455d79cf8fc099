import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import {
  ACTIVITY_STATUS,
  BUDGET_STATUS,
  BUDGET_TYPE,
  DAC_VOCABULARY,
  INDICATOR_MEASURE,
  ORG_ROLE,
  ORG_TYPE,
  RESULT_TYPE,
  TRANSACTION_TYPE,
} from "../iati.ts";
import type {
  ActivityData,
  IndicatorData,
  IndicatorValueData,
  LocationData,
  OrganisationData,
  ResultData,
  TransactionData,
} from "./activities.ts";

/** The IATI standard version the export writes and the tests validate against. */
export const IATI_VERSION = "2.03";

/** The language of every narrative: the hub records titles, descriptions and names in Spanish. */
const LANG = "es";

/**
 * GeographicVocabulary `A4` (ISO 3166-1 alpha-2) at level 0: the only administrative code IATI has for where
 * our projects work. There is no IATI vocabulary for Peru's UBIGEO, so the code goes in `location/@ref` and the
 * official names in `location/name`.
 */
const COUNTRY = { vocabulary: "A4", level: "0", code: "PE" } as const;

/** OGC's name for WGS84 latitude/longitude, the reference system IATI requires for `point/@srsName`. */
const WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326";

/** GeoNames feature codes of the first, second and third administrative divisions. */
const FEATURE = { DEPARTMENT: "ADM1", PROVINCE: "ADM2", DISTRICT: "ADM3" } as const;

function narrative(
  parent: XMLBuilder,
  element: string,
  text: string,
  attributes: Record<string, string> = {},
): void {
  parent.ele(element, attributes).ele("narrative", { "xml:lang": LANG }).txt(text);
}

function organisation(
  parent: XMLBuilder,
  element: string,
  org: OrganisationData,
  attributes: Record<string, string> = {},
): void {
  const node = parent.ele(element, {
    ...attributes,
    ...(org.ref ? { ref: org.ref } : {}),
    ...(org.type ? { type: ORG_TYPE[org.type] } : {}),
  });
  node.ele("narrative", { "xml:lang": LANG }).txt(org.name);
}

/** `Tambopata, Madre de Dios`: the region's name and the names above it, as people write a place in Peru. */
function placeName(location: LocationData): string {
  const names = [location.name, location.parent?.name, location.parent?.parent?.name];
  return names.filter((name): name is string => Boolean(name)).join(", ");
}

function location(parent: XMLBuilder, place: LocationData): void {
  const node = parent.ele("location", { ref: place.ubigeo });
  node.ele("location-reach", { code: "1" });
  node
    .ele("name")
    .ele("narrative", { "xml:lang": LANG })
    .txt(`${placeName(place)} (UBIGEO ${place.ubigeo})`);
  node.ele("administrative", COUNTRY);
  // The capital's coordinates stand for the whole region: approximate (exactness 2), an administrative region
  // (class 1).
  node
    .ele("point", { srsName: WGS84 })
    .ele("pos")
    .txt(`${place.capital.latitude} ${place.capital.longitude}`);
  node.ele("exactness", { code: "2" });
  node.ele("location-class", { code: "1" });
  node.ele("feature-designation", { code: FEATURE[place.level] });
}

function transaction(parent: XMLBuilder, item: TransactionData): void {
  const node = parent.ele("transaction", item.ref ? { ref: item.ref } : {});
  node.ele("transaction-type", { code: TRANSACTION_TYPE[item.type] });
  node.ele("transaction-date", { "iso-date": item.date });
  node.ele("value", { currency: item.currency, "value-date": item.valueDate }).txt(item.value);
  if (item.description) narrative(node, "description", item.description);
  if (item.providerOrg) organisation(node, "provider-org", item.providerOrg);
  if (item.receiverOrg) organisation(node, "receiver-org", item.receiverOrg);
}

function valueAttributes(value: number | null): Record<string, string> {
  return value === null ? {} : { value: String(value) };
}

function indicatorValue(parent: XMLBuilder, element: string, value: IndicatorValueData): void {
  const node = parent.ele(element, valueAttributes(value.value));
  if (value.comment) narrative(node, "comment", value.comment);
}

function indicator(parent: XMLBuilder, item: IndicatorData): void {
  const node = parent.ele("indicator", {
    measure: INDICATOR_MEASURE[item.measure],
    ascending: item.ascending ? "1" : "0",
  });
  narrative(node, "title", item.title);
  if (item.description) narrative(node, "description", item.description);
  if (item.baseline) {
    const baseline = node.ele("baseline", {
      year: String(item.baseline.year),
      ...(item.baseline.isoDate ? { "iso-date": item.baseline.isoDate } : {}),
      ...valueAttributes(item.baseline.value),
    });
    if (item.baseline.comment) narrative(baseline, "comment", item.baseline.comment);
  }
  for (const period of item.periods) {
    const each = node.ele("period");
    each.ele("period-start", { "iso-date": period.periodStart });
    each.ele("period-end", { "iso-date": period.periodEnd });
    indicatorValue(each, "target", period.target);
    if (period.actual) indicatorValue(each, "actual", period.actual);
  }
}

function result(parent: XMLBuilder, item: ResultData): void {
  const node = parent.ele("result", { type: RESULT_TYPE[item.type] });
  narrative(node, "title", item.title);
  if (item.description) narrative(node, "description", item.description);
  for (const each of item.indicators) indicator(node, each);
}

/** One `iati-activity`, its children in the order the 2.03 schema's sequence requires. */
function activity(parent: XMLBuilder, project: ActivityData): void {
  const node = parent.ele("iati-activity", {
    "last-updated-datetime": project.lastUpdated,
    "xml:lang": LANG,
    "default-currency": project.defaultCurrency,
    hierarchy: "1",
  });
  node.ele("iati-identifier").txt(project.iatiIdentifier);
  organisation(node, "reporting-org", project.reportingOrg);
  narrative(node, "title", project.title);
  narrative(node, "description", project.description, { type: "1" });
  for (const org of project.participatingOrgs) {
    organisation(node, "participating-org", org, { role: ORG_ROLE[org.role] });
  }
  node.ele("activity-status", { code: ACTIVITY_STATUS[project.status] });
  const dates = project.activityDates;
  node.ele("activity-date", { type: "1", "iso-date": dates.plannedStart });
  if (dates.actualStart) node.ele("activity-date", { type: "2", "iso-date": dates.actualStart });
  node.ele("activity-date", { type: "3", "iso-date": dates.plannedEnd });
  if (dates.actualEnd) node.ele("activity-date", { type: "4", "iso-date": dates.actualEnd });
  node.ele("recipient-country", { code: "PE", percentage: "100" });
  for (const place of project.locations) location(node, place);
  for (const sector of project.sectors) {
    node.ele("sector", {
      vocabulary: DAC_VOCABULARY,
      code: sector.code,
      percentage: String(sector.percentage),
    });
  }
  for (const budget of project.budgets) {
    const item = node.ele("budget", { type: BUDGET_TYPE[budget.type], status: BUDGET_STATUS[budget.status] });
    item.ele("period-start", { "iso-date": budget.periodStart });
    item.ele("period-end", { "iso-date": budget.periodEnd });
    item
      .ele("value", { currency: budget.value.currency, "value-date": budget.valueDate })
      .txt(budget.value.value);
  }
  for (const item of project.transactions ?? []) transaction(node, item);
  for (const item of project.results ?? []) result(node, item);
}

/**
 * An IATI 2.03 `iati-activities` document, one `iati-activity` per project, as UTF-8 XML text. Codes come from
 * the API's enum names through the code lists in `iati.ts`; narratives are Spanish (`xml:lang="es"`); fields the
 * viewer may not read (null in `projects`) are left out, never written empty.
 */
export function renderActivities(projects: readonly ActivityData[], generatedAt: Date): string {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = doc.ele("iati-activities", {
    version: IATI_VERSION,
    "generated-datetime": generatedAt.toISOString(),
  });
  for (const project of projects) activity(root, project);
  return doc.end({ prettyPrint: true });
}
