import { STRINGS, type Key, type Lang } from "../../web/i18n.ts";

/**
 * The exports' words the dashboard's dictionary (`gateway/web/i18n.ts`) does not have yet, keyed the same way; a
 * column's header is the dashboard's own label whenever the dashboard shows that figure, so a spreadsheet and the
 * page name it alike.
 */
const es = {
  ubigeo: "UBIGEO",
  COUNTRY: "País",
  DEPARTMENT: "Departamento",
  PROVINCE: "Provincia",
  DISTRICT: "Distrito",
  partial: "Parcial",
  yes: "Sí",
  no: "No",
  notes: "Notas",
  notice: "Aviso",
  percentSuffix: "(%)",
  syntheticNotice: "Contiene datos sintéticos de demostración: no son cifras oficiales",
  forbidden: "no disponible para su rol (las reglas de acceso lo reservan)",
  unavailable: "el pilar {pillar} no respondió",
  noActiveRecords: "sin denominador (ningún registro REINFO vigente al cierre del periodo)",
  noExcludedRecords: "sin denominador (ningún registro REINFO excluido al cierre del periodo)",
  noRecords: "sin denominador (ningún registro REINFO al cierre del periodo)",
  noDegradedHectares: "sin denominador (no se detectaron hectáreas degradadas en el periodo)",
  noInvestmentExecuted: "sin denominador (no se devengó inversión pública en el periodo)",
  noPopulation: "sin denominador (la región no tiene población censada por el INEI)",
  sheetData: "Indicadores",
  sheetNotes: "Notas",
  sheetSources: "Fuentes",
  exportTitle: "Tinkuy: indicadores del programa multisectorial contra la minería ilegal",
  period: "Periodo",
  level: "Nivel",
  parent: "Bajo",
  allPeru: "todo el Perú",
  granularity: "Una fila por",
  MONTH: "mes",
  QUARTER: "trimestre",
  YEAR: "año",
  wholePeriod: "región (todo el periodo)",
  generatedAt: "Generado el",
  viewer: "Vista",
  viewPublic: "pública: solo cifras agregadas",
  viewToken: "con token: se aplicaron las reglas de acceso de su rol",
  registry: "REINFO",
  registryNote:
    "las cifras REINFO son el registro al último día del periodo (de cada periodo, en una serie), o a la fecha si ese día aún no llega",
  columnsTitle: "De dónde sale cada columna (consulta GraphQL del hub, /graphql)",
  column: "Columna",
  field: "Campo",
  datasetsTitle: "Conjuntos de datos detrás de las cifras",
  kind: "Tipo",
  dataset: "Conjunto de datos",
  reason: "Motivo",
  notesTitle: "Por qué una celda está vacía",
  notesLegend:
    "Una celda vacía nunca es un cero: la columna «Notas» de cada fila dice por qué falta cada cifra, y esta hoja las lista una por una.",
  noEmptyCell: "Ninguna celda vacía.",
  bucketFrom: "Desde",
  bucketTo: "Hasta",
  rounding:
    "Tasas en porcentaje con 1 decimal; razones, soles y hectáreas con 2 decimales, redondeadas como las muestra el tablero.",
} as const;

/** A key of the exports' own words. */
export type ExportKey = keyof typeof es;

const en: Record<ExportKey, string> = {
  ubigeo: "UBIGEO",
  COUNTRY: "Country",
  DEPARTMENT: "Department",
  PROVINCE: "Province",
  DISTRICT: "District",
  partial: "Partial",
  yes: "Yes",
  no: "No",
  notes: "Notes",
  notice: "Notice",
  percentSuffix: "(%)",
  syntheticNotice: "Contains synthetic demo data: not official figures",
  forbidden: "not available to your role (the access rules reserve it)",
  unavailable: "the {pillar} pillar did not answer",
  noActiveRecords: "no denominator (no active REINFO record at the end of the period)",
  noExcludedRecords: "no denominator (no excluded REINFO record at the end of the period)",
  noRecords: "no denominator (no REINFO record at the end of the period)",
  noDegradedHectares: "no denominator (no degraded hectares detected in the period)",
  noInvestmentExecuted: "no denominator (no public investment accrued in the period)",
  noPopulation: "no denominator (INEI counts no population in the region)",
  sheetData: "Indicators",
  sheetNotes: "Notes",
  sheetSources: "Sources",
  exportTitle: "Tinkuy: indicators of the multisectoral program against illegal mining",
  period: "Period",
  level: "Level",
  parent: "Under",
  allPeru: "all of Peru",
  granularity: "One row per",
  MONTH: "month",
  QUARTER: "quarter",
  YEAR: "year",
  wholePeriod: "region (the whole period)",
  generatedAt: "Generated on",
  viewer: "View",
  viewPublic: "public: aggregate figures only",
  viewToken: "with a token: your role's access rules applied",
  registry: "REINFO",
  registryNote:
    "REINFO figures are the registry as of the period's last day (each bucket's, in a series), or today when that day has not come yet",
  columnsTitle: "Where each column comes from (the hub's GraphQL query, /graphql)",
  column: "Column",
  field: "Field",
  datasetsTitle: "Datasets behind the figures",
  kind: "Kind",
  dataset: "Dataset",
  reason: "Reason",
  notesTitle: "Why a cell is empty",
  notesLegend:
    "An empty cell is never a zero: each row's “Notes” column says why each figure is missing, and this sheet lists them one by one.",
  noEmptyCell: "No empty cell.",
  bucketFrom: "From",
  bucketTo: "To",
  rounding:
    "Rates as percentages with 1 decimal; ratios, soles and hectares with 2 decimals, rounded as the dashboard shows them.",
};

const OWN: Record<Lang, Record<ExportKey, string>> = { es, en };

/** A word of the exports in `lang`: the dashboard's (`Key`) or the exports' own (`ExportKey`). */
export function label(key: Key | ExportKey, lang: Lang): string {
  return key in OWN[lang] ? OWN[lang][key as ExportKey] : STRINGS[lang][key as Key];
}
