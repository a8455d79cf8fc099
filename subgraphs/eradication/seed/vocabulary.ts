/**
 * Published figures and plausible proportions for the enforcement seed (shared notes, domain §5: PCM's 2024 and
 * 2025 totals, operations by region to 26-Sep-2025, the Pataz state of emergency and its named operations,
 * DICAPI's January 2025 river interdiction). Where no figure is published (prices, staffing, caseloads) the
 * values are plausible assumptions, marked as such.
 */
import type {
  Agency,
  ItemAction,
  ItemType,
  OperationType,
  QuantityUnit,
  SourceKind,
} from "../src/vocabulary.ts";

/** A span of the seed with a published (or extrapolated) number of operations and valuation. */
export interface SeedWindow {
  label: string;
  from: string;
  /** Last day, included. */
  to: string;
  /** Operations at scale 1, the named ones included. */
  operations: number;
  /** Valuation at scale 1, in céntimos, the named operations included. */
  cents: number;
  /** Only the named operations, as reported at every scale: nothing is generated in this span. */
  reportedOnly?: true;
}

/** PCM's 2025 figure to 26 September: 737 PNP operations worth S/ 2,604,944,201.50. */
const PACE_2025 = { operations: 737, cents: 260_494_420_150 };

/**
 * The seed's spans, each ending on the day of the published figure it is modelled on, never after (issue 13: a
 * generated operation dated after PCM's last published figure would pass for one it never published). 2024: 740
 * operations and "more than S/ 2,200 million" (Gestión, quoting PCM's high commissioner); 2025 to 26 September:
 * PCM's figures exactly (PCM via net360), its last published figure. After it, only the operations the press
 * reported by name, each on its own report's day (the last, «Atoq», on 21-Oct-2025), and nothing generated.
 */
export const WINDOWS: readonly SeedWindow[] = [
  { label: "2024", from: "2024-01-01", to: "2024-12-31", operations: 740, cents: 223_156_000_000 },
  {
    label: "2025 to 26 September",
    from: "2025-01-01",
    to: "2025-09-26",
    operations: PACE_2025.operations,
    cents: PACE_2025.cents,
  },
  {
    label: "27 September to 21 October 2025 (reported operations only)",
    from: "2025-09-27",
    to: "2025-10-21",
    operations: 1,
    cents: 62_890_000,
    reportedOnly: true,
  },
];

/** The last day any seeded record is dated: the last operation the press reported (21-Oct-2025). */
export const LAST_SEEDED_DAY = "2025-10-21";

/**
 * Operations by department (INEI code) to 26-Sep-2025: PCM's published counts for the first six (Madre de Dios
 * 193, La Libertad 88, Amazonas 56, Ucayali ~55, San Martín 39, Loreto 34), then a plausible split of the other
 * 272 in the published order (Puno, Piura, Arequipa, Huánuco, Cusco, Ayacucho, …). The same shares shape the
 * other spans.
 */
export const DEPARTMENT_QUOTAS: readonly (readonly [string, number])[] = [
  ["17", 193],
  ["13", 88],
  ["01", 56],
  ["25", 55],
  ["22", 39],
  ["16", 34],
  ["21", 30],
  ["20", 28],
  ["04", 26],
  ["10", 24],
  ["08", 22],
  ["05", 20],
  ["12", 16],
  ["03", 14],
  ["06", 14],
  ["19", 12],
  ["09", 12],
  ["11", 12],
  ["15", 10],
  ["02", 10],
  ["18", 8],
  ["23", 6],
  ["14", 4],
  ["24", 4],
];

/**
 * Where enforcement concentrates in each department: provinces or districts (UBIGEO), chosen for 80% of its
 * operations; the rest fall anywhere in the department.
 */
