import { enteredProvenance, syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";

/**
 * The agency whose editors write this pillar's records through the API: the Ministry of the Environment, which
 * leads the recovery of areas degraded by mining (the MINAM/GOREMAD plan for Madre de Dios) and the monitoring of
 * their restoration. MINEM owns the liability inventory itself, but that arrives by import, never by mutation.
 */
export const RECOVERY_AGENCY = "MINAM (Ministerio del Ambiente)";

/** The provenance of a record an editor writes through this pillar's API: ENTERED, by its agency, as of `at`. */
export function editorProvenance(editor: string, at: Date): ProvenanceDoc {
  return enteredProvenance({ agency: RECOVERY_AGENCY, editor, at });
}

/** The demo generator's dataset name: every seeded record of this pillar names it. */
export const DEMO_DATASET = "tinkuy-demo:recovery";

/** The resolution whose annex the demo liabilities imitate. */
const PAM_RESOLUTION = "RM 338-2025-MINEM/DM";

/**
 * What a demo liability says in place of the resolution that lists a real row: its rows are generated, so none
 * may pass for a row of RM 338-2025-MINEM/DM's annex.
 */
export const DEMO_RESOLUTION = `synthetic, modelled on ${PAM_RESOLUTION}`;

/**
 * What each kind of demo record imitates, and whose figure it is. Kept beside the serving code (not in `seed/`)
 * because the start-up migration recognises data an earlier seed wrote and must describe it the same way.
 */
export const DEMO_MODELLED_ON = {
  liability: `MINEM's PAM inventory approved by ${PAM_RESOLUTION}`,
  risk: "MINEM's 238 liabilities of high or very high risk (Anuario Minero 2024, as reported in the press)",
  area:
    "MAAP's gold-mining deforestation figures for southern Peru (MAAP #185: 18,421 ha in 2021–2022; " +
    "MAAP #208: 74% inside the Mining Corridor; MAAP #233: 97.5% in Madre de Dios; Amazon Conservation)",
  amazonProject:
    "the restoration plans reported for Madre de Dios (MINAM/GOREMAD's 20,000 ha plan, the BID-financed " +
    "S/20M Jayave pilot; press)",
  liabilityProject:
    "AMSAC's remediation of mining environmental liabilities (S/939M invested 2007–2023, as AMSAC reported)",
  measurement:
    "the seed's own trends for a recovering mining site (mercury falling, forest cover rising): no published " +
    "monitoring series",
} as const;

/** What a demo record is, by kind. */
export type DemoKind = keyof typeof DEMO_MODELLED_ON;

/** A demo record's provenance: SYNTHETIC, the generator's dataset, as of the seed's reference date. */
export function demoProvenance(kind: DemoKind, asOf: Date): ProvenanceDoc {
  return syntheticProvenance({ dataset: DEMO_DATASET, asOf, modelledOn: DEMO_MODELLED_ON[kind] });
}
