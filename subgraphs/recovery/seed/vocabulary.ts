/**
 * Vocabulary and published figures for the recovery seed (shared notes, domain §3 and §5). Where a figure is
 * published it is cited; shares and names that are ours (no public breakdown exists) say so.
 */
import type { DetectionSource, MonitoringParameter, ProjectStatus } from "../src/vocabulary.ts";

/** PAM inventory size: the annex of RM 338-2025-MINEM/DM (Oct 2025) has 6,116 rows. */
export const LIABILITIES_AT_SCALE_1 = 6_116;
export const INVENTORY_RESOLUTION = "RM 338-2025-MINEM/DM";

/**
 * Assessed risk at scale 1. MINEM reports 238 liabilities of high or very high risk (Anuario Minero 2024, as
 * reported); the split between the two, and the few hundred medium and low, are ours. The rest carry no risk.
 */
export const RISK_AT_SCALE_1 = { VERY_HIGH: 64, HIGH: 174, MEDIUM: 312, LOW: 186 } as const;

/**
 * Liabilities by department (INEI code). Áncash, Cajamarca, Puno and Huancavelica lead, as the Defensoría del
 * Pueblo reported; the inventory spans about 20 regions (GEOCATMIN layer). The shares themselves are ours.
 */
export const LIABILITY_DEPARTMENTS: readonly (readonly [string, number])[] = [
  ["02", 19], // Áncash
  ["06", 15], // Cajamarca
  ["21", 10], // Puno
  ["09", 9], // Huancavelica
  ["12", 7], // Junín
  ["15", 6.5], // Lima
  ["19", 6], // Pasco
  ["13", 5], // La Libertad
  ["08", 4.5], // Cusco
  ["04", 3.5], // Arequipa
  ["05", 3.5], // Ayacucho
  ["03", 2.5], // Apurímac
  ["18", 2], // Moquegua
  ["10", 2], // Huánuco
  ["23", 1.2], // Tacna
  ["11", 1], // Ica
  ["20", 0.6], // Piura
  ["01", 0.3], // Amazonas
  ["14", 0.2], // Lambayeque
  ["17", 0.2], // Madre de Dios
];

/** Provinces where legacy mining concentrates, by department: 70% of a department's liabilities fall in them. */
export const LIABILITY_HOTSPOTS: Readonly<Record<string, readonly string[]>> = {
  "02": ["0217", "0201", "0210", "0202", "0205", "0215"], // Recuay, Huaraz, Huari, Aija, Bolognesi, Pallasca
  "06": ["0607", "0601", "0612"], // Hualgayoc, Cajamarca, San Pablo
  "21": ["2107", "2110", "2103", "2101"], // Lampa, San Antonio de Putina, Carabaya, Puno
  "09": ["0901", "0904", "0903"], // Huancavelica, Castrovirreyna, Angaraes
  "12": ["1208", "1201"], // Yauli, Huancayo
  "15": ["1507", "1509", "1510", "1503"], // Huarochirí, Oyón, Yauyos, Cajatambo
  "19": ["1901", "1902"], // Pasco, Daniel Alcides Carrión
  "13": ["1310", "1308", "1306"], // Santiago de Chuco, Pataz, Otuzco
  "08": ["0808", "0807"], // Espinar, Chumbivilcas
  "04": ["0405", "0406", "0403"], // Caylloma, Condesuyos, Caravelí
  "05": ["0506", "0507"], // Lucanas, Parinacochas
  "03": ["0303", "0304"], // Antabamba, Aymaraes
  "18": ["1801"], // Mariscal Nieto
  "10": ["1003", "1001"], // Dos de Mayo, Huánuco
  "23": ["2302", "2304"], // Candarave, Tarata
};

