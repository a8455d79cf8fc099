import { addSource, enteredProvenance, type ProvenanceDoc } from "@tinkuy/kit";
import type { SourceCounters } from "./models.ts";

/**
 * The agency whose editors write this pillar through the API: DEVIDA, Peru's national authority for alternative
 * development (*desarrollo alternativo integral y sostenible*), which funds and coordinates the programmes that
 * give miners and growers a way out of illicit economies, and the national counterpart of the donors' projects.
 */
export const OWNING_AGENCY = "Comisión Nacional para el Desarrollo y Vida sin Drogas (DEVIDA)";

/** The demo-data generator's dataset name, as every seeded record of this pillar carries it. */
export const DEMO_DATASET = "tinkuy-demo:livelihoods";

/**
 * The day the demo data describes (the generator's "today"): every seeded record is as of it, and nothing the seed
 * writes as having happened (a status change, a transaction, an indicator's actual, a beneficiary report, an
 * enrollment) is dated after it. It is the day of the latest published figure the seed is modelled on: MINEM's
 * account of the 30-Jun-2025 REINFO exclusions (50,565 miners excluded, 4 % of them appealing, 31,560 continuing),
 * reported by Gestión on 8-Aug-2025, which the enrollments of excluded miners imitate.
 */
export const DEMO_AS_OF = new Date("2025-08-08T00:00:00.000Z");

/**
 * The day earlier versions' seed described (their demo data ran to it): records they seeded, recognised by the
 * provenance migration, are labelled as of it, so their `asOf` does not claim an earlier day than their dates.
 */
export const LEGACY_DEMO_AS_OF = new Date("2026-11-20T00:00:00.000Z");

/**
 * What the demo dataset as a whole imitates, for the catalogue: each seeded record's own note names one part
 * (a project its funder's kind of programme, an enrollment the REINFO exclusions), and the catalogue describes the
 * dataset once.
 */
export const DEMO_DATASET_NOTE =
  "synthetic, modelled on the alternative-development portfolios published for Peru (the IATI activity files of " +
  "USAID, the European Commission, UNDP, BMZ, Global Affairs Canada, the IDB and the UK FCDO, and DEVIDA's " +
  "PIRDAIS projects), with invented funders and implementers identified under org-id.guide's example-data " +
  "prefix XE-EXAMPLE; its enrollments imitate the miners REINFO excluded (50,565 on 30-Jun-2025; MINEM, " +
  "reported by Gestión on 8-Aug-2025)";

/** How the seed signs the entries it writes (`recordedBy`): the mark the migration knows demo data by. */
export const SEED_AUTHOR_PREFIX = "seed:";

/**
 * The provenance of a record an editor writes through this pillar's API: ENTERED, by its agency, as of `at`.
 * It names no editor: provenance is public, and who entered a record is kept where
 * only staff read it (the record's `recordedBy`, the audit log).
 */
export function editorProvenance(at: Date): ProvenanceDoc {
  return enteredProvenance({ agency: OWNING_AGENCY, at });
}

/** Counts records per dataset of their provenance, in the shape counter documents keep (`sources.<key>`). */
export function countSources(
  provenances: Iterable<ProvenanceDoc>,
  into: SourceCounters = {},
): SourceCounters {
  for (const p of provenances) addSource(into, p, 1);
  return into;
}
