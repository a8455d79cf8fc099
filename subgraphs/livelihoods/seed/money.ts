import type { SeededRandom } from "@tinkuy/demo-data";
import {
  BUDGET_STATUS,
  BUDGET_TYPE,
  TRANSACTION_TYPE,
  type Currency,
  type TransactionTypeCode,
} from "../src/iati.ts";
import type { BudgetDoc, OrgDoc, TransactionDoc } from "../src/models.ts";
import { TRANSACTION_PROVENANCE } from "./provenance.ts";
import { addDays, addMonths, DAY, minDate, RECORDED_BY, SEED_NOW, uniform } from "./support.ts";
import type { Timeline } from "./timeline.ts";

/** Yearly ORIGINAL budgets splitting an amount by days; a fifth of projects also revise one year. */
export function budgets(
  periods: { start: Date; end: Date }[],
  cents: number,
  currency: Currency,
  random: SeededRandom,
): BudgetDoc[] {
  const days = periods.map((p) => (p.end.getTime() - p.start.getTime()) / DAY + 1);
  const all = days.reduce((a, b) => a + b, 0);
  let left = cents;
  const out: BudgetDoc[] = periods.map((p, i) => {
    const value =
      i === periods.length - 1 ? left : Math.round((cents * (days[i] as number)) / all / 100) * 100;
    left -= value;
    return {
      type: BUDGET_TYPE.ORIGINAL,
      status: BUDGET_STATUS.COMMITTED,
      periodStart: p.start,
      periodEnd: p.end,
      // The exchange rate's day: the period's start, or the seed's day for a budget still to come.
      value: { currency, cents: value, valueDate: minDate(p.start, SEED_NOW) },
    };
  });
  if (out.length > 2 && random.chance(0.2)) {
    const revised = out[random.int(1, out.length - 1)] as BudgetDoc;
    out.push({
      ...revised,
      type: BUDGET_TYPE.REVISED,
      value: {
        ...revised.value,
        cents: Math.round((revised.value.cents * uniform(random, [0.85, 1.1])) / 100) * 100,
      },
    });
  }
  return out;
}

/** One funder's money for a project: who reports it, and the commitment tranches. */
export interface FlowPlan {
  funder: OrgDoc;
  currency: Currency;
  cents: number;
  /** True when the funder publishes the activity (outgoing 2/3), false when the money comes in (11/1). */
  funderReports: boolean;
  /** True when the implementer publishes the activity: it then reports its expenditures too. */
  implementerReports: boolean;
  reportingOrg: OrgDoc;
  implementer: OrgDoc;
  /** Commitment tranches: date and share. */
  tranches: { date: Date; cents: number }[];
}

function transaction(
  type: TransactionTypeCode,
  date: Date,
  currency: Currency,
  cents: number,
  provider: OrgDoc | null,
  receiver: OrgDoc | null,
  description: string,
): TransactionDoc {
  return {
    ref: null,
    transactionType: type,
    transactionDate: date,
    value: { currency, cents, valueDate: date },
    description,
    providerOrg: provider,
    receiverOrg: receiver,
    recordedAt: addDays(date, 7) > SEED_NOW ? SEED_NOW : addDays(date, 7),
    recordedBy: RECORDED_BY,
    idempotencyKey: null,
    provenance: TRANSACTION_PROVENANCE,
  };
}

/**
 * A funder's money: commitments in tranches, then quarterly disbursements (or incoming funds) that follow the
 * work and never exceed what was committed by then; an implementer that publishes also reports expenditures.
 */
export function flows(
  random: SeededRandom,
  plan: FlowPlan,
  time: Timeline,
  windowEnd: Date,
  months: number,
): TransactionDoc[] {
  const out: TransactionDoc[] = [];
  const last = minDate(SEED_NOW, windowEnd);
  const commitType = plan.funderReports
    ? TRANSACTION_TYPE.OUTGOING_COMMITMENT
    : TRANSACTION_TYPE.INCOMING_COMMITMENT;
  const flowType = plan.funderReports ? TRANSACTION_TYPE.DISBURSEMENT : TRANSACTION_TYPE.INCOMING_FUNDS;
  const receiver = plan.funderReports ? plan.implementer : plan.reportingOrg;
  const tranches = plan.tranches.filter((t) => t.date <= minDate(last, time.workEnd));
  for (const t of tranches) {
    out.push(
      transaction(
        commitType,
        t.date,
        plan.currency,
        t.cents,
        plan.funder,
        receiver,
        "Compromiso de financiamiento",
      ),
    );
  }
  if (!time.actualStart) return out;
  let paid = 0;
  const stop = minDate(last, addDays(time.workEnd, 60));
  for (let q = 0; ; q++) {
    const date = addMonths(addDays(time.actualStart, 15), 3 * q);
    if (date > stop) break;
    const committed = tranches.filter((t) => t.date <= date).reduce((sum, t) => sum + t.cents, 0);
    const wanted = Math.round(((plan.cents * 3) / months) * uniform(random, [0.75, 1.1]));
    const cents = Math.min(wanted, committed - paid);
    if (cents < 100) continue;
    paid += cents;
    out.push(
      transaction(
        flowType,
        date,
        plan.currency,
        cents,
        plan.funder,
        receiver,
        `Desembolso del trimestre ${q + 1}`,
      ),
    );
    const spent = addDays(date, 20);
    if (plan.implementerReports && spent <= last) {
      out.push(
        transaction(
          TRANSACTION_TYPE.EXPENDITURE,
          spent,
          plan.currency,
          Math.round(cents * uniform(random, [0.8, 1])),
          plan.reportingOrg,
          null,
          "Gastos de ejecución del trimestre",
        ),
      );
    }
  }
  return out;
}