/** River basins (CUENCA) by department, upper case without accents as stored. */
export const BASINS: Readonly<Record<string, readonly string[]>> = {
  "01": ["MARANON", "UTCUBAMBA"],
  "02": ["SANTA", "PATIVILCA", "MARANON", "FORTALEZA"],
  "03": ["APURIMAC", "PACHACHACA"],
  "04": ["OCONA", "CAMANA", "QUILCA-CHILI"],
  "05": ["ACARI", "PAMPAS", "YAUCA"],
  "06": ["JEQUETEPEQUE", "LLAUCANO", "CRISNEJAS", "CHANCAY-LAMBAYEQUE"],
  "08": ["APURIMAC", "URUBAMBA"],
  "09": ["MANTARO", "PAMPAS", "SAN JUAN", "PISCO"],
  "10": ["HUALLAGA", "MARANON"],
  "11": ["GRANDE", "ICA"],
  "12": ["MANTARO", "PERENE"],
  "13": ["MOCHE", "CHICAMA", "MARANON", "SANTA"],
  "14": ["CHANCAY-LAMBAYEQUE"],
  "15": ["RIMAC", "CHILLON", "HUAURA", "CANETE"],
  "17": ["INAMBARI", "MADRE DE DIOS"],
  "18": ["TAMBO", "ILO-MOQUEGUA"],
  "19": ["MANTARO", "HUALLAGA", "PERENE"],
  "20": ["PIURA", "CHIRA"],
  "21": ["RAMIS", "COATA", "INAMBARI", "SUCHES"],
  "23": ["LOCUMBA", "SAMA"],
};

/**
 * TIPO and SUBTIPO as seeded: the inventory's exact vocabulary is not verified (domain §6), so these are the
 * values seen in code that reads the GEOCATMIN layer (relave, desmonte de mina, escoria, tajo, bocamina…),
 * grouped under types of our choosing. Both stay open strings in the API.
 */
export const LIABILITY_TYPES: readonly (readonly [
  readonly [string, readonly (readonly [string, number])[]],
  number,
])[] = [
  [
    [
      "LABOR MINERA",
      [
        ["BOCAMINA", 55],
        ["TAJO ABIERTO", 10],
        ["CHIMENEA", 12],
        ["TRINCHERA", 13],
        ["PIQUE", 10],
      ],
    ],
    45,
  ],
  [
    [
      "RESIDUO MINERO",
      [
        ["DESMONTE DE MINA", 65],
        ["RELAVE", 28],
        ["ESCORIA", 7],
      ],
    ],
    40,
  ],
  [
    [
      "INFRAESTRUCTURA",
      [
        ["CAMPAMENTO", 45],
        ["PLANTA DE BENEFICIO", 30],
        ["POZA", 25],
      ],
    ],
    15,
  ],
];

/** Liabilities per former mining unit: mostly a handful, some large old mines with dozens. */
export const CLUSTER_SIZES: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 3], 45],
  [[4, 10], 35],
  [[11, 30], 17],
  [[31, 80], 3],
];

/** Names for former mining units, rights and companies (invented: no real company is named). */
export const UNIT_NAMES = [
  "SANTA ROSA",
  "SAN JOSE",
  "LA PRIMAVERA",
  "CORONA",
  "ESPERANZA",
  "SANTA BARBARA",
  "VIRGEN DEL CARMEN",
  "SAN ANTONIO",
  "LOS ANDES",
  "CONDORCOCHA",
  "PUCARA",
  "HUAYLLAY",
  "SAN MIGUEL",
  "SANTA ELENA",
  "LA LIBERTAD",
  "CHAUPIMAYO",
  "TICLLA",
  "RAURA ALTA",
  "SANTO TORIBIO",
  "ATAHUALPA",
] as const;
export const COMPANY_SUFFIXES = ["S.A.", "S.A.C.", "S.R.L.", "E.I.R.L."] as const;
export const COMPANY_WORDS = [
  "ANDINA",
  "DEL CENTRO",
  "AURIFERA",
  "POLIMETALICA",
  "CORDILLERA",
  "NEVADO",
  "HUASCARAN",
  "ALTIPLANO",
  "INCA",
  "PACIFICO",
] as const;
export const SURNAMES = [
  "QUISPE",
  "MAMANI",
  "HUAMAN",
  "CONDORI",
  "FLORES",
  "CHOQUE",
  "RAMOS",
  "APAZA",
] as const;
export const GIVEN_NAMES = ["JUAN", "ROSA", "PEDRO", "MARIA", "LUIS", "CARMEN", "JOSE", "ANA"] as const;

