import { enteredProvenance, syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";

/**
 * The agency whose editors write this pillar's records through the API: the Ministry of the Environment, which
 * leads the recovery of areas degraded by mining (the MINAM/GOREMAD plan for Madre de Dios) and the monitoring of
 * their restoration. MINEM owns the liability inventory itself, but that arrives by import, never by mutation.
 */
export const RECOVERY_AGENCY = "MINAM (Ministerio del Ambiente)";

/**
 * The provenance of a record an editor writes through this pillar's API: ENTERED, by its agency, as of `at`.
 * It names no editor: provenance is public, and who entered a record is kept where
 * only staff read it (the record's `recordedBy`, the audit log).
 */
export function editorProvenance(at: Date): ProvenanceDoc {
  return enteredProvenance({ agency: RECOVERY_AGENCY, at });
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

/**
 * The demo data's "today": the last day any demo record is dated. The latest published figure the demo data
 * imitates is MAAP #233 (July 2025), so detections, the Amazon projects' reports and their monitoring stop at the
 * end of June 2025.
 */
export const DEMO_TODAY = new Date("2025-06-30T00:00:00.000Z");

/**
 * The last day each kind of demo record may be dated, and the day its provenance says it describes: never after
 * the published figure it is modelled on (`DEMO_MODELLED_ON`).
 * - areas and the Amazon projects: MAAP #233 (July 2025): `DEMO_TODAY`;
 * - liabilities: RM 338-2025-MINEM/DM (October 2025), as of `DEMO_TODAY`, which is earlier;
 * - risk assessments: the Anuario Minero 2024, so dated 2019 to 2024 and as of 31 December 2024;
 * - legacy-mining projects (AMSAC's) and their reports: AMSAC's figure for 2007–2023, so to 31 December 2023;
 * - measurements: no published series; as of `DEMO_TODAY`, each series stopping where its project's reports stop.
 */
export const DEMO_AS_OF: Readonly<Record<DemoKind, Date>> = {
  area: DEMO_TODAY,
  liability: DEMO_TODAY,
  risk: new Date("2024-12-31T00:00:00.000Z"),
  amazonProject: DEMO_TODAY,
  liabilityProject: new Date("2023-12-31T00:00:00.000Z"),
  measurement: DEMO_TODAY,
};

/** A demo record's provenance: SYNTHETIC, the generator's dataset, as of the last day its kind may be dated. */
export function demoProvenance(kind: DemoKind): ProvenanceDoc {
  return syntheticProvenance({
    dataset: DEMO_DATASET,
    asOf: DEMO_AS_OF[kind],
    modelledOn: DEMO_MODELLED_ON[kind],
  });
}
