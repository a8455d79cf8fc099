/**
 * Published figures and vocabulary the REINFO seed draws from (shared notes, domain §5). Figures with a
 * source say so; the rest are our own assumptions, chosen to look plausible, and are marked as such.
 */
import type { Estado } from "../src/status.ts";

type Weights<T> = readonly (readonly [T, number])[];

/** Records at scale 1: REINFO in July 2024 (El Comercio: 86,121 records from 54,709 RUCs). */
export const RECORDS_AT_SCALE_1 = 86_121;

/**
 * Records by status at scale 1. The 30-Jun-2025 purge excluded 50,565; of those that stayed, 4,988 had been
 * suspended for a year or less; 2,108 have been formalized since 2017. VIGENTE takes the rest.
 */
export const STATUS_AT_SCALE_1: Readonly<Record<Estado, number>> = {
  EXCLUIDO: 50_565,
  SUSPENDIDO: 4_988,
  FORMALIZADO: 2_108,
  VIGENTE: RECORDS_AT_SCALE_1 - 50_565 - 4_988 - 2_108,
};

/**
 * How much more likely a record of a department is to have been excluded than the average one: Puno
 * (suspension rate 83%, "12,000 → ~4,000") above, Madre de Dios (67%) below. Ours, fitted to those rates.
 */
export const EXCLUSION_FACTOR: Readonly<Record<string, number>> = { "21": 1.37, "17": 0.76, "04": 1.05 };
export const EXCLUSION_FACTOR_DEFAULT = 0.93;

/**
 * Share of registrations by department (INEI code). Arequipa 19.2%, Puno 14.3% and Madre de Dios 10.6% are
 * published; the others are ours, spread over departments with artisanal mining. Callao has none.
 */
export const DEPARTMENT_SHARES: Weights<string> = [
  ["04", 19.2], // Arequipa
  ["21", 14.3], // Puno
  ["17", 10.6], // Madre de Dios
  ["13", 7.5], // La Libertad
  ["05", 7.0], // Ayacucho
  ["03", 5.0], // Apurímac
  ["08", 4.6], // Cusco
  ["20", 4.5], // Piura
  ["11", 4.2], // Ica
  ["06", 3.0], // Cajamarca
  ["10", 2.8], // Huánuco
  ["01", 2.6], // Amazonas
  ["12", 2.5], // Junín
  ["09", 2.3], // Huancavelica
  ["02", 2.2], // Áncash
  ["15", 2.0], // Lima
  ["18", 1.4], // Moquegua
  ["23", 1.0], // Tacna
  ["19", 0.9], // Pasco
  ["22", 0.8], // San Martín
  ["16", 0.7], // Loreto
  ["25", 0.7], // Ucayali
  ["14", 0.5], // Lambayeque
  ["24", 0.2], // Tumbes
];

/**
 * Where a department's registrations concentrate (domain §2 codes), as percentages of the department: a
 * district code takes its weight, a province code spreads it over its districts, and what is left goes to
 * all of the department's districts evenly. The weights are ours.
 */
export const HOTSPOTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  // Caravelí (Chala), Camaná (Secocha = 040203), Condesuyos
  "04": { "040307": 12, "0403": 34, "040203": 8, "0402": 6, "0406": 12 },
  "21": { "211002": 32, "2110": 6, "2103": 14, "2112": 16 }, // Ananea (La Rinconada), Carabaya, Sandia
  // Inambari, Huepetuhe, Laberinto, Tambopata, Madre de Dios (Boca Colorado), Manu
  "17": { "170102": 16, "170204": 16, "170104": 14, "170101": 12, "170203": 12, "1702": 4 },
  "13": { "1308": 55, "1309": 10, "1306": 5 }, // Pataz, Sánchez Carrión, Otuzco
  "05": { "0506": 30, "0507": 20, "0508": 10 }, // Lucanas, Parinacochas, Páucar del Sara Sara
  "03": { "0303": 20, "0304": 20, "0307": 15 }, // Antabamba, Aymaraes, Grau
  "08": { "081203": 35, "0812": 15 }, // Camanti, Quispicanchi
  "20": { "200210": 40, "200111": 10, "2002": 15, "2003": 5 }, // Suyo, Las Lomas, Ayabaca, Huancabamba
  "11": { "110301": 30, "1103": 20, "1104": 15 }, // Nasca, Palpa
  "01": { "010402": 50, "0104": 15 }, // El Cenepa, Condorcanqui
  "10": { "1009": 40, "1006": 10 }, // Puerto Inca, Leoncio Prado
};

/**
 * Registrations per RUC: 68.6% hold one, the rest follow a power law (exponent 3.3, up to 60), fitted so
 * that 86,121 records come from ~54,700 RUCs of which ~216 hold more than 10 (El Comercio, July 2024).
 */
export const SINGLE_REGISTRATION_SHARE = 0.686;
export const REGISTRATIONS_EXPONENT = 3.3;
export const MAX_REGISTRATIONS = 60;
/** The largest holder: "one person holds 77" (El Comercio, July 2024); one per 86,121 records. */
export const LARGEST_HOLDING = 77;