/** The state company that remediates liabilities by delegation (*encargo*) of MINEM. It carries no RUC here. */
export const AMSAC = "ACTIVOS MINEROS S.A.C.";
export const STUDIES = [
  "PLAN DE CIERRE DE PASIVOS AMBIENTALES MINEROS",
  "ESTUDIO DE INGENIERIA DE DETALLE",
  "PLAN DE CIERRE DE MINAS",
] as const;

/**
 * Hectares of degraded areas detected per year (Peru; mostly the southern Amazon). 2021 + 2022 = 18,421 ha
 * (MAAP #185); through Q1-2024 about 30,846 ha (MAAP #208); then ~9,000–15,000 ha a year as reported. 2025
 * runs to 30 June only (the seed's today: MAAP #233 was published in July 2025), at the pace of ~13,000 ha a
 * year. The split of 2021–2022 between the two years is ours.
 */
export const HECTARES_BY_YEAR: readonly (readonly [number, number])[] = [
  [2021, 9_800],
  [2022, 8_621],
  [2023, 9_904],
  [2024, 11_000],
  [2025, 6_550],
];

/** Share of detections by department: Madre de Dios dominates (97.5% of all gold-mining loss, MAAP #233). */
export const AREA_DEPARTMENTS: readonly (readonly [string, number])[] = [
  ["17", 90], // Madre de Dios
  ["21", 3.5], // Puno (Sandia, Carabaya, Ananea)
  ["08", 2], // Cusco (Camanti)
  ["10", 1.2], // Huánuco (Puerto Inca)
  ["01", 1], // Amazonas (El Cenepa)
  ["16", 0.8], // Loreto (Nanay)
  ["25", 0.8], // Ucayali
  ["13", 0.4], // La Libertad (Pataz)
  ["20", 0.3], // Piura (Suyo, Las Lomas)
];

/** Districts of each department's detections, with a weight and, in Madre de Dios, the share inside the Mining Corridor. */
export const AREA_DISTRICTS: Readonly<Record<string, readonly (readonly [string, number, number])[]>> = {
  // The corridor shares average ~74% inside, 26% outside (MAAP #208); by district they are ours.
  "17": [
    ["170102", 30, 0.8], // Inambari (Mazuko, Santa Rita, La Pampa)
    ["170104", 14, 0.85], // Laberinto
    ["170101", 16, 0.6], // Tambopata (La Pampa)
    ["170204", 15, 0.9], // Huepetuhe
    ["170203", 15, 0.85], // Madre de Dios (Boca Colorado)
    ["170103", 6, 0], // Las Piedras (Pariamanu)
    ["170201", 4, 0.3], // Manu
  ],
  "21": [
    ["211209", 25, 0],
    ["211207", 15, 0],
    ["210309", 15, 0],
    ["210303", 15, 0],
    ["211002", 20, 0],
    ["210304", 10, 0],
  ],
  "08": [["081203", 100, 0]],
  "10": [
    ["100905", 40, 0],
    ["100902", 30, 0],
    ["100901", 30, 0],
  ],
  "01": [["010402", 100, 0]],
  "16": [
    ["160102", 60, 0],
    ["160106", 40, 0],
  ],
  "25": [
    ["250301", 50, 0],
    ["250101", 50, 0],
  ],
  "13": [
    ["130809", 50, 0],
    ["130808", 50, 0],
  ],
  "20": [
    ["200210", 60, 0],
    ["200111", 40, 0],
  ],
};

/** Place names (NOMBRE_AREA) by district, for about half of the areas. */
export const PLACE_NAMES: Readonly<Record<string, readonly string[]>> = {
  "170102": ["Mazuko", "Santa Rita Baja", "Guacamayo", "La Pampa"],
  "170101": ["La Pampa", "Malinowski", "Chaspa"],
  "170104": ["Laberinto", "Fortuna", "Boca Inambari"],
  "170204": ["Huepetuhe", "Jayave", "Caychihue"],
  "170203": ["Boca Colorado", "Puquiri", "Delta 1"],
  "170103": ["Pariamanu"],
  "081203": ["Quincemil", "Nusiniscato"],
  "211002": ["La Rinconada", "Lunar de Oro"],
  "010402": ["Cenepa"],
  "160102": ["Alto Nanay"],
};

