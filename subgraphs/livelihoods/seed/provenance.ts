import { syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";
import { DEMO_DATASET } from "../src/provenance.ts";
import { SEED_NOW } from "./support.ts";
import type { DonorSpec } from "./vocabulary.ts";

/** A seeded record's provenance: the demo generator's dataset as of the seed's "today", and what it imitates. */
function seeded(modelledOn: string): ProvenanceDoc {
  return syntheticProvenance({ dataset: DEMO_DATASET, asOf: SEED_NOW, modelledOn });
}

/** A seeded project: modelled on its lead funder's programme. */
export function projectProvenance(donor: DonorSpec): ProvenanceDoc {
  return seeded(`${donor.modelledOn}; funder and implementers invented (identifiers under XE-EXAMPLE)`);
}

/**
 * A seeded transaction. Same dataset, source and date as the projects (so a figure's `sources` shows one
 * synthetic dataset), its own note.
 */
export const TRANSACTION_PROVENANCE: ProvenanceDoc = seeded(
  "IATI 2.03 commitments and disbursements (transaction types 11, 2, 1, 3) as donors publish them in their " +
    "activity files (IATI Registry)",
);

/**
 * A seeded donor: an invented funder, identified under org-id.guide's example-data prefix (`XE-EXAMPLE`, which no
 * registration agency issues), modelled on a real funder's portfolio.
 */
export function donorProvenance(donor: DonorSpec): ProvenanceDoc {
  return seeded(
    `a funder of alternative development in Peru (its portfolio imitates ${donor.modelledOn}); invented, with ` +
      `the identifier ${donor.ref} under org-id.guide's example-data prefix XE-EXAMPLE, which no registration ` +
      `agency issues`,
  );
}

/** A seeded enrollment: a miner leaving illegal mining, most of them REINFO's excluded or suspended. */
export const ENROLLMENT_PROVENANCE: ProvenanceDoc = seeded(
  "the miners REINFO excluded or suspended who enter alternative-livelihood programmes (50,565 excluded on " +
    "30-Jun-2025 under Ley 32213 and DS 012-2025-EM, 4 % of them appealing; MINEM, reported by Gestión on " +
    "8-Aug-2025)",
);
