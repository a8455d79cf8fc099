/**
 * Vocabulary for the livelihoods seed: synthetic funders and implementers (each modelled on a kind of real funder,
 * never named or identified as one), the value chains that alternative-development programmes in Peru's mining
 * regions work with, and the places they work in (INEI UBIGEO). Every organisation a seeded project names is
 * invented and says so, with an identifier under `XE-EXAMPLE` (see {@link DEMO_ORG_PREFIX}), so that no real
 * organisation is credited with invented projects and no seeded identifier can be taken for a real one.
 */
import type { Currency, DacSector, IndicatorMeasure, OrganisationType } from "../src/iati.ts";

/**
 * The registration-agency prefix of every seeded organisation identifier. org-id.guide, which keeps IATI's
 * Organisation Registration Agency codelist, lists `XE-EXAMPLE` as the "Example Data Prefix", "reserved for use in
 * example data which require a valid org-id.guide prefix (e.g. for use in data validator testing)" (register
 * entry `lists/xe/xe-example.json`, github.com/org-id/register, last updated 2018-02-12): no registration agency
 * issues identifiers under it, so no real organisation has one, yet an identifier built on it has the
 * `{agency}-{number}` form IATI requires and an IATI file using it stays valid.
 */
export const DEMO_ORG_PREFIX = "XE-EXAMPLE";

/** A seeded organisation's identifier: the example-data prefix, then a name that says it is demo data. */
export const demoOrgRef = (id: string) => `${DEMO_ORG_PREFIX}-TINKUY-${id}`;

/** A funder of the seeded portfolio: synthetic, modelled on a kind of real funder. */
export interface DonorSpec {
  /** IATI organisation identifier, under the example-data prefix. */
  ref: string;
  /** A name that says it is demo data. */
  name: string;
  short: string;
  /** The real funder whose published portfolio its projects imitate (for the provenance note, never shown as its name). */
  modelledOn: string;
  /** The national funder (the role DEVIDA plays in Peru): counterpart and co-funder of the others' projects. */
  national?: boolean;
  /** A stop-work order that suspended its projects (modelled on the US government's of 24 January 2025). */
  stopWork?: Date;
  type: OrganisationType;
  currency: Currency;
  /** Relative share of the portfolio's projects. */
  weight: number;
  /** Size of one project, in its currency (whole units). */
  size: readonly [number, number];
  /** Share of its projects published by the implementer (incoming commitments and funds) rather than itself. */
  implementerReported: number;
  /** Years its projects may start in (none after its stop-work order, for the funder that has one). */
  startYears: readonly (readonly [number, number])[];
}

const YEARS = [
  [2019, 0.7],
  [2020, 0.8],
  [2021, 1.1],
  [2022, 1.4],
  [2023, 1.6],
  [2024, 1.6],
  [2025, 1.3],
  [2026, 0.6],
] as const;

/** The day US foreign assistance stopped (stop-work order of 24 January 2025), which one demo funder imitates. */
const STOP_WORK = new Date("2025-01-24T00:00:00.000Z");

/**
 * Eight synthetic funders, each sized and timed like one kind of funder of alternative development in Peru: a
 * national agency funding in soles, a bilateral agency whose assistance stopped in January 2025, a multilateral
 * that lets implementers report, and so on. `modelledOn` names the real funder only so that the provenance note can
 * say what the data imitates; the records themselves name and identify none.
 */
