import { enteredProvenance, type ProvenanceDoc } from "@tinkuy/kit";

/**
 * The agency whose editors write this pillar's records through the API: the Ministry of Economy and Finance's
 * directorate that runs the investment system (Invierte.pe) and its investment bank. Its open data arrives by
 * import (`npm run import:investments`), with its own OFFICIAL provenance.
 */
export const SERVICES_AGENCY = "MEF (Ministerio de Economía y Finanzas), DGPMI";

/**
 * The provenance of a record an editor writes through this pillar's API: ENTERED, by its agency, as of `at`.
 * It names no editor: provenance is public, and who entered a record is kept where only staff read it (the
 * record's `recordedBy`, the audit log).
 */
export function editorProvenance(at: Date): ProvenanceDoc {
  return enteredProvenance({ agency: SERVICES_AGENCY, at });
}
