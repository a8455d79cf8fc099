/**
 * What the services demo data is made of: shares, cost ranges and the words MEF's public-investment bank uses.
 * Every figure here is an assumption of the demo, chosen to look like the bank's open data (Invierte.pe, Banco
 * de Inversiones) in the hub's mining regions; none is a published total, and no name is a real investment's.
 */

/** Projects at scale 1: a sample of the bank's size in the hub's regions, not its national total. */
export const PROJECTS_AT_SCALE_1 = 3_000;

/** The first year a demo investment is registered in. */
export const FIRST_YEAR = 2019;

/**
 * From this year on, accruals are given by month (the bank's open data details the months of recent years);
 * before it, by year only, so a period that cuts an older year shows what the month rule leaves out.
 */
export const MONTHLY_FROM = 2024;

/**
 * The first CUI of the demo range: the demo's CUIs are 9000001 onwards, a range MEF had not assigned when the
 * demo was made (the CUIs it assigns begin with 2). Demo range, never a real CUI.
 */
export const FIRST_DEMO_CUI = 9_000_001;

/** Smallest and largest viable cost of a demo investment, in soles. */
export const COST_RANGE = { min: 300_000, max: 80_000_000 } as const;

/**
 * Departments (INEI code) and their weight in the demo: the mining regions the other pillars' demo data uses
 * (Madre de Dios, Puno, La Libertad, Arequipa, Piura, Cusco, Ayacucho, Amazonas, Loreto, Huánuco, Ucayali,
 * San Martín) weigh most; every other department gets some investment too.
 */
export const DEPARTMENT_WEIGHTS: readonly (readonly [string, number])[] = [
  ["17", 10],
  ["21", 10],
  ["13", 9],
  ["04", 8],
  ["20", 7],
  ["08", 7],
  ["05", 6],
  ["01", 5],
  ["16", 5],
  ["10", 5],
  ["25", 4],
  ["22", 4],
  ["02", 2],
  ["03", 2],
  ["06", 2],
  ["07", 1],
  ["09", 2],
  ["11", 2],
  ["12", 2],
  ["14", 2],
  ["15", 3],
  ["18", 1],
  ["19", 2],
  ["23", 1],
  ["24", 1],
];

/**
 * The mining districts and provinces of each target department, the same places the other pillars' demo data
 * concentrates on (eradication's hotspots): half of a target department's investments lie there.
 */
export const MINING_PLACES: Readonly<Record<string, readonly string[]>> = {
  "17": ["170102", "170104", "170101", "170204", "170203"], // Inambari, Laberinto, Tambopata, Huepetuhe
  "13": ["1308"], // Pataz
  "01": ["010402", "010401", "010403"], // Condorcanqui
  "25": ["2503", "2502", "250104"], // Padre Abad, Atalaya, Masisea
  "22": ["2206", "2210", "2202"], // Mariscal Cáceres, Tocache, Bellavista
  "16": ["160102", "160113", "1607"], // Alto Nanay, San Juan Bautista, Datem del Marañón
  "21": ["211002", "2103", "2112"], // Ananea, Carabaya, Sandia
  "20": ["200210", "200111", "2002"], // Suyo, Las Lomas, Ayabaca
  "04": ["040307", "0403", "0406"], // Chala, Caravelí, Condesuyos
  "10": ["1009", "1006"], // Puerto Inca, Leoncio Prado
  "08": ["081203", "081209"], // Camanti, Marcapata
  "05": ["0506", "0507", "0508"], // Lucanas, Parinacochas, Páucar del Sara Sara
};

/** Who executes, and how often: most public investment in districts is local governments'. */
export const LEVEL_WEIGHTS: readonly (readonly ["LOCAL" | "REGIONAL" | "NATIONAL", number])[] = [
  ["LOCAL", 68],
  ["REGIONAL", 20],
  ["NATIONAL", 12],
];

/** How much larger a regional or national investment is than a local one of the same function. */
export const LEVEL_COST_FACTOR = { LOCAL: 1, REGIONAL: 3, NATIONAL: 4 } as const;

/** A function's share of the demo investments, its typical cost and MEF's divisions and groups for it. */
export interface FunctionProfile {
  /** MEF's two-digit function code. */
  code: string;
  /** Relative number of investments. */
  weight: number;
  /** Median viable cost of a local government's investment, in soles (log-normal around it). */
  median: number;
  /** What its investments do (the "servicio" of an Invierte.pe name), each with the division and group MEF files it under. */
  services: readonly { service: string; programme: string; subprogramme: string }[];
}