export const HOTSPOTS: Readonly<Record<string, readonly string[]>> = {
  "17": ["170102", "170104", "170101", "170204", "170203"], // Inambari (La Pampa), Laberinto, Tambopata, Huepetuhe
  "13": ["1308"], // Pataz
  "01": ["010402", "010401", "010403"], // Condorcanqui: El Cenepa, Nieva, Río Santiago
  "25": ["2503", "2502", "250104"], // Padre Abad, Atalaya, Masisea
  "22": ["2206", "2210", "2202"], // Mariscal Cáceres (Huicungo), Tocache, Bellavista
  "16": ["160102", "160113", "1607"], // Alto Nanay, San Juan Bautista, Datem del Marañón
  "21": ["211002", "2103", "2112"], // Ananea (La Rinconada), Carabaya, Sandia
  "20": ["200210", "200111", "2002"], // Suyo, Las Lomas, Ayabaca
  "04": ["040307", "0403", "0406"], // Chala, Caravelí, Condesuyos
  "10": ["1009", "1006"], // Puerto Inca, Leoncio Prado
  "08": ["081203", "081209"], // Camanti, Marcapata
  "05": ["0506", "0507", "0508"], // Lucanas, Parinacochas, Páucar del Sara Sara
};

/** Share of a department's operations against alluvial (river) mining; the rest is hard-rock mining. */
export const ALLUVIAL_SHARE: Readonly<Record<string, number>> = {
  "17": 0.95,
  "25": 0.95,
  "16": 0.95,
  "01": 0.9,
  "22": 0.9,
  "10": 0.85,
  "08": 0.8,
  "21": 0.4,
  "12": 0.4,
  "19": 0.2,
};
export const ALLUVIAL_DEFAULT = 0.05;

/** The Pataz state of emergency (DS 060-2025-PCM, extended by DS 122-2025-PCM to 6-Dec-2025), CUPAZ since 8 May. */
export const PATAZ_EMERGENCY = { province: "1308", from: "2025-05-08", to: "2025-12-06" };

type Weighted<T> = readonly (readonly [T, number])[];

export const TYPES_ALLUVIAL: Weighted<OperationType> = [
  ["RIVER_INTERDICTION", 35],
  ["INTERDICTION", 45],
  ["SEIZURE", 8],
  ["CONTROL_POST_CHECK", 8],
  ["PATROL", 4],
];
export const TYPES_HARD_ROCK: Weighted<OperationType> = [
  ["INTERDICTION", 65],
  ["SEIZURE", 12],
  ["CONTROL_POST_CHECK", 12],
  ["PATROL", 11],
];
export const TYPES_PATAZ_EMERGENCY: Weighted<OperationType> = [
  ["INTEGRATED_OPERATION", 50],
  ["INTERDICTION", 30],
  ["PATROL", 10],
  ["CONTROL_POST_CHECK", 10],
];

/** Which items each kind of operation finds (weights), and how many result lines it reports. */
export const ITEMS_BY_KIND: Readonly<
  Record<string, { items: Weighted<ItemType>; lines: readonly [number, number] }>
> = {
  RIVER: {
    items: [
      ["BALSA_CARRANCHERA", 5],
      ["DREDGE", 3],
      ["ENGINE", 5],
      ["SUCTION_PUMP", 4],
      ["MOTOR_PUMP", 2],
      ["FUEL", 3],
      ["MERCURY", 1],
      ["CAMP", 2],
      ["GENERATOR", 1],
    ],
    lines: [2, 5],
  },
  ALLUVIAL_LAND: {
    items: [
      ["EXCAVATOR", 3],
      ["FRONT_LOADER", 2],
      ["DUMP_TRUCK", 1],
      ["ENGINE", 4],
      ["SUCTION_PUMP", 3],
      ["MOTOR_PUMP", 3],
      ["CAMP", 4],
      ["FUEL", 3],
      ["MERCURY", 1],
      ["GENERATOR", 2],
      ["DREDGE", 1],
    ],
    lines: [2, 5],
  },
  HARD_ROCK: {
    items: [
      ["MINE_ENTRANCE", 4],
      ["EXPLOSIVES", 3],
      ["COMPRESSOR", 3],
      ["GENERATOR", 3],
      ["PROCESSING_PLANT", 2],
      ["GOLD_ORE", 2],
      ["CAMP", 3],
      ["MERCURY", 1],
      ["BACKHOE", 1],
      ["FUEL", 1],
    ],
    lines: [2, 4],
  },
  SEIZURE: {
    items: [
      ["MERCURY", 3],
      ["FUEL", 4],
      ["EXPLOSIVES", 3],
      ["GOLD_ORE", 3],
      ["DUMP_TRUCK", 1],
    ],
    lines: [1, 2],
  },
  CONTROL_POST: {
    items: [
      ["FUEL", 5],
      ["MERCURY", 2],
      ["EXPLOSIVES", 2],
      ["GOLD_ORE", 2],
    ],
    lines: [1, 1],
  },
  PATROL: {
    items: [
      ["CAMP", 3],
      ["ENGINE", 1],
      ["MOTOR_PUMP", 1],
      ["EXPLOSIVES", 1],
    ],
    lines: [0, 1],
  },
};