/** Registration year (A_INSCRIPCION) by status, ours: the excluded and the formalized registered early. */
export const YEAR_WEIGHTS: Readonly<Record<Estado, Readonly<Record<number, number>>>> = {
  EXCLUIDO: { 2017: 50, 2018: 18, 2019: 12, 2020: 10, 2021: 6, 2022: 3, 2023: 1 },
  FORMALIZADO: { 2017: 45, 2018: 20, 2019: 12, 2020: 10, 2021: 8, 2022: 4, 2023: 1 },
  VIGENTE: { 2017: 34, 2018: 15, 2019: 10, 2020: 8, 2021: 10, 2022: 8, 2023: 6, 2024: 5, 2025: 4 },
  SUSPENDIDO: { 2017: 34, 2018: 15, 2019: 10, 2020: 8, 2021: 10, 2022: 8, 2023: 6, 2024: 5, 2025: 4 },
};

/**
 * Suspension reasons reported by MINEM (no active RUC, no semiannual production declaration, no IGAFOM),
 * plus the missing contract that also suspends a record (domain §1.1).
 */
export const SUSPENSION_REASONS = [
  "No cuenta con RUC activo",
  "No presentó la declaración semestral de producción",
  "No presentó el Instrumento de Gestión Ambiental para la Formalización (IGAFOM)",
  "No acreditó contrato de explotación o de cesión vigente",
] as const;

/** TIPO_ACT values: not verified against a live extract (domain §6), so a few plausible ones. */
export const ACTIVITY_TYPES: Weights<string> = [
  ["EXPLOTACION", 70],
  ["EXPLOTACION Y BENEFICIO", 20],
  ["BENEFICIO", 10],
];

/** Most informal miners register as natural persons; large holders more often as companies. Ours. */
export const PERSON_SHARE = 0.82;
export const PERSON_SHARE_LARGE_HOLDER = 0.55;

/** Surnames in rough order of frequency in the southern Andes; drawn with weight 1/(rank + 4). Ours. */
export const SURNAMES = (
  "QUISPE MAMANI CONDORI HUAMAN FLORES CHOQUE APAZA TICONA HUANCA ROJAS RAMOS SANCHEZ MENDOZA CHAVEZ " +
  "VARGAS CCAHUANA PUMA YUPANQUI GUTIERREZ TORRES ZAPATA CASTILLO LAURA CUTIPA PARI HUARCAYA ALVAREZ " +
  "PACHECO HUILLCA LOPEZ GARCIA CRUZ VILCA CALLA CCOPA CHIPANA PAREDES COAQUIRA AGUILAR MEDINA CHURA " +
  "CARDENAS HUACHACA ESPINOZA CARRASCO SULLCA VALENCIA"
).split(" ");

export const GIVEN_NAMES = (
  "JUAN ROSA MARIA JOSE LUIS CARLOS ELENA PEDRO JULIA FELIPE VICTOR NANCY EDWIN YOLANDA WILBER SONIA HUGO " +
  "MARLENI FREDY GLADYS ALEJANDRO SABINA PERCY RUTH ELMER MERY HILARIO DELIA NESTOR FLORA RENE MARCELINO " +
  "EDGAR TEODORA WALTER LIZBETH ALFREDO JHON YENY ROLANDO"
).split(" ");

export const COMPANY_WORDS = (
  "SAN JUAN|VIRGEN DEL ROSARIO|LOS ANDES|SOL DE ORO|INTI|APU|CONDOR|ESPERANZA|SANTA ROSA|NUEVO AMANECER|" +
  "EL DORADO|WARI|ILLARI|PUCARA|HUAYNA|CHASKA|SEÑOR DE QOYLLURITI|SIERRA SUR|RIO INAMBARI|" +
  "AURIFERA SECOCHA|CERRO LUNAR|VETA DE ORO|LOS INCAS|AMAUTA|KORI WAYTA|SANTA FILOMENA|" +
  "LA POSTERGADA|ESTRELLA DEL SUR"
).split("|");

export const COMPANY_FORMS: Weights<string> = [
  ["MINERA {w} S.A.C.", 40],
  ["CORPORACION MINERA {w} E.I.R.L.", 15],
  ["{w} E.I.R.L.", 10],
  ["SOCIEDAD MINERA {w} S.R.L.", 15],
  ["COOPERATIVA MINERA {w} LTDA", 8],
  ["CONTRATISTAS MINEROS {w} S.A.C.", 12],
];

export const RIGHT_NAMES = (
  "VIRGEN DEL CARMEN|SAN JUAN DE DIOS|SEÑOR DE LOS MILAGROS|SANTA ROSA|CRUZ DE MOTUPE|VIRGEN DE CHAPI|" +
  "SAN MARTIN DE PORRES|NUEVA ESPERANZA|LOS TRES HERMANOS|DOS DE MAYO|EL PORVENIR|SANTA BARBARA|" +
  "VIRGEN DE LA CANDELARIA|SAN FRANCISCO|TESORO|CHAMPITO|ACUMULACION SANTA ANA|EL CONDOR DE ORO|MINA BELEN|" +
  "SAN CRISTOBAL|VETA ROSARIO"
).split("|");

/** Endings of right names: claims are often numbered ("SAN JUAN DE DIOS I", "VIRGEN DEL CARMEN 2"). */
export const RIGHT_SUFFIXES = ["", "", " I", " II", " III", " 2", " 3", " 2000", " 7", " 1-A"] as const;

/** First two digits of ID_UNIDAD: 01 and 75 as in real codes (010149108, 750001619), the others ours. */
export const RIGHT_PREFIXES = ["01", "05", "07", "10", "11", "52", "54", "62", "65", "75"] as const;

/**
 * Share of a district's registrations on one of a few shared rights: many informal miners work one titled
 * concession under contracts (domain §1.1, contrato de explotación o cesión). Ours.
 */
export const SHARED_RIGHT_SHARE = 0.3;