/** Detection sources and their weights (ours). */
export const AREA_SOURCES: readonly (readonly [DetectionSource, number])[] = [
  ["GEOBOSQUES", 28],
  ["MAAP", 18],
  ["AMAZON_MINING_WATCH", 18],
  ["OEFA_PIFA", 14],
  ["GORE", 10],
  ["FEMA", 7],
  ["SERNANP", 5],
];

/** A seeded restoration project: the published ones first (domain §3.2), then AMSAC's liability remediation. */
export interface ProjectPlan {
  name: string;
  ubigeo: string;
  /** Which of the seeded areas it restores: detected before `areasBefore`, in its region, optionally one place. */
  areasBefore: string;
  place?: string;
  /** Planned hectares, capped by what its areas hold (small scales). */
  targetHectares: number;
  budget: string;
  implementingAgency: string;
  fundedBy?: string;
  start: string;
  plannedEnd: string;
  /** The story told by its reports: the status it ends in, and when it finished or stopped. */
  status: ProjectStatus;
  endedOn?: string;
  /** A legacy-mining project: links the province's liabilities and a degraded area of cause OTHER. */
  liabilities?: boolean;
  monitoring: readonly MonitoringParameter[];
}

const AMAZON: readonly MonitoringParameter[] = [
  "MERCURY_IN_WATER",
  "MERCURY_IN_SEDIMENT",
  "FOREST_COVER",
  "TURBIDITY",
  "SOIL_PH",
];
const ANDES: readonly MonitoringParameter[] = ["SOIL_PH", "TOTAL_SUSPENDED_SOLIDS", "DISSOLVED_OXYGEN"];

/**
 * Budgets are illustrative except the Jayave pilot's S/20M (BID-financed, as reported); the 20,000 ha target
 * is MINAM/GOREMAD's reported plan for Madre de Dios. AMSAC's projects are typical of its remediation work.
 */