/** How an item is counted and valued: quantity range per unit, and price range per unit in soles (assumed). */
export interface ItemProfile {
  units: Weighted<QuantityUnit>;
  quantity: Readonly<Partial<Record<QuantityUnit, readonly [number, number]>>>;
  price: Readonly<Partial<Record<QuantityUnit, readonly [number, number]>>>;
}

const unitsOnly = (quantity: readonly [number, number], price: readonly [number, number]): ItemProfile => ({
  units: [["UNITS", 1]],
  quantity: { UNITS: quantity },
  price: { UNITS: price },
});

/**
 * Quantities and unit prices (soles) by item: plausible market values of machinery and inputs, assumed (the
 * reports give totals, not prices). The seed scales every span's valuations to its published total.
 */
export const ITEM_PROFILES: Readonly<Record<ItemType, ItemProfile>> = {
  EXCAVATOR: unitsOnly([1, 3], [450_000, 1_300_000]),
  FRONT_LOADER: unitsOnly([1, 2], [350_000, 800_000]),
  BACKHOE: unitsOnly([1, 2], [250_000, 550_000]),
  DUMP_TRUCK: unitsOnly([1, 3], [180_000, 450_000]),
  ENGINE: unitsOnly([1, 12], [8_000, 45_000]),
  SUCTION_PUMP: unitsOnly([1, 10], [6_000, 28_000]),
  MOTOR_PUMP: unitsOnly([1, 8], [3_000, 12_000]),
  DREDGE: unitsOnly([1, 4], [400_000, 2_500_000]),
  BALSA_CARRANCHERA: unitsOnly([1, 20], [45_000, 110_000]),
  GENERATOR: unitsOnly([1, 5], [6_000, 45_000]),
  COMPRESSOR: unitsOnly([1, 4], [25_000, 150_000]),
  CAMP: unitsOnly([1, 8], [4_000, 35_000]),
  MINE_ENTRANCE: unitsOnly([1, 4], [300_000, 3_500_000]),
  PROCESSING_PLANT: unitsOnly([1, 2], [400_000, 4_000_000]),
  EXPLOSIVES: {
    units: [
      ["KILOGRAMS", 8],
      ["UNITS", 2],
    ],
    quantity: { KILOGRAMS: [10, 600], UNITS: [50, 2_000] },
    price: { KILOGRAMS: [18, 45], UNITS: [3, 8] },
  },
  MERCURY: {
    units: [["KILOGRAMS", 1]],
    quantity: { KILOGRAMS: [0.5, 60] },
    price: { KILOGRAMS: [350, 900] },
  },
  FUEL: {
    units: [
      ["GALLONS", 9],
      ["LITRES", 1],
    ],
    quantity: { GALLONS: [50, 4_000], LITRES: [200, 15_000] },
    price: { GALLONS: [14, 20], LITRES: [3.7, 5.3] },
  },
  GOLD_ORE: {
    units: [
      ["TONNES", 9],
      ["KILOGRAMS", 1],
    ],
    quantity: { TONNES: [0.5, 120], KILOGRAMS: [50, 5_000] },
    price: { TONNES: [900, 4_500], KILOGRAMS: [0.9, 4.5] },
  },
};

