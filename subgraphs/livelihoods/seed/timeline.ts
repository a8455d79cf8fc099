import type { SeededRandom } from "@tinkuy/demo-data";
import { ACTIVITY_STATUS, type ActivityStatusCode } from "../src/iati.ts";
import type { StatusEntry } from "../src/models.ts";
import { addDays, day, DAY, midnight, minDate, RECORDED_BY, SEED_NOW, uniform } from "./support.ts";
import type { DonorSpec } from "./vocabulary.ts";

/** A project's seeded status history and the dates it implies. */
export interface Timeline {
  history: StatusEntry[];
  status: ActivityStatusCode;
  actualStart: Date | null;
  actualEnd: Date | null;
  /** When money and work stop: actual end, suspension, or today. */
  workEnd: Date;
}

function entry(status: ActivityStatusCode, date: Date, reason: string): StatusEntry {
  return { status, date, reason, recordedBy: RECORDED_BY };
}

/** A status history consistent with the dates, ending in the current status. */
export function timeline(
  random: SeededRandom,
  donor: DonorSpec,
  plannedStart: Date,
  plannedEnd: Date,
): Timeline {
  const S = ACTIVITY_STATUS;
  const approval = minDate(addDays(plannedStart, -random.int(120, 300)), addDays(SEED_NOW, -20));
  const history = [entry(S.PIPELINE, approval, "Aprobación del proyecto por el financiador")];
  const pipeline = (): Timeline => ({
    history,
    status: S.PIPELINE,
    actualStart: null,
    actualEnd: null,
    workEnd: SEED_NOW,
  });
  const actualStart = addDays(plannedStart, random.int(0, 90));
  const stopWork = donor.stopWork;
  if (stopWork && actualStart >= stopWork) {
    // Awards that had not started when the funder's assistance stopped never did.
    const end = addDays(stopWork, random.int(20, 60));
    history.push(
      entry(S.CANCELLED, end < approval ? approval : end, "Terminación del convenio antes del inicio"),
    );
    return { ...pipeline(), status: S.CANCELLED };
  }
  if (actualStart > SEED_NOW) {
    if (random.chance(0.08)) {
      const date = addDays(
        approval,
        random.int(10, Math.max(11, (SEED_NOW.getTime() - approval.getTime()) / DAY)),
      );
      history.push(
        entry(
          S.CANCELLED,
          minDate(date, SEED_NOW),
          "Cancelado antes del inicio: no se concretó el cofinanciamiento",
        ),
      );
      return { ...pipeline(), status: S.CANCELLED };
    }
    return pipeline();
  }
  history.push(entry(S.IMPLEMENTATION, actualStart, "Inicio de la ejecución"));
  const finish = (end: Date): Timeline => {
    history.push(
      entry(S.FINALISATION, end, "Culminación de actividades; cierre financiero y evaluación final en curso"),
    );
    const closed = addDays(end, random.int(120, 300));
    if (closed <= SEED_NOW) {
      history.push(entry(S.CLOSED, closed, "Cierre financiero y administrativo"));
      return { history, status: S.CLOSED, actualStart, actualEnd: end, workEnd: end };
    }
    return { history, status: S.FINALISATION, actualStart, actualEnd: end, workEnd: end };
  };
  const plannedFinish = addDays(plannedEnd, random.int(0, 45));
  if (stopWork && actualStart < stopWork && plannedFinish > stopWork) {
    history.push(entry(S.SUSPENDED, stopWork, "Orden de paralización de la asistencia del financiador"));
    if (random.chance(0.6)) {
      const end = addDays(day(2025, 1, 15), random.int(0, 45));
      history.push(entry(S.CANCELLED, end, "Terminación del convenio por el financiador"));
      return { history, status: S.CANCELLED, actualStart, actualEnd: end, workEnd: stopWork };
    }
    return { history, status: S.SUSPENDED, actualStart, actualEnd: null, workEnd: stopWork };
  }
  if (random.chance(0.06)) {
    const duration = plannedEnd.getTime() - actualStart.getTime();
    const paused = new Date(actualStart.getTime() + duration * uniform(random, [0.3, 0.5]));
    const resumed = addDays(paused, random.int(60, 150));
    if (resumed < SEED_NOW && resumed < plannedFinish) {
      history.push(
        entry(S.SUSPENDED, midnight(paused), "Suspensión por conflicto social en la zona de intervención"),
      );
      history.push(entry(S.IMPLEMENTATION, resumed, "Reanudación de actividades"));
    } else if (paused < SEED_NOW) {
      history.push(
        entry(S.SUSPENDED, midnight(paused), "Suspensión por conflicto social en la zona de intervención"),
      );
      return { history, status: S.SUSPENDED, actualStart, actualEnd: null, workEnd: midnight(paused) };
    }
  }
  if (!stopWork && random.chance(0.03)) {
    const last = history[history.length - 1] as StatusEntry;
    const end = addDays(last.date, random.int(200, 500));
    if (end < SEED_NOW && end < plannedFinish) {
      history.push(entry(S.CANCELLED, end, "Cancelado por bajo desempeño del ejecutor"));
      return { history, status: S.CANCELLED, actualStart, actualEnd: end, workEnd: end };
    }
  }
  if (plannedFinish <= SEED_NOW) return finish(plannedFinish);
  return { history, status: S.IMPLEMENTATION, actualStart, actualEnd: null, workEnd: SEED_NOW };
}

/** Calendar years of the activity, clipped to its dates: budget and indicator periods (at most a year each). */
export function yearlyPeriods(start: Date, end: Date): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let year = start.getUTCFullYear(); year <= end.getUTCFullYear(); year++) {
    const s = day(year, 0, 1) < start ? start : day(year, 0, 1);
    const e = day(year, 11, 31) > end ? end : day(year, 11, 31);
    out.push({ start: s, end: e });
  }
  return out;
}
