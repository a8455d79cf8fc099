import { enteredProvenance, provenance, syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";

/**
 * The agency that owns this pillar: MINEM's Dirección General de Formalización Minera runs REINFO, so a record
 * written through the API is attributed to it (its editors are the only ones who may write here).
 */
export const OWNING_AGENCY = "MINEM – Dirección General de Formalización Minera (DGFM)";

/** Who publishes REINFO, the source of an imported extract. */
export const PUBLISHER = "Ministerio de Energía y Minas (MINEM)";

/** Where MINEM publishes REINFO (the web query; there is no downloadable list, domain §1.1). */
export const PUBLISHER_URL = "https://pad.minem.gob.pe/REINFO_WEB/Index.aspx";

/** The dataset name every demo record of this pillar carries. */
export const DEMO_DATASET = "tinkuy-demo:formalization";

/**
 * The date the demo registry describes, and its latest: the day the figures it is modelled on describe (the
 * 30-Jun-2025 purge, published by El Comercio in July 2025). Every seeded date derives from it and none is
 * later, so the demo never describes a registry nobody has published.
 */
export const DEMO_AS_OF = new Date(Date.UTC(2025, 5, 30));

/** What the demo registry imitates, and from where (domain §5). */
export const DEMO_MODELLED_ON =
  "REINFO as published: 86,121 records from 54,709 RUCs (El Comercio, July 2024), 50,565 excluded in the " +
  "30-Jun-2025 purge under DS 012-2025-EM (El Comercio, July 2025), 2,108 formalized (DGFM-MINEM via La República)";

/** The provenance of every seeded REINFO record. */
export function demoProvenance(): ProvenanceDoc {
  return syntheticProvenance({ dataset: DEMO_DATASET, asOf: DEMO_AS_OF, modelledOn: DEMO_MODELLED_ON });
}

/**
 * The provenance of a record an editor registers through the API: ENTERED by the owning agency, as of `at`.
 * It names no editor: provenance is public, and who entered a record is kept where
 * only staff read it (the record's `recordedBy`, the audit log).
 */
export function editorProvenance(at: Date): ProvenanceDoc {
  return enteredProvenance({ agency: OWNING_AGENCY, at });
}

/** The UTC day of a date, as `asOf` stores it. */
export function dayOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** The dataset name of an extract: its file name and the SHA-256 of the whole file. */
export function extractDataset(fileName: string, sha256: string): string {
  return `${fileName} sha256:${sha256}`;
}

/**
 * The provenance of a record loaded from a REINFO extract: OFFICIAL, MINEM, the file as its dataset, and the
 * row's FECHA_ACTUALIZACION (the date the import already reads the extract as describing) as its day.
 */
export function extractProvenance(dataset: string | null, sourceDate: Date, note?: string): ProvenanceDoc {
  return provenance({
    kind: "OFFICIAL",
    dataset,
    source: PUBLISHER,
    url: PUBLISHER_URL,
    asOf: dayOf(sourceDate),
    ...(note ? { note } : {}),
  });
}