/** Inputs that are carried off as evidence; machinery is destroyed in place (DL 1100) unless seized. */
export const INPUTS: ReadonlySet<ItemType> = new Set(["EXPLOSIVES", "MERCURY", "FUEL", "GOLD_ORE"]);

/** One line of a named operation, as reported or split plausibly from the reported total. */
export interface NamedLine {
  item: ItemType;
  action: ItemAction;
  quantity: number;
  unit: QuantityUnit;
  cents: number;
}

/** An operation the press reported by name or by its figures; seeded as reported at every scale. */
export interface NamedOperation {
  name: string | null;
  date: string;
  district: string;
  type: OperationType;
  agencies: Agency[];
  legalBasis: string;
  results: NamedLine[];
  arrests: number;
  source: { kind: SourceKind; reference: string };
}

const PATAZ_AGENCIES: Agency[] = ["ARMED_FORCES_CUPAZ", "PNP_DIRECTORATE_ENVIRONMENT", "FEMA"];
const PATAZ_BASIS = "DL 1100; DS 060-2025-PCM";

/** The named operations of domain §5. Totals are as reported; splits between items are assumed. */
export const NAMED_OPERATIONS: readonly NamedOperation[] = [
  {
    name: null,
    date: "2025-01-14",
    district: "170104",
    type: "RIVER_INTERDICTION",
    agencies: ["NAVY_DICAPI", "PNP_DIRECTORATE_ENVIRONMENT", "FEMA"],
    legalBasis: "DL 1100",
    results: [
      { item: "BALSA_CARRANCHERA", action: "DESTROYED", quantity: 49, unit: "UNITS", cents: 362_600_000 },
      { item: "ENGINE", action: "DESTROYED", quantity: 29, unit: "UNITS", cents: 72_500_000 },
      { item: "SUCTION_PUMP", action: "DESTROYED", quantity: 26, unit: "UNITS", cents: 41_900_000 },
    ],
    arrests: 0,
    source: {
      kind: "PRESS_RELEASE",
      reference:
        "DICAPI: 49 balsas carrancheras, 29 motores y 26 bombas de succión destruidos (S/ 4.77 millones), 12–17 ene 2025, según TV Perú",
    },
  },
  {
    name: "Suyubamba",
    date: "2025-07-24",
    district: "130809",
    type: "INTEGRATED_OPERATION",
    agencies: PATAZ_AGENCIES,
    legalBasis: PATAZ_BASIS,
    results: [
      { item: "MINE_ENTRANCE", action: "DESTROYED", quantity: 12, unit: "UNITS", cents: 2_760_000_000 },
      { item: "PROCESSING_PLANT", action: "DESTROYED", quantity: 5, unit: "UNITS", cents: 840_000_000 },
    ],
    arrests: 0,
    source: {
      kind: "PRESS_RELEASE",
      reference: "CUPAZ: operación en Suyubamba, 12 bocaminas y 5 plantas (S/ 36 millones), según la prensa",
    },
  },
  {
    name: "Choque Amaru",
    date: "2025-08-19",
    district: "130809",
    type: "INTEGRATED_OPERATION",
    agencies: PATAZ_AGENCIES,
    legalBasis: PATAZ_BASIS,
    results: [
      { item: "MINE_ENTRANCE", action: "DESTROYED", quantity: 4, unit: "UNITS", cents: 2_400_000_000 },
    ],
    arrests: 0,
    source: {
      kind: "PRESS_RELEASE",
      reference:
        "CUPAZ: operación «Choque Amaru» en Ciénaga, 4 bocaminas (S/ 24 millones), agosto de 2025, según Diario Correo",
    },
  },
  {
    name: "Kallpa Wayka",
    date: "2025-09-16",
    district: "130808",
    type: "INTEGRATED_OPERATION",
    agencies: PATAZ_AGENCIES,
    legalBasis: PATAZ_BASIS,
    results: [
      { item: "MINE_ENTRANCE", action: "DESTROYED", quantity: 1, unit: "UNITS", cents: 180_000_000 },
      { item: "COMPRESSOR", action: "DESTROYED", quantity: 2, unit: "UNITS", cents: 19_050_000 },
      { item: "GENERATOR", action: "DESTROYED", quantity: 2, unit: "UNITS", cents: 20_000_000 },
      { item: "EXPLOSIVES", action: "SEIZED", quantity: 250, unit: "KILOGRAMS", cents: 950_000 },
    ],
    arrests: 2,
    source: {
      kind: "PRESS_RELEASE",
      reference: "CUPAZ: operación «Kallpa Wayka» (S/ 2.2 millones), septiembre de 2025, según la prensa",
    },
  },
  {
    name: "Atoq",
    date: "2025-10-21",
    district: "130809",
    type: "INTEGRATED_OPERATION",
    agencies: PATAZ_AGENCIES,
    legalBasis: PATAZ_BASIS,
    results: [
      { item: "GENERATOR", action: "DESTROYED", quantity: 3, unit: "UNITS", cents: 6_070_000 },
      { item: "CAMP", action: "DESTROYED", quantity: 4, unit: "UNITS", cents: 20_000_000 },
      { item: "EXPLOSIVES", action: "SEIZED", quantity: 180, unit: "KILOGRAMS", cents: 720_000 },
      { item: "GOLD_ORE", action: "SEIZED", quantity: 95, unit: "TONNES", cents: 36_100_000 },
    ],
    arrests: 1,
    source: {
      kind: "PRESS_RELEASE",
      reference: "CUPAZ: operación «Atoq» (S/ 628,900), octubre de 2025, según la prensa",
    },
  },
];

