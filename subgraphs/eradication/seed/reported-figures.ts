import type { Models, ReportedFigureDoc } from "../src/models.ts";
import { reportedProvenance } from "../src/provenance.ts";
import { day, SEEDED_BY } from "./support.ts";

/** Who made the claim: PCM's high commissioner for the fight against illegal mining (domain notes §5). */
const CLAIMANT = "Alto Comisionado para la lucha contra la minería ilegal (PCM)";

/**
 * The claim as the hub holds it. The original statement was not found, so this is the wording of its figures as
 * the press coverage gave them, not a quotation of the statement; the provenance's note says so.
 */
const CLAIM =
  "960 operaciones contra la minería ilegal en una semana (1 al 7 de diciembre de 2025) y más de S/ 3,700 " +
  "millones en bienes destruidos, según el Alto Comisionado para la lucha contra la minería ilegal";

const SOURCE_NOTE =
  "the claim was entered from the press coverage, not the original statement, which was not found (shared " +
  "domain notes §5); its text gives the figures as the coverage did, not the statement's wording, and its day " +
  "stands in for the statement's, which is not known: the last day of the week it covers";

const VERIFICATION_NOTE =
  "The original source was not found in the stored sources, so the claim cannot be checked against it. PCM's own " +
  "totals (740 operations in 2024; 737 from 1 January to 26 September 2025) suggest that 960 in one week counts " +
  "something broader than interdiction operations, such as patrols or checkpoints.";

/**
 * The High Commissioner's claim for 1–7 Dec 2025: 960 operations and more than S/ 3,700 million destroyed, one
 * reported figure per measure. Unlike the rest of the seed, it is a real public claim: `REPORTED` with the
 * claimant as its source, not `SYNTHETIC`, and `UNVERIFIED`. It is national (the coverage names no region).
 */
export async function seedReportedFigures(models: Models): Promise<number> {
  const from = day("2025-12-01");
  const to = day("2025-12-07");
  const provenance = reportedProvenance({
    reportedBy: CLAIMANT,
    reportedOn: to,
    url: null,
    enteredBy: "seed",
    note: SOURCE_NOTE,
  });
  const common = {
    claim: CLAIM,
    from,
    to,
    region: null,
    department: null,
    province: null,
    reportedBy: CLAIMANT,
    reportedOn: to,
    url: null,
    verification: "UNVERIFIED",
    verificationNote: VERIFICATION_NOTE,
    verifiedOn: to,
    verificationHistory: [],
    recordedBy: SEEDED_BY,
    recordedAt: to,
    provenance,
  } as const;
  const docs: ReportedFigureDoc[] = [
    {
      ...common,
      id: "RF-2025-00001",
      measure: "OPERATIONS",
      qualifier: "EXACT",
      hundredths: 960 * 100,
      verificationHistory: [],
    },
    {
      ...common,
      id: "RF-2025-00002",
      measure: "VALUE_DESTROYED",
      qualifier: "MORE_THAN",
      hundredths: 3_700_000_000 * 100,
      verificationHistory: [],
    },
  ];
  await models.ReportedFigure.collection.insertMany(docs);
  return docs.length;
}