export const DONORS: readonly DonorSpec[] = [
  {
    ref: demoOrgRef("FINANCIADOR-NACIONAL"),
    name: "Financiador nacional demo (sintético)",
    short: "Financiador nacional demo",
    modelledOn:
      "DEVIDA's alternative-development projects under its PIRDAIS programme (Programa de Desarrollo " +
      "Alternativo Integral y Sostenible, DEVIDA's published portfolio; DEVIDA publishes no IATI file)",
    national: true,
    type: "GOVERNMENT",
    currency: "PEN",
    weight: 24,
    size: [4_000_000, 32_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: demoOrgRef("DONANTE-A"),
    name: "Donante demo A (sintético)",
    short: "Donante demo A",
    modelledOn:
      "USAID's alternative-development activities in Peru as its IATI activity file publishes them (publisher " +
      "US-GOV-1, IATI Registry), and their suspension by the US stop-work order of 24 January 2025",
    stopWork: STOP_WORK,
    type: "GOVERNMENT",
    currency: "USD",
    weight: 14,
    size: [3_000_000, 15_000_000],
    implementerReported: 0,
    startYears: YEARS.filter(([year]) => year <= 2024),
  },
  {
    ref: demoOrgRef("DONANTE-B"),
    name: "Donante demo B (sintético)",
    short: "Donante demo B",
    modelledOn:
      "the European Commission's (DG INTPA) activities in Peru as its IATI activity file publishes them " +
      "(publisher XI-IATI-EC_INTPA, IATI Registry)",
    type: "MULTILATERAL",
    currency: "USD",
    weight: 14,
    size: [1_500_000, 8_000_000],
    implementerReported: 0.5,
    startYears: YEARS,
  },
  {
    ref: demoOrgRef("DONANTE-C"),
    name: "Donante demo C (sintético)",
    short: "Donante demo C",
    modelledOn:
      "UNDP's activities in Peru as its IATI activity file publishes them (publisher XM-DAC-41114, IATI " +
      "Registry), which it implements itself",
    type: "MULTILATERAL",
    currency: "USD",
    weight: 10,
    size: [600_000, 4_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: demoOrgRef("DONANTE-D"),
    name: "Donante demo D (sintético)",
    short: "Donante demo D",
    modelledOn:
      "Germany's BMZ activities in Peru as its IATI activity file publishes them (publisher DE-1, IATI " +
      "Registry), implemented by its development agency",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 9,
    size: [2_000_000, 8_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: demoOrgRef("DONANTE-E"),
    name: "Donante demo E (sintético)",
    short: "Donante demo E",
    modelledOn:
      "Global Affairs Canada's activities in Peru as its IATI activity file publishes them (publisher CA-3, " +
      "IATI Registry)",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 7,
    size: [1_000_000, 6_000_000],
    implementerReported: 0.5,
    startYears: YEARS,
  },
  {
    ref: demoOrgRef("DONANTE-F"),
    name: "Donante demo F (sintético)",
    short: "Donante demo F",
    modelledOn:
      "the Inter-American Development Bank's operations in Peru as its IATI activity file publishes them " +
      "(publisher XI-IATI-IADB, IATI Registry), executed by national and regional governments",
    type: "MULTILATERAL",
    currency: "USD",
    weight: 6,
    size: [5_000_000, 20_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: demoOrgRef("DONANTE-G"),
    name: "Donante demo G (sintético)",
    short: "Donante demo G",
    modelledOn:
      "the UK FCDO's activities in Peru as its IATI activity file publishes them (publisher GB-GOV-1, IATI " +
      "Registry)",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 5,
    size: [1_000_000, 5_000_000],
    implementerReported: 0.5,
    startYears: YEARS,
  },
];

/** How each funder's projects are carried out (who implements, who is accountable), by the funder it imitates. */
export const NATIONAL_FUNDER = DONORS[0] as DonorSpec;
/** The multilateral that implements its own projects. */
export const SELF_IMPLEMENTING = DONORS[3] as DonorSpec;
/** The bilateral whose development agency implements its projects (and extends them). */
export const AGENCY_IMPLEMENTED = DONORS[4] as DonorSpec;
/** The development bank whose projects national or regional governments execute. */
export const GOVERNMENT_EXECUTED = DONORS[6] as DonorSpec;

/** The national counterparts a project is accountable to, by the sector its value chain belongs to (synthetic). */
export const COUNTERPARTS = {
  mining: { ref: demoOrgRef("CONTRAPARTE-MINERIA"), name: "Contraparte nacional demo – minería (sintética)" },
  environment: {
    ref: demoOrgRef("CONTRAPARTE-AMBIENTE"),
    name: "Contraparte nacional demo – ambiente (sintética)",
  },
} as const;
/** The development agency that implements {@link AGENCY_IMPLEMENTED}'s projects (synthetic). */
export const DEVELOPMENT_AGENCY = {
  ref: demoOrgRef("AGENCIA-EJECUTORA"),
  name: "Agencia de cooperación demo (sintética)",
};

/**
 * Invented implementing organisations: identifier, name and IATI type. Their names say they are demo data, since
 * a plausible NGO name may well belong to a real association somewhere.
 */
export const IMPLEMENTERS: readonly (readonly [string, string, OrganisationType])[] = [
  ["EJECUTOR-01", "Asociación demo Amazonía Productiva (sintética)", "NATIONAL_NGO"],
  ["EJECUTOR-02", "Centro demo de Desarrollo Agroforestal (sintético)", "NATIONAL_NGO"],
  ["EJECUTOR-03", "Asociación demo para la Minería Responsable (sintética)", "NATIONAL_NGO"],
  ["EJECUTOR-04", "Instituto demo de Emprendimiento Rural (sintético)", "NATIONAL_NGO"],
  ["EJECUTOR-05", "Asociación demo Cacao y Bosque (sintética)", "NATIONAL_NGO"],
  ["EJECUTOR-06", "Asociación demo de Cafés Especiales (sintética)", "NATIONAL_NGO"],
  ["EJECUTOR-07", "Centro demo de Acuicultura Amazónica (sintético)", "NATIONAL_NGO"],
  ["EJECUTOR-08", "Asociación demo de Ecoturismo Comunitario (sintética)", "NATIONAL_NGO"],
  ["EJECUTOR-09", "Fundación demo Horizonte (sintética)", "FOUNDATION"],
  ["EJECUTOR-10", "Fundación internacional demo de Medios de Vida (sintética)", "INTERNATIONAL_NGO"],
  ["EJECUTOR-11", "Red internacional demo de Cadenas de Valor (sintética)", "INTERNATIONAL_NGO"],
  ["EJECUTOR-12", "Consorcio universitario demo (sintético)", "ACADEMIC"],
];

/** How an indicator's targets are drawn. */
export type IndicatorKind =
  | { kind: "count"; perBeneficiary: readonly [number, number] }
  | { kind: "level"; base: readonly [number, number]; gain: readonly [number, number]; decimals: number }
  | { kind: "share"; base: readonly [number, number]; gain: readonly [number, number] }
  | { kind: "ordinal" }
  | { kind: "qualitative" };

/** An indicator of a seeded results framework. */
export interface IndicatorSpec {
  title: string;
  measure: IndicatorMeasure;
  ascending: boolean;
  how: IndicatorKind;
}

/** A value chain: what a project works on, its sectors (adding up to 100), places and indicators. */
export interface ValueChain {
  key: string;
  title: string;
  purpose: string;
  sectors: readonly (readonly [DacSector, number])[];
  /** UBIGEO codes of provinces or districts where such projects work. */
  places: readonly string[];
  /** Share of beneficiaries who were miners. */
  formerMiners: readonly [number, number];
  outputs: readonly IndicatorSpec[];
  outcomes: readonly IndicatorSpec[];
  /** The national counterpart: the national funder, or the mining or environment counterpart. */
  counterpart: "national" | "mining" | "environment";
  weight: number;
}

const count = (title: string, low: number, high: number): IndicatorSpec => ({
  title,
  measure: "UNIT",
  ascending: true,
  how: { kind: "count", perBeneficiary: [low, high] },
});

const INCOME: IndicatorSpec = {
  title: "Ingreso familiar anual de fuentes lícitas (S/ por hogar)",
  measure: "UNIT",
  ascending: true,
  how: { kind: "level", base: [7_000, 12_000], gain: [0.25, 0.6], decimals: 0 },
};
const NON_MINING: IndicatorSpec = {
  title: "Hogares cuyo ingreso principal no proviene de la minería ilegal (%)",
  measure: "PERCENTAGE",
  ascending: true,
  how: { kind: "share", base: [15, 40], gain: [20, 40] },
};
const DEFORESTATION: IndicatorSpec = {
  title: "Deforestación por minería en el ámbito del proyecto (ha/año)",
  measure: "UNIT",
  ascending: false,
  how: { kind: "level", base: [150, 900], gain: [0.3, 0.6], decimals: 0 },
};
const FORMAL_MARKETS: IndicatorSpec = {
  title: "Productores que venden a mercados formales (%)",
  measure: "PERCENTAGE",
  ascending: true,
  how: { kind: "share", base: [10, 30], gain: [25, 45] },
};

/** An ordinal indicator some projects add. */
export const MATURITY: IndicatorSpec = {
  title: "Nivel de madurez organizativa de la organización de productores (escala 1–5)",
  measure: "ORDINAL",
  ascending: true,
  how: { kind: "ordinal" },
};

/** A qualitative indicator some projects add, with the narratives of its targets and actuals. */
export const BUSINESS_PLAN: IndicatorSpec = {
  title: "Plan de negocios de la organización de productores aprobado y en ejecución",
  measure: "QUALITATIVE",
  ascending: true,
  how: { kind: "qualitative" },
};
export const PLAN_TARGETS = [
  "Diagnóstico organizativo y comercial concluido",
  "Plan de negocios elaborado de forma participativa",
  "Plan de negocios aprobado por la asamblea de socios",
  "Plan de negocios en ejecución, con contratos de venta firmados",
  "Organización con ventas sostenidas sin apoyo del proyecto",
];
export const PLAN_ACTUALS = [
  "Avance conforme a lo previsto",
  "Avance parcial: la asamblea aplazó la aprobación",
  "Meta alcanzada y validada por la organización",
  "Retraso por conflictos internos de la organización",
];

export const CHAINS: readonly ValueChain[] = [
  {
    key: "cacao",
    title: "Cacao fino de aroma como alternativa a la minería ilegal",
    purpose: "instala y renueva parcelas de cacao fino de aroma y fortalece su comercialización asociativa",
    sectors: [
      ["INDUSTRIAL_CROPS", 40],
      ["AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 40],
      ["AGRICULTURAL_COOPERATIVES", 20],
    ],
    places: ["100901", "1006", "250301", "250302", "080910", "080907", "050507", "0504", "170101", "0102"],
    formerMiners: [0.05, 0.2],
    outputs: [
      count("Productores con asistencia técnica en cacao", 0.6, 1),
      count("Hectáreas de cacao instaladas o renovadas", 0.5, 1.2),
    ],
    outcomes: [
      INCOME,
      FORMAL_MARKETS,
      {
        title: "Rendimiento promedio de cacao seco (kg/ha/año)",
        measure: "UNIT",
        ascending: true,
        how: { kind: "level", base: [450, 700], gain: [0.3, 0.7], decimals: 0 },
      },
    ],
    counterpart: "national",
    weight: 16,
  },
  {
    key: "coffee",
    title: "Cafés especiales y desarrollo alternativo",
    purpose: "mejora la productividad y la calidad en taza del café y su venta a mercados especiales",
    sectors: [
      ["INDUSTRIAL_CROPS", 50],
      ["AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 30],
      ["RURAL_DEVELOPMENT", 20],
    ],
    places: ["211201", "211207", "211203", "0809", "0107", "0102", "2003", "2002"],
    formerMiners: [0.1, 0.3],
    outputs: [
      count("Productores con asistencia técnica en café", 0.6, 1),
      count("Hectáreas de café renovadas", 0.4, 1),
    ],
    outcomes: [
      INCOME,
      FORMAL_MARKETS,
      {
        title: "Rendimiento promedio de café pergamino (kg/ha/año)",
        measure: "UNIT",
        ascending: true,
        how: { kind: "level", base: [600, 900], gain: [0.3, 0.6], decimals: 0 },
      },
    ],
    counterpart: "national",
    weight: 12,
  },
  {
    key: "aquaculture",
    title: "Acuicultura familiar para familias que dejan la minería",
    purpose:
      "implementa estanques de especies amazónicas o jaulas de trucha y articula la venta en mercados locales",
    sectors: [
      ["FISHERY_DEVELOPMENT", 60],
      ["NON_AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 40],
    ],
    places: ["170104", "170101", "2501", "100901", "2101", "2104"],
    formerMiners: [0.2, 0.5],
    outputs: [
      count("Módulos acuícolas instalados", 0.2, 0.5),
      count("Personas capacitadas en manejo acuícola", 0.7, 1),
    ],
    outcomes: [
      INCOME,
      NON_MINING,
      {
        title: "Producción acuícola anual de las familias participantes (t)",
        measure: "UNIT",
        ascending: true,
        how: { kind: "level", base: [5, 30], gain: [1, 3], decimals: 1 },
      },
    ],
    counterpart: "national",
    weight: 9,
  },
  {
    key: "agroforestry",
    title: "Sistemas agroforestales en áreas degradadas por la minería",
    purpose: "instala sistemas agroforestales con especies maderables y frutales en suelos degradados",
    sectors: [
      ["FORESTRY_DEVELOPMENT", 50],
      ["AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 30],
      ["BIODIVERSITY", 20],
    ],
    places: ["170102", "170104", "1702", "2503", "081203", "0104"],
    formerMiners: [0.2, 0.5],
    outputs: [
      count("Hectáreas con sistemas agroforestales instalados", 0.5, 1.5),
      count("Familias con parcelas agroforestales", 0.6, 1),
    ],
    outcomes: [
      DEFORESTATION,
      INCOME,
      {
        title: "Sobrevivencia de plantones en campo (%)",
        measure: "PERCENTAGE",
        ascending: true,
        how: { kind: "share", base: [40, 60], gain: [15, 30] },
      },
    ],
    counterpart: "environment",
    weight: 10,
  },
  {
    key: "ecotourism",
    title: "Ecoturismo comunitario",
    purpose:
      "desarrolla emprendimientos de turismo de naturaleza gestionados por comunidades nativas y campesinas",
    sectors: [
      ["TOURISM", 60],
      ["NON_AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 25],
      ["BIOSPHERE_PROTECTION", 15],
    ],
    places: ["170101", "170103", "081203", "010402", "210301"],
    formerMiners: [0.05, 0.25],
    outputs: [
      count("Emprendimientos turísticos acondicionados", 0.02, 0.06),
      count("Personas capacitadas en servicios turísticos", 0.5, 1),
    ],
    outcomes: [
      {
        title: "Visitantes anuales a los emprendimientos",
        measure: "UNIT",
        ascending: true,
        how: { kind: "level", base: [300, 2_000], gain: [0.5, 1.5], decimals: 0 },
      },
      NON_MINING,
    ],
    counterpart: "environment",
    weight: 6,
  },
  {
    key: "reforestation",
    title: "Reforestación de áreas degradadas por la minería aurífera",
    purpose:
      "recupera con especies nativas áreas degradadas por la minería y emplea a ex mineros en la restauración",
    sectors: [
      ["FORESTRY_DEVELOPMENT", 50],
      ["BIOSPHERE_PROTECTION", 30],
      ["EMPLOYMENT_CREATION", 20],
    ],
    places: ["170102", "170204", "170104", "2103", "211002"],
    formerMiners: [0.4, 0.8],
    outputs: [
      count("Hectáreas reforestadas", 0.3, 1),
      count("Ex mineros empleados en la restauración", 0.3, 0.7),
    ],
    outcomes: [
      DEFORESTATION,
      {
        title: "Sobrevivencia de plantones en campo (%)",
        measure: "PERCENTAGE",
        ascending: true,
        how: { kind: "share", base: [40, 60], gain: [15, 30] },
      },
    ],
    counterpart: "environment",
    weight: 8,
  },
  {
    key: "gold",
    title: "Cadena de suministro responsable de oro artesanal",
    purpose:
      "acompaña a mineros artesanales en la formalización, la trazabilidad del oro y la eliminación del mercurio",
    sectors: [
      ["PRECIOUS_METALS", 50],
      ["MINING_POLICY", 30],
      ["EMPLOYMENT_CREATION", 20],
    ],
    places: ["040307", "0406", "211002", "1308", "130808", "0506", "0507", "200210", "170204"],
    formerMiners: [0.5, 0.9],
    outputs: [count("Mineros artesanales con asistencia en formalización y trazabilidad", 0.6, 1)],
    outcomes: [
      {
        title: "Oro comercializado con trazabilidad verificada (%)",
        measure: "PERCENTAGE",
        ascending: true,
        how: { kind: "share", base: [3, 15], gain: [30, 55] },
      },
      {
        title: "Mercurio utilizado en la amalgamación (kg/año)",
        measure: "UNIT",
        ascending: false,
        how: { kind: "level", base: [200, 1_500], gain: [0.4, 0.7], decimals: 0 },
      },
      INCOME,
    ],
    counterpart: "mining",
    weight: 12,
  },
  {
    key: "diversification",
    title: "Emprendimientos no mineros para familias de zonas mineras",
    purpose: "financia y acompaña emprendimientos de crianza de cuyes, textiles, talleres y servicios",
    sectors: [
      ["NON_AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 50],
      ["EMPLOYMENT_CREATION", 30],
      ["BUSINESS_DEVELOPMENT_SERVICES", 20],
    ],
    places: ["1308", "130801", "1309", "211002", "0403", "050601", "200210", "200111"],
    formerMiners: [0.3, 0.7],
    outputs: [count("Emprendimientos con capital semilla y asistencia técnica", 0.1, 0.3)],
    outcomes: [
      {
        title: "Emprendimientos no mineros en funcionamiento",
        measure: "UNIT",
        ascending: true,
        how: { kind: "level", base: [5, 30], gain: [1, 3], decimals: 0 },
      },
      NON_MINING,
      INCOME,
    ],
    counterpart: "national",
    weight: 10,
  },
  {
    key: "food",
    title: "Agricultura familiar y seguridad alimentaria",
    purpose: "diversifica la producción de alimentos y frutales de las familias y su venta en ferias locales",
    sectors: [
      ["FOOD_CROP_PRODUCTION", 40],
      ["RURAL_DEVELOPMENT", 40],
      ["AGRICULTURAL_ALTERNATIVE_DEVELOPMENT", 20],
    ],
    places: ["1308", "050601", "200210", "211207", "0505", "1006"],
    formerMiners: [0.1, 0.4],
    outputs: [count("Familias con huertos y parcelas diversificadas", 0.6, 1)],
    outcomes: [
      {
        title: "Hogares con seguridad alimentaria (%)",
        measure: "PERCENTAGE",
        ascending: true,
        how: { kind: "share", base: [30, 55], gain: [15, 30] },
      },
      INCOME,
    ],
    counterpart: "national",
    weight: 7,
  },
];

/** REINFO statuses of synthetic enrollees (seeds without known RUCs): mostly miners who left the registry. */
export const SYNTHETIC_REINFO: readonly (readonly [string | null, number])[] = [
  ["EXCLUIDO", 55],
  ["SUSPENDIDO", 20],
  ["VIGENTE", 12],
  [null, 13],
];

export const DROPOUT_REASONS = [
  "Retorno a la actividad minera",
  "Migración a otra región",
  "Motivos familiares",
  "Incumplimiento de compromisos del programa",
];
