/**
 * Vocabulary for the livelihoods seed: real funders with their IATI organisation identifiers, the value chains
 * that alternative-development programmes in Peru's mining regions work with, and the places they work in
 * (INEI UBIGEO). Implementing organisations other than public bodies are invented (with generated RUCs), so that
 * no real organisation is credited with invented projects.
 */
import type { Currency, DacSector, IndicatorMeasure, OrganisationType } from "../src/iati.ts";

/** A funder of the seeded portfolio. */
export interface DonorSpec {
  /** IATI organisation identifier. */
  ref: string;
  name: string;
  short: string;
  type: OrganisationType;
  currency: Currency;
  /** Relative share of the portfolio's projects. */
  weight: number;
  /** Size of one project, in its currency (whole units). */
  size: readonly [number, number];
  /** Share of its projects published by the implementer (incoming commitments and funds) rather than itself. */
  implementerReported: number;
  /** Years its projects may start in (USAID's none after 2024: US foreign assistance stopped in January 2025). */
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
  [2026, 1],
  [2027, 0.5],
] as const;

/**
 * Identifiers as IATI publishers use them: `US-GOV-1` USAID, `XI-IATI-EC_INTPA` the European Commission's
 * DG INTPA, `XM-DAC-41114` UNDP, `DE-1` BMZ, `CA-3` Global Affairs Canada, `XI-IATI-IADB` the Inter-American
 * Development Bank (`XM-DAC-903` is the IFC), `GB-GOV-1` the UK's FCDO; DEVIDA by its RUC (`PE-RUC-`).
 */
export const DONORS: readonly DonorSpec[] = [
  {
    ref: "PE-RUC-20339267821",
    name: "Comisión Nacional para el Desarrollo y Vida sin Drogas (DEVIDA)",
    short: "DEVIDA",
    type: "GOVERNMENT",
    currency: "PEN",
    weight: 24,
    size: [4_000_000, 32_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: "US-GOV-1",
    name: "Agencia de los Estados Unidos para el Desarrollo Internacional (USAID)",
    short: "USAID",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 14,
    size: [3_000_000, 15_000_000],
    implementerReported: 0,
    startYears: YEARS.filter(([year]) => year <= 2024),
  },
  {
    ref: "XI-IATI-EC_INTPA",
    name: "Comisión Europea – Dirección General de Asociaciones Internacionales (INTPA)",
    short: "Unión Europea",
    type: "MULTILATERAL",
    currency: "USD",
    weight: 14,
    size: [1_500_000, 8_000_000],
    implementerReported: 0.5,
    startYears: YEARS,
  },
  {
    ref: "XM-DAC-41114",
    name: "Programa de las Naciones Unidas para el Desarrollo (PNUD)",
    short: "PNUD",
    type: "MULTILATERAL",
    currency: "USD",
    weight: 10,
    size: [600_000, 4_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: "DE-1",
    name: "Ministerio Federal de Cooperación Económica y Desarrollo de Alemania (BMZ)",
    short: "Cooperación Alemana",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 9,
    size: [2_000_000, 8_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: "CA-3",
    name: "Asuntos Globales Canadá (Global Affairs Canada)",
    short: "Canadá",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 7,
    size: [1_000_000, 6_000_000],
    implementerReported: 0.5,
    startYears: YEARS,
  },
  {
    ref: "XI-IATI-IADB",
    name: "Banco Interamericano de Desarrollo (BID)",
    short: "BID",
    type: "MULTILATERAL",
    currency: "USD",
    weight: 6,
    size: [5_000_000, 20_000_000],
    implementerReported: 0,
    startYears: YEARS,
  },
  {
    ref: "GB-GOV-1",
    name: "Ministerio de Relaciones Exteriores, Commonwealth y Desarrollo del Reino Unido (FCDO)",
    short: "Reino Unido",
    type: "GOVERNMENT",
    currency: "USD",
    weight: 5,
    size: [1_000_000, 5_000_000],
    implementerReported: 0.5,
    startYears: YEARS,
  },
];

/** Public bodies that take part (real references where the RUC is published in domain notes). */
export const DEVIDA = DONORS[0] as DonorSpec;
export const MINEM = { ref: "PE-RUC-20131368829", name: "Ministerio de Energía y Minas (MINEM)" };
export const MINAM = { ref: null, name: "Ministerio del Ambiente (MINAM)" };
export const GIZ = {
  ref: "XM-DAC-5-52",
  name: "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
};

/** Invented implementing organisations: name and IATI type. */
export const IMPLEMENTERS: readonly (readonly [string, OrganisationType])[] = [
  ["Asociación Amazonía Productiva", "NATIONAL_NGO"],
  ["Centro de Desarrollo Agroforestal del Sur", "NATIONAL_NGO"],
  ["Asociación para la Minería Responsable y el Desarrollo Local", "NATIONAL_NGO"],
  ["Instituto Andino de Emprendimiento Rural", "NATIONAL_NGO"],
  ["Asociación Cacao y Bosque", "NATIONAL_NGO"],
  ["Asociación de Cafés Especiales de Altura", "NATIONAL_NGO"],
  ["Centro de Estudios para la Acuicultura Amazónica", "NATIONAL_NGO"],
  ["Asociación de Ecoturismo Comunitario Amazónico", "NATIONAL_NGO"],
  ["Fundación Horizonte Verde", "FOUNDATION"],
  ["Fundación Internacional Medios de Vida Sostenibles", "INTERNATIONAL_NGO"],
  ["Red Internacional de Cadenas de Valor Inclusivas", "INTERNATIONAL_NGO"],
  ["Consorcio Universitario para el Desarrollo Amazónico", "ACADEMIC"],
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
  counterpart: "DEVIDA" | "MINEM" | "MINAM";
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
    counterpart: "DEVIDA",
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
    counterpart: "DEVIDA",
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
    counterpart: "DEVIDA",
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
    counterpart: "MINAM",
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
    counterpart: "MINAM",
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
    counterpart: "MINAM",
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
    counterpart: "MINEM",
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
    counterpart: "DEVIDA",
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
    counterpart: "DEVIDA",
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