/**
 * The functions (MEF's functional classifier) with investments in the demo: every one but 25 (DEUDA PUBLICA),
 * under which no investment is registered (debt service is not investment). Shares and costs look like the bank's
 * districts: roads, water and schools most, hospitals and trunk roads dearest.
 */
export const FUNCTIONS: readonly FunctionProfile[] = [
  {
    code: "15",
    weight: 24,
    median: 6_000_000,
    services: [
      {
        service: "SERVICIO DE TRANSITABILIDAD VEHICULAR Y PEATONAL",
        programme: "TRANSPORTE URBANO",
        subprogramme: "VIAS URBANAS",
      },
      {
        service: "SERVICIO DE TRANSITABILIDAD VIAL INTERURBANA",
        programme: "TRANSPORTE TERRESTRE",
        subprogramme: "VIAS VECINALES",
      },
      {
        service: "SERVICIO DE TRANSITABILIDAD DEL CAMINO DEPARTAMENTAL",
        programme: "TRANSPORTE TERRESTRE",
        subprogramme: "VIAS DEPARTAMENTALES",
      },
      {
        service: "SERVICIO DE EMBARQUE Y DESEMBARQUE FLUVIAL",
        programme: "TRANSPORTE HIDROVIARIO",
        subprogramme: "PUERTOS Y TERMINALES FLUVIALES Y LACUSTRES",
      },
    ],
  },
  {
    code: "18",
    weight: 18,
    median: 4_500_000,
    services: [
      {
        service: "SERVICIO DE AGUA POTABLE Y SANEAMIENTO",
        programme: "SANEAMIENTO",
        subprogramme: "SANEAMIENTO URBANO",
      },
      {
        service: "SERVICIO DE AGUA POTABLE Y SANEAMIENTO RURAL",
        programme: "SANEAMIENTO",
        subprogramme: "SANEAMIENTO RURAL",
      },
      {
        service: "SERVICIO DE ALCANTARILLADO Y TRATAMIENTO DE AGUAS RESIDUALES",
        programme: "SANEAMIENTO",
        subprogramme: "SANEAMIENTO URBANO",
      },
    ],
  },
  {
    code: "22",
    weight: 14,
    median: 4_000_000,
    services: [
      {
        service: "SERVICIO DE EDUCACION INICIAL",
        programme: "EDUCACION BASICA",
        subprogramme: "EDUCACION INICIAL",
      },
      {
        service: "SERVICIO DE EDUCACION PRIMARIA",
        programme: "EDUCACION BASICA",
        subprogramme: "EDUCACION PRIMARIA",
      },
      {
        service: "SERVICIO DE EDUCACION SECUNDARIA",
        programme: "EDUCACION BASICA",
        subprogramme: "EDUCACION SECUNDARIA",
      },
      {
        service: "SERVICIO DE EDUCACION SUPERIOR TECNOLOGICA",
        programme: "EDUCACION SUPERIOR",
        subprogramme: "EDUCACION SUPERIOR TECNOLOGICA",
      },
    ],
  },
  {
    code: "10",
    weight: 10,
    median: 3_000_000,
    services: [
      {
        service: "SERVICIO DE AGUA PARA RIEGO",
        programme: "RIEGO",
        subprogramme: "INFRAESTRUCTURA DE RIEGO",
      },
      {
        service: "SERVICIO DE APOYO AL DESARROLLO PRODUCTIVO AGRARIO",
        programme: "AGRARIO",
        subprogramme: "PROMOCION DE LA PRODUCCION AGRARIA",
      },
      {
        service: "SERVICIO DE APOYO A LA CADENA PRODUCTIVA PECUARIA",
        programme: "PECUARIO",
        subprogramme: "PROMOCION DE LA PRODUCCION PECUARIA",
      },
    ],
  },
  {
    code: "20",
    weight: 7,
    median: 6_000_000,
    services: [
      {
        service: "SERVICIO DE ATENCION DE SALUD BASICA",
        programme: "SALUD INDIVIDUAL",
        subprogramme: "ATENCION MEDICA BASICA",
      },
      {
        service: "SERVICIO DE ATENCION DE SALUD ESPECIALIZADA",
        programme: "SALUD INDIVIDUAL",
        subprogramme: "ATENCION MEDICA ESPECIALIZADA",
      },
    ],
  },
  {
    code: "19",
    weight: 7,
    median: 1_500_000,
    services: [
      {
        service: "SERVICIO DE MOVILIDAD URBANA Y ESPACIOS PUBLICOS",
        programme: "DESARROLLO URBANO",
        subprogramme: "PLANEAMIENTO URBANO",
      },
      {
        service: "SERVICIO DE ALUMBRADO PUBLICO",
        programme: "DESARROLLO URBANO",
        subprogramme: "ALUMBRADO PUBLICO",
      },
    ],
  },
  {
    code: "21",
    weight: 5,
    median: 1_200_000,
    services: [
      {
        service: "SERVICIO DE PRACTICA DEPORTIVA Y RECREATIVA",
        programme: "DEPORTES",
        subprogramme: "INFRAESTRUCTURA DEPORTIVA",
      },
      {
        service: "SERVICIO CULTURAL",
        programme: "CULTURA",
        subprogramme: "PROMOCION Y DESARROLLO CULTURAL",
      },
    ],
  },
  {
    code: "12",
    weight: 4,
    median: 2_500_000,
    services: [
      {
        service: "SERVICIO DE ENERGIA ELECTRICA MEDIANTE SISTEMA CONVENCIONAL",
        programme: "ENERGIA ELECTRICA",
        subprogramme: "DISTRIBUCION DE ENERGIA ELECTRICA",
      },
      {
        service: "SERVICIO DE ENERGIA ELECTRICA MEDIANTE SISTEMA FOTOVOLTAICO",
        programme: "ENERGIA ELECTRICA",
        subprogramme: "GENERACION DE ENERGIA ELECTRICA",
      },
    ],
  },
  {
    code: "05",
    weight: 3,
    median: 1_000_000,
    services: [
      {
        service: "SERVICIO DE SERENAZGO",
        programme: "ORDEN INTERNO",
        subprogramme: "OPERACIONES POLICIALES",
      },
      {
        service: "SERVICIO DE PROTECCION FRENTE A INUNDACIONES",
        programme: "GESTION DE RIESGOS Y EMERGENCIAS",
        subprogramme: "PREVENCION DE DESASTRES",
      },
    ],
  },
  {
    code: "17",
    weight: 3,
    median: 2_000_000,
    services: [
      {
        service: "SERVICIO DE LIMPIEZA PUBLICA",
        programme: "GESTION INTEGRAL DE LA CALIDAD AMBIENTAL",
        subprogramme: "GESTION INTEGRAL DE RESIDUOS SOLIDOS",
      },
      {
        service: "SERVICIO ECOSISTEMICO DE REGULACION HIDRICA",
        programme: "DESARROLLO ESTRATEGICO, CONSERVACION Y APROVECHAMIENTO SOSTENIBLE DEL PATRIMONIO NATURAL",
        subprogramme:
          "CONSERVACION Y APROVECHAMIENTO SOSTENIBLE DE LA DIVERSIDAD BIOLOGICA Y DE LOS RECURSOS NATURALES",
      },
    ],
  },
  {
    code: "03",
    weight: 2,
    median: 800_000,
    services: [
      {
        service: "SERVICIO DE GESTION INSTITUCIONAL",
        programme: "GESTION",
        subprogramme: "ASESORAMIENTO Y APOYO",
      },
      {
        service: "SERVICIO DE INFORMACION CATASTRAL",
        programme: "PLANEAMIENTO GUBERNAMENTAL",
        subprogramme: "PLANEAMIENTO INSTITUCIONAL",
      },
    ],
  },
  {
    code: "16",
    weight: 1,
    median: 3_000_000,
    services: [
      {
        service: "SERVICIO DE ACCESO A INTERNET",
        programme: "TELECOMUNICACIONES",
        subprogramme: "SERVICIOS DE TELECOMUNICACIONES",
      },
    ],
  },
  {
    code: "09",
    weight: 1,
    median: 1_500_000,
    services: [
      {
        service: "SERVICIO DE INFORMACION Y ORIENTACION TURISTICA",
        programme: "TURISMO",
        subprogramme: "PROMOCION DEL TURISMO",
      },
    ],
  },
  {
    code: "23",
    weight: 0.6,
    median: 900_000,
    services: [
      {
        service: "SERVICIO DE PROTECCION SOCIAL A POBLACION VULNERABLE",
        programme: "ASISTENCIA SOCIAL",
        subprogramme: "DESARROLLO DE CAPACIDADES SOCIALES Y ECONOMICAS",
      },
    ],
  },
  {
    code: "08",
    weight: 0.5,
    median: 1_500_000,
    services: [
      {
        service: "SERVICIO DE COMERCIALIZACION DE PRODUCTOS EN MERCADOS DE ABASTOS",
        programme: "COMERCIO",
        subprogramme: "PROMOCION DEL COMERCIO INTERNO",
      },
    ],
  },
  {
    code: "11",
    weight: 0.3,
    median: 1_000_000,
    services: [
      {
        service: "SERVICIO DE APOYO A LA PRODUCCION ACUICOLA",
        programme: "PESCA",
        subprogramme: "PROMOCION DE LA PRODUCCION PESQUERA",
      },
    ],
  },
  {
    code: "13",
    weight: 0.3,
    median: 1_200_000,
    services: [
      {
        service: "SERVICIO DE APOYO A LA FORMALIZACION MINERA",
        programme: "MINERIA",
        subprogramme: "PROMOCION MINERA",
      },
    ],
  },
  {
    code: "06",
    weight: 0.3,
    median: 5_000_000,
    services: [
      {
        service: "SERVICIO DE ADMINISTRACION DE JUSTICIA",
        programme: "JUSTICIA",
        subprogramme: "ADMINISTRACION DE JUSTICIA",
      },
    ],
  },
  {
    code: "04",
    weight: 0.2,
    median: 4_000_000,
    services: [
      {
        service: "SERVICIO DE VIGILANCIA Y CONTROL DE FRONTERA",
        programme: "DEFENSA",
        subprogramme: "DEFENSA TERRESTRE",
      },
    ],
  },
  {
    code: "14",
    weight: 0.15,
    median: 1_500_000,
    services: [
      {
        service: "SERVICIO DE APOYO A LA TRANSFORMACION PRODUCTIVA",
        programme: "INDUSTRIA",
        subprogramme: "PROMOCION DE LA INDUSTRIA",
      },
    ],
  },
  {
    code: "07",
    weight: 0.1,
    median: 1_000_000,
    services: [
      {
        service: "SERVICIO DE CAPACITACION LABORAL",
        programme: "TRABAJO",
        subprogramme: "PROMOCION LABORAL",
      },
    ],
  },
  {
    code: "24",
    weight: 0.05,
    median: 2_000_000,
    services: [
      {
        service: "SERVICIO DE ATENCION AL ASEGURADO PREVISIONAL",
        programme: "PREVISION SOCIAL",
        subprogramme: "SISTEMAS DE PENSIONES",
      },
    ],
  },
  {
    code: "02",
    weight: 0.05,
    median: 3_000_000,
    services: [
      {
        service: "SERVICIO CONSULAR DESCENTRALIZADO",
        programme: "RELACIONES EXTERIORES",
        subprogramme: "SERVICIO DIPLOMATICO",
      },
    ],
  },
  {
    code: "01",
    weight: 0.05,
    median: 3_000_000,
    services: [
      {
        service: "SERVICIO DE REPRESENTACION PARLAMENTARIA DESCENTRALIZADA",
        programme: "LEGISLATIVA",
        subprogramme: "PROCESO LEGISLATIVO",
      },
    ],
  },
];

/** The nature of an intervention, the first words of an Invierte.pe name, and how often. */
export const NATURES: readonly (readonly [string, number])[] = [
  ["MEJORAMIENTO DEL", 40],
  ["CREACION DEL", 25],
  ["MEJORAMIENTO Y AMPLIACION DEL", 18],
  ["AMPLIACION DEL", 8],
  ["RECUPERACION DEL", 6],
  ["REHABILITACION DEL", 3],
];

/** Months a project spends in each stage (uniform between the bounds), and how its life may end early. */
export const LIFE_CYCLE = {
  /** From registration to viability. */
  formulationMonths: [1, 10],
  /** From viability to the first day in execution. */
  viableMonths: [2, 16],
  /** In execution, grows with the cost: the bounds for the cheapest and the dearest. */
  executionMonths: [6, 48],
  /** Share deactivated in formulation, while viable, and during execution. */
  deactivated: { formulation: 0.06, viable: 0.08, execution: 0.03 },
  /** Share with an updated cost (costo actualizado) once viable. */
  withUpdatedCost: 0.75,
} as const;
