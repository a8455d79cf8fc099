import type { SeededRandom } from "@tinkuy/demo-data";
import { isValidRuc, rucCheckDigit } from "@tinkuy/kit";
import type { EnrollmentDoc, EnrollmentEntry, EnrollmentStatus, Models } from "../src/models.ts";
import type { EnrollmentWindow } from "./projects.ts";
import { ENROLLMENT_PROVENANCE } from "./provenance.ts";
import { addDays, midnight, minDate, RECORDED_BY } from "./support.ts";
import { DROPOUT_REASONS, SYNTHETIC_REINFO } from "./vocabulary.ts";

/** Share of the known REINFO RUCs enrolled in projects (most have left the registry, many excluded). */
export const ENROLLMENT_SHARE = 0.03;
/** Enrollments at scale 1 when no REINFO RUCs are given (synthetic RUCs). */
export const SYNTHETIC_ENROLLMENTS_AT_SCALE_1 = 1_200;
const ENROLLMENT_BATCH = 2_000;

/** Who enrolls: a share of the known REINFO operators, or synthetic ones at `scale` when none are given. */
export interface EnrollmentOptions {
  scale: number;
  /** RUCs of REINFO operators (the launcher passes formalization's): a deterministic share are enrolled. */
  knownRucs?: readonly string[];
  /** The REINFO status (ESTADO) of known RUCs, recorded on their enrollments when given. */
  reinfoStatusOf?: ReadonlyMap<string, string>;
}

/** The RUCs to enroll: a share of the known ones (sorted, so the order they come in does not matter) or synthetic. */
function enrollees(
  random: SeededRandom,
  options: EnrollmentOptions,
): { ruc: string; status: string | null }[] {
  if (options.knownRucs) {
    const known = [...new Set(options.knownRucs)].filter(isValidRuc).sort();
    return known
      .filter(() => random.chance(ENROLLMENT_SHARE))
      .map((ruc) => ({ ruc, status: options.reinfoStatusOf?.get(ruc) ?? null }));
  }
  const used = new Set<string>();
  const out: { ruc: string; status: string | null }[] = [];
  const count = Math.round(SYNTHETIC_ENROLLMENTS_AT_SCALE_1 * options.scale);
  while (out.length < count) {
    const body = `10${String(random.int(1_000_000, 79_999_999)).padStart(8, "0")}`;
    const ruc = body + String(rucCheckDigit(body));
    if (used.has(ruc)) continue;
    used.add(ruc);
    out.push({ ruc, status: random.weighted(SYNTHETIC_REINFO) });
  }
  return out;
}

function enrollment(
  random: SeededRandom,
  ruc: string,
  status: string | null,
  w: EnrollmentWindow,
): EnrollmentDoc {
  const enrolledOn = midnight(random.dateBetween(w.from, w.until));
  const history: EnrollmentEntry[] = [
    { status: "ENROLLED", date: enrolledOn, reason: "Inscripción en el proyecto", recordedBy: RECORDED_BY },
  ];
  let final: EnrollmentStatus = "ENROLLED";
  let reason = "";
  switch (w.outcome) {
    case "ongoing":
      final = random.weighted([
        ["ENROLLED", 78],
        ["COMPLETED", 8],
        ["DROPPED_OUT", 14],
      ] as const);
      break;
    case "ended":
      final = random.chance(0.72) ? "COMPLETED" : "DROPPED_OUT";
      break;
    case "suspended":
      final = random.chance(0.85) ? "ENROLLED" : "DROPPED_OUT";
      break;
    case "cancelled":
      final = "DROPPED_OUT";
      reason = "Cancelación del proyecto";
      break;
  }
  if (final !== "ENROLLED") {
    const earliest = minDate(addDays(enrolledOn, 60), w.until);
    const date = midnight(random.dateBetween(earliest, w.until));
    if (final === "DROPPED_OUT" && !reason) reason = random.pick(DROPOUT_REASONS);
    if (final === "COMPLETED") reason = "Culminó el itinerario del proyecto";
    history.push({
      status: final,
      date: date < enrolledOn ? enrolledOn : date,
      reason,
      recordedBy: RECORDED_BY,
    });
  }
  return {
    _id: `${w.iatiIdentifier}|${ruc}`,
    iatiIdentifier: w.iatiIdentifier,
    ruc,
    enrolledOn,
    status: final,
    formerReinfoStatus: status,
    history,
    provenance: ENROLLMENT_PROVENANCE,
  };
}

/** Enrolls the chosen RUCs in projects that have run, in proportion to the former miners each still has room for. */
export async function seedEnrollments(
  models: Models,
  random: SeededRandom,
  options: EnrollmentOptions,
  windows: EnrollmentWindow[],
): Promise<number> {
  let batch: EnrollmentDoc[] = [];
  let count = 0;
  for (const { ruc, status } of enrollees(random, options)) {
    const open = windows.filter((w) => w.capacity > 0);
    if (open.length === 0) break;
    const w = random.weighted(open.map((o) => [o, o.capacity] as const));
    w.capacity--;
    batch.push(enrollment(random, ruc, status, w));
    if (batch.length >= ENROLLMENT_BATCH) {
      await models.Enrollment.insertMany(batch, { ordered: false, lean: true });
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await models.Enrollment.insertMany(batch, { ordered: false, lean: true });
    count += batch.length;
  }
  return count;
}