export const PROJECTS: readonly ProjectPlan[] = [
  {
    name: "Recuperación de áreas degradadas por la minería aurífera en Madre de Dios",
    ubigeo: "17",
    areasBefore: "2025-01-01",
    targetHectares: 20_000,
    budget: "250000000.00",
    implementingAgency: "Gobierno Regional de Madre de Dios (GOREMAD)",
    fundedBy: "Ministerio del Ambiente (MINAM)",
    start: "2022-03-01",
    plannedEnd: "2028-12-31",
    status: "IN_PROGRESS",
    monitoring: AMAZON,
  },
  {
    name: "Proyecto piloto de recuperación de áreas degradadas por minería en Jayave (Huepetuhe)",
    ubigeo: "170204",
    areasBefore: "2022-06-01",
    targetHectares: 150,
    budget: "20000000.00",
    implementingAgency: "Ministerio del Ambiente (MINAM)",
    fundedBy: "Banco Interamericano de Desarrollo (BID)",
    start: "2021-07-01",
    plannedEnd: "2024-12-31",
    status: "COMPLETED",
    endedOn: "2024-11-15",
    monitoring: AMAZON,
  },
  {
    name: "Restauración de La Pampa, zona de amortiguamiento de la Reserva Nacional Tambopata",
    ubigeo: "1701",
    areasBefore: "2025-06-01",
    place: "La Pampa",
    targetHectares: 1_200,
    budget: "9600000.00",
    implementingAgency: "Centro de Innovación Científica Amazónica (CINCIA)",
    start: "2021-05-01",
    plannedEnd: "2027-12-31",
    status: "IN_PROGRESS",
    monitoring: AMAZON,
  },
  {
    name: "Recuperación de áreas degradadas por minería en Camanti",
    ubigeo: "081203",
    areasBefore: "2024-01-01",
    targetHectares: 300,
    budget: "4500000.00",
    implementingAgency: "Gobierno Regional del Cusco",
    start: "2023-02-01",
    plannedEnd: "2026-12-31",
    status: "SUSPENDED",
    endedOn: "2025-04-01",
    monitoring: AMAZON,
  },
  {
    name: "Recuperación de áreas degradadas por minería aurífera en Sandia y Carabaya",
    ubigeo: "21",
    areasBefore: "2025-07-01",
    targetHectares: 800,
    budget: "15000000.00",
    implementingAgency: "Gobierno Regional de Puno",
    start: "2027-03-01",
    plannedEnd: "2030-12-31",
    status: "PLANNED",
    monitoring: AMAZON,
  },
  {
    name: "Remediación ambiental de pasivos ambientales mineros en Recuay",
    ubigeo: "0217",
    areasBefore: "2021-07-01",
    targetHectares: 45,
    budget: "38500000.00",
    implementingAgency: "Activos Mineros S.A.C. (AMSAC)",
    fundedBy: "Ministerio de Energía y Minas (MINEM)",
    start: "2021-09-01",
    plannedEnd: "2024-06-30",
    status: "COMPLETED",
    endedOn: "2023-11-14",
    liabilities: true,
    monitoring: ANDES,
  },
  {
    name: "Remediación ambiental de pasivos ambientales mineros en Hualgayoc",
    ubigeo: "0607",
    areasBefore: "2021-07-01",
    targetHectares: 60,
    budget: "62000000.00",
    implementingAgency: "Activos Mineros S.A.C. (AMSAC)",
    fundedBy: "Ministerio de Energía y Minas (MINEM)",
    start: "2022-01-10",
    plannedEnd: "2027-06-30",
    status: "IN_PROGRESS",
    liabilities: true,
    monitoring: ANDES,
  },
  {
    name: "Remediación ambiental de pasivos ambientales mineros en Pasco",
    ubigeo: "1901",
    areasBefore: "2021-07-01",
    targetHectares: 80,
    budget: "120000000.00",
    implementingAgency: "Activos Mineros S.A.C. (AMSAC)",
    fundedBy: "Ministerio de Energía y Minas (MINEM)",
    start: "2023-05-02",
    plannedEnd: "2028-12-31",
    status: "IN_PROGRESS",
    liabilities: true,
    monitoring: ANDES,
  },
  {
    name: "Remediación ambiental de pasivos ambientales mineros en Castrovirreyna",
    ubigeo: "0904",
    areasBefore: "2021-07-01",
    targetHectares: 30,
    budget: "27000000.00",
    implementingAgency: "Activos Mineros S.A.C. (AMSAC)",
    fundedBy: "Ministerio de Energía y Minas (MINEM)",
    start: "2021-10-01",
    plannedEnd: "2023-12-31",
    status: "COMPLETED",
    endedOn: "2023-12-05",
    liabilities: true,
    monitoring: ANDES,
  },
  {
    name: "Remediación ambiental de pasivos ambientales mineros en Lampa",
    ubigeo: "2107",
    areasBefore: "2021-07-01",
    targetHectares: 25,
    budget: "45000000.00",
    implementingAgency: "Activos Mineros S.A.C. (AMSAC)",
    fundedBy: "Ministerio de Energía y Minas (MINEM)",
    start: "2027-01-15",
    plannedEnd: "2029-12-31",
    status: "PLANNED",
    liabilities: true,
    monitoring: ANDES,
  },
];

/** How each monitored parameter evolves as restoration works: from a start value towards an end value. */
export const TRENDS: Readonly<
  Record<MonitoringParameter, { start: number; end: number; months: number; noise: number }>
> = {
  MERCURY_IN_WATER: { start: 0.0042, end: 0.0011, months: 30, noise: 0.12 },
  MERCURY_IN_SEDIMENT: { start: 0.45, end: 0.18, months: 36, noise: 0.1 },
  FOREST_COVER: { start: 3, end: 58, months: 40, noise: 0.06 },
  TURBIDITY: { start: 380, end: 60, months: 24, noise: 0.15 },
  SOIL_PH: { start: 4.3, end: 5.4, months: 30, noise: 0.03 },
  TOTAL_SUSPENDED_SOLIDS: { start: 180, end: 35, months: 20, noise: 0.15 },
  DISSOLVED_OXYGEN: { start: 4.6, end: 7.4, months: 24, noise: 0.05 },
};

/** Soil pH where acid drainage from legacy mining is neutralised (AMSAC's projects): a steeper rise. */
export const ACID_SOIL_PH = { start: 3.4, end: 6.2, months: 24, noise: 0.03 } as const;
