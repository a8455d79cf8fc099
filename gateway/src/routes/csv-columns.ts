import type { FigureSource, RegionFigures } from "../../operations/region-figures.ts";

/** A CSV column: where its figure is in a region of `REGION_FIGURES`, and its header in each language. */
interface Column {
  es: string;
  en: string;
  value: (region: RegionFigures, lang: "es" | "en") => number | string | null | undefined;
}

/** Every dataset behind a region's figures, once each: the cross-pillar indicators', then the pillars' in order. */
function sourcesOf(region: RegionFigures): FigureSource[] {
  const all = [
    ...(region.indicators?.sources ?? []),
    ...(region.formalization?.sources ?? []),
    ...(region.eradication?.sources ?? []),
    ...(region.recovery?.sources ?? []),
    ...(region.livelihoods?.sources ?? []),
  ];
  const seen = new Map<string, FigureSource>();
  for (const source of all) seen.set(`${source.kind} ${source.dataset ?? ""}`, source);
  return [...seen.values()];
}

/** What a reader must know before using a row: said in the row itself, since a spreadsheet shows no headers. */
const SYNTHETIC_NOTICE = {
  es: "Contiene datos sintéticos de demostración: no son cifras oficiales",
  en: "Contains synthetic demo data: not official figures",
} as const;

const indicator = (name: string, es: string, en: string): Column => ({
  es,
  en,
  value: (r) => {
    const figure = r.indicators?.[name];
    return Array.isArray(figure) ? undefined : figure;
  },
});
const of =
  <K extends "formalization" | "recovery">(pillar: K, name: string) =>
  (r: RegionFigures) =>
    r[pillar]?.[name];

/** The columns, in order: the region, the cross-pillar indicators, then each pillar's figures. */
export const CSV_COLUMNS: readonly Column[] = [
  { es: "UBIGEO", en: "UBIGEO", value: (r) => r.ubigeo },
  { es: "Departamento", en: "Department", value: (r) => r.name },
  indicator("activeRecords", "Registros REINFO vigentes", "Active REINFO records"),
  indicator(
    "operationsPerThousandActiveRecords",
    "Operativos por mil registros vigentes",
    "Operations per thousand active records",
  ),
  indicator(
    "valueSeizedPerActiveRecord",
    "Valor incautado por registro vigente (S/)",
    "Value seized per active record (PEN)",
  ),
  indicator(
    "restoredPerDegradedHectare",
    "Hectáreas restauradas por hectárea degradada",
    "Hectares restored per degraded hectare",
  ),
  indicator(
    "degradedHectaresPerActiveRecord",
    "Hectáreas degradadas por registro vigente",
    "Degraded hectares per active record",
  ),
  indicator(
    "formerMinerBeneficiariesPerExcludedRecord",
    "Beneficiarios ex mineros por registro excluido",
    "Former-miner beneficiaries per excluded record",
  ),
  { es: "REINFO: registros", en: "REINFO: records", value: of("formalization", "total") },
  { es: "REINFO: vigentes", en: "REINFO: active", value: of("formalization", "active") },
  { es: "REINFO: suspendidos", en: "REINFO: suspended", value: of("formalization", "suspended") },
  { es: "REINFO: excluidos", en: "REINFO: excluded", value: of("formalization", "excluded") },
  { es: "REINFO: formalizados", en: "REINFO: formalized", value: of("formalization", "formalized") },
  {
    es: "REINFO: tasa de formalización",
    en: "REINFO: formalization rate",
    value: of("formalization", "formalizationRate"),
  },
  { es: "Operativos de interdicción", en: "Enforcement operations", value: (r) => r.eradication?.operations },
  {
    es: "Valor destruido o incautado (S/)",
    en: "Value destroyed or seized (PEN)",
    value: (r) => r.eradication?.value,
  },
  { es: "Detenidos", en: "Arrests", value: (r) => r.eradication?.arrests },
  {
    es: "Puestos de control permanentes",
    en: "Permanent security outposts",
    value: (r) => r.eradication?.outposts?.length,
  },
  { es: "Hectáreas degradadas", en: "Hectares degraded", value: of("recovery", "hectaresDegraded") },
  { es: "Hectáreas restauradas", en: "Hectares restored", value: of("recovery", "hectaresRestored") },
  { es: "Ratio de restauración", en: "Restoration ratio", value: of("recovery", "restorationRatio") },
  {
    es: "Proyectos de medios de vida activos",
    en: "Active livelihood projects",
    value: (r) => r.livelihoods?.activeProjects,
  },
  { es: "Beneficiarios", en: "Beneficiaries", value: (r) => r.livelihoods?.beneficiaries.total },
  {
    es: "Beneficiarias mujeres",
    en: "Women beneficiaries",
    value: (r) => r.livelihoods?.beneficiaries.women,
  },
  {
    es: "Beneficiarios ex mineros",
    en: "Former-miner beneficiaries",
    value: (r) => r.livelihoods?.beneficiaries.formerMiners,
  },
  {
    es: "Fuentes",
    en: "Sources",
    value: (r) =>
      sourcesOf(r)
        .map((source) => (source.dataset ? `${source.kind} ${source.dataset}` : source.kind))
        .join("; "),
  },
  {
    es: "Aviso",
    en: "Notice",
    value: (r, lang) =>
      sourcesOf(r).some((source) => source.kind === "SYNTHETIC") ? SYNTHETIC_NOTICE[lang] : "",
  },
];
