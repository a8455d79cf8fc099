/**
 * Vocabulary and published proportions for the REINFO seed (see shared notes, domain §5: shares by
 * department as reported by Videnza / ahora.com.pe; the 2025 purge under DS 012-2025-EM; ~2% formalized).
 */

/** Share of registrations by department (INEI code); Arequipa, Puno and Madre de Dios as published. */
export const DEPARTMENT_SHARES: readonly (readonly [string, number])[] = [
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
 * Provinces (or single districts) where artisanal mining concentrates, by department; 65% of a department's
 * registrations fall in them, the rest anywhere in the department.
 */
export const HOTSPOTS: Readonly<Record<string, readonly string[]>> = {
  "04": ["0403", "0406", "0402", "040307"], // Caravelí (Chala), Condesuyos, Camaná
  "21": ["2110", "211002", "2103", "2112"], // San Antonio de Putina (Ananea / La Rinconada), Carabaya, Sandia
  "17": ["1701", "170102", "170104", "1702", "170204"], // Tambopata (Inambari, Laberinto), Manu (Huepetuhe)
  "13": ["1308", "1309", "1306"], // Pataz, Sánchez Carrión, Otuzco
  "05": ["0506", "0507", "0508"], // Lucanas, Parinacochas, Páucar del Sara Sara
  "03": ["0303", "0304", "0307"], // Antabamba, Aymaraes, Grau
  "08": ["0812", "081203"], // Quispicanchi (Camanti)
  "20": ["2002", "200210", "2003"], // Ayabaca (Suyo), Huancabamba
  "11": ["1103", "110301", "1104"], // Nasca, Palpa
  "01": ["0104", "010402"], // Condorcanqui (El Cenepa)
  "10": ["1009", "1006"], // Puerto Inca, Leoncio Prado
};

/** Share of records excluded in the 2025 purge, by department (Puno's suspension rate was the highest). */
export const EXCLUSION_BY_DEPARTMENT: Readonly<Record<string, number>> = {
  "21": 0.66,
  "17": 0.52,
  "04": 0.6,
};
export const EXCLUSION_DEFAULT = 0.58;
export const FORMALIZED_SHARE = 0.0245;
/** Of the records that stayed after the purge, the share suspended within the last year. */
export const SUSPENDED_SHARE_OF_REMAINING = 0.15;

/** Registrations per year (A_INSCRIPCION): the 2017 mass registration, then a slower flow. */
export const YEAR_WEIGHTS: readonly (readonly [number, number])[] = [
  [2017, 34],
  [2018, 15],
  [2019, 10],
  [2020, 8],
  [2021, 10],
  [2022, 8],
  [2023, 6],
  [2024, 5],
  [2025, 4],
];

/** How many registrations one RUC holds: mostly one, a long tail (216 RUCs held more than 10 in 2024). */
export const REGISTRATIONS_PER_RUC: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 1], 80],
  [[2, 2], 11],
  [[3, 3], 3.5],
  [[4, 10], 5.1],
  [[11, 40], 0.4],
];

export const SUSPENSION_REASONS = [
  "No cuenta con RUC activo",
  "No presentó la declaración semestral de producción",
  "No presentó el Instrumento de Gestión Ambiental para la Formalización (IGAFOM)",
  "No acreditó contrato de explotación o de cesión vigente",
] as const;

export const ACTIVITY_TYPES: readonly (readonly [string, number])[] = [
  ["EXPLOTACION", 70],
  ["EXPLOTACION Y BENEFICIO", 20],
  ["BENEFICIO", 10],
];

export const SURNAMES = [
  "QUISPE",
  "MAMANI",
  "HUAMAN",
  "CONDORI",
  "FLORES",
  "CHOQUE",
  "RAMOS",
  "APAZA",
  "TICONA",
  "VARGAS",
  "CCAHUANA",
  "HUANCA",
  "PUMA",
  "YUPANQUI",
  "ROJAS",
  "GUTIERREZ",
  "SANCHEZ",
  "MENDOZA",
  "TORRES",
  "CHAVEZ",
  "QUISPE",
  "ZAPATA",
  "CASTILLO",
  "LAURA",
  "CUTIPA",
  "PARI",
  "CALLA",
  "HUARCAYA",
  "ALVAREZ",
  "PACHECO",
] as const;

export const GIVEN_NAMES = [
  "JUAN",
  "ROSA",
  "MARIA",
  "JOSE",
  "LUIS",
  "CARLOS",
  "ELENA",
  "PEDRO",
  "JULIA",
  "FELIPE",
  "VICTOR",
  "NANCY",
  "EDWIN",
  "YOLANDA",
  "WILBER",
  "SONIA",
  "HUGO",
  "MARLENI",
  "FREDY",
  "GLADYS",
  "ALEJANDRO",
  "SABINA",
] as const;

export const COMPANY_WORDS = [
  "SAN JUAN",
  "VIRGEN DEL ROSARIO",
  "LOS ANDES",
  "SOL DE ORO",
  "INTI",
  "APU",
  "CONDOR",
  "ESPERANZA",
  "SANTA ROSA",
  "NUEVO AMANECER",
  "EL DORADO",
  "WARI",
  "AMAZONAS GOLD",
  "ILLARI",
  "PUCARA",
  "HUAYNA",
  "CHASKA",
  "SEÑOR DE QOYLLURITI",
  "SIERRA SUR",
  "RIO INAMBARI",
] as const;

export const COMPANY_FORMS = [
  ["MINERA {w} S.A.C.", 40],
  ["CORPORACION MINERA {w} E.I.R.L.", 20],
  ["SOCIEDAD MINERA {w} S.R.L.", 15],
  ["COOPERATIVA MINERA {w} LTDA", 10],
  ["CONTRATISTAS MINEROS {w} S.A.C.", 15],
] as const;

export const RIGHT_NAMES = [
  "VIRGEN DEL CARMEN",
  "SAN JUAN DE DIOS",
  "SEÑOR DE LOS MILAGROS",
  "SANTA ROSA",
  "CRUZ DE MOTUPE",
  "VIRGEN DE CHAPI",
  "SAN MARTIN DE PORRES",
  "NUEVA ESPERANZA",
  "LOS TRES HERMANOS",
  "DOS DE MAYO",
  "EL PORVENIR",
  "SANTA BARBARA",
  "VIRGEN DE LA CANDELARIA",
  "SAN FRANCISCO",
  "TESORO",
] as const;

/** INGEMMET code prefixes seen in real ID_UNIDAD values (e.g. 010149108, 750001619). */
export const RIGHT_PREFIXES = ["01", "05", "07", "10", "11", "52", "54", "62", "65", "75"] as const;

export const ROMAN = ["", " I", " II", " III", " 2", " 3", " 2000", " 7"] as const;