/**
 * The three permanent control posts of the Pataz unified command (CUPAZ). Their names are published; the
 * districts, opening days, staffing and coordinates are assumed.
 */
export const OUTPOSTS = [
  {
    id: "SO-PATAZ-SHICUN",
    name: "Shicún",
    district: "130809",
    openedOn: "2025-05-20",
    staffing: 60,
    offset: [0.03, 0.02],
  },
  {
    id: "SO-PATAZ-CALQUICHE",
    name: "Calquiche",
    district: "130809",
    openedOn: "2025-06-10",
    staffing: 45,
    offset: [-0.04, 0.03],
  },
  {
    id: "SO-PATAZ-PAMPARACRA",
    name: "Pamparacra",
    district: "130808",
    openedOn: "2025-06-24",
    staffing: 50,
    offset: [0.02, -0.03],
  },
] as const;

/**
 * FEMA offices beyond one per department seat: a second in Madre de Dios (Inambari, on the Interoceanic road)
 * and one being set up in Pataz with no prosecutor assigned yet. Assumed, like every office's staffing.
 */
export const EXTRA_OFFICES = [
  {
    id: "FEMA-17-02",
    name: "Fiscalía Provincial Especializada en Materia Ambiental de Inambari (Mazuko)",
    district: "170102",
  },
  {
    id: "FEMA-13-02",
    name: "Fiscalía Provincial Especializada en Materia Ambiental de Pataz (en implementación)",
    district: "130801",
  },
] as const;

/**
 * Days of the offices' semiannual caseload reports, oldest first: none after the seed's operations end (the
 * offices' figures are assumptions, modelled on no dated publication, so they stop with the rest of the seed).
 */
export const CASELOAD_REPORT_DAYS = ["2024-06-30", "2024-12-31", "2025-06-30"] as const;

/** From this report on, the Pataz office being set up (no prosecutor yet) has cases waiting (assumed). */
export const PATAZ_OFFICE_CASES_FROM = "2025-06-30";
