import { syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";
import { DEMO_DATASET } from "../src/provenance.ts";
import { SEED_NOW } from "./support.ts";
import type { DonorSpec } from "./vocabulary.ts";

/** A seeded record's provenance: the demo generator's dataset as of the seed's "today", and what it imitates. */
function seeded(modelledOn: string): ProvenanceDoc {
  return syntheticProvenance({ dataset: DEMO_DATASET, asOf: SEED_NOW, modelledOn });
}

/**
 * What each funder's seeded projects imitate. Donors that publish to IATI: their activities in Peru as their
 * IATI file publishes them. DEVIDA publishes no IATI file: its PIRDAIS programme's projects.
 */
function programmeOf(donor: DonorSpec): string {
  if (donor.ref.startsWith("PE-RUC-"))
    return (
      "DEVIDA's alternative-development projects under its PIRDAIS programme (Programa de Desarrollo " +
      "Alternativo Integral y Sostenible, DEVIDA's published portfolio)"
    );
  return (
    `${donor.short}'s alternative-livelihood and alternative-development activities in Peru, as its IATI ` +
    `activity file publishes them (publisher ${donor.ref}, IATI Registry)`
  );
}

/** A seeded project: modelled on its lead funder's programme. */
export function projectProvenance(donor: DonorSpec): ProvenanceDoc {
  return seeded(programmeOf(donor));
}

/**
 * A seeded transaction. Same dataset, source and date as the projects (so a figure's `sources` shows one
 * synthetic dataset), its own note.
 */
export const TRANSACTION_PROVENANCE: ProvenanceDoc = seeded(
  "IATI 2.03 commitments and disbursements (transaction types 11, 2, 1, 3) as donors publish them in their " +
    "activity files (IATI Registry)",
);

/** A seeded donor: a real funder, by the IATI organisation identifier it publishes under. */
export function donorProvenance(donor: DonorSpec): ProvenanceDoc {
  return seeded(`${donor.name}, IATI organisation identifier ${donor.ref} (org-id.guide, IATI Registry)`);
}

/** A seeded enrollment: a miner leaving illegal mining, most of them REINFO's excluded or suspended. */
export const ENROLLMENT_PROVENANCE: ProvenanceDoc = seeded(
  "the miners REINFO excluded or suspended (50,565 excluded on 30-Jun-2025 under DS 012-2025-EM; MINEM, as " +
    "reported by El Comercio) who enter alternative-livelihood programmes",
);
