import { centsToDecimal } from "@tinkuy/kit";
import { CURRENCIES, ORG_ROLE, TRANSACTION_TYPE, type Currency } from "./iati.ts";
import type { CentsByCurrency, ProjectDoc, TransactionDoc } from "./models.ts";

/** Which figure a transaction moves: funding commitments, funding disbursements, or neither. */
export type Flow = "committed" | "disbursed";

const COMMITMENTS = new Set<string>([
  TRANSACTION_TYPE.OUTGOING_COMMITMENT,
  TRANSACTION_TYPE.INCOMING_COMMITMENT,
]);
const DISBURSEMENTS = new Set<string>([TRANSACTION_TYPE.DISBURSEMENT, TRANSACTION_TYPE.INCOMING_FUNDS]);

/** Zero in every currency. */
export function zeroCents(): CentsByCurrency {
  return { PEN: 0, USD: 0 };
}

/** Amounts as the API lists them: one per currency the hub records, PEN then USD, zero included. */
export function amountList(cents: CentsByCurrency): { currency: Currency; value: string }[] {
  return CURRENCIES.map((currency) => ({ currency, value: centsToDecimal(cents[currency] ?? 0) }));
}

/** The references of a project's funding organisations (role 1). */
export function fundingRefs(project: Pick<ProjectDoc, "participatingOrgs">): Set<string> {
  return new Set(
    project.participatingOrgs.flatMap((org) => (org.role === ORG_ROLE.FUNDING && org.ref ? [org.ref] : [])),
  );
}

/**
 * The funding figure a transaction moves. Only money whose provider is one of the project's funding
 * organisations counts, so an implementer's onward disbursements to its partners are not counted twice:
 * commitments (types 2, 11) move `committed`; disbursements and incoming funds (types 3, 1) move `disbursed`.
 */
export function flowOf(funders: ReadonlySet<string>, transaction: TransactionDoc): Flow | null {
  const provider = transaction.providerOrg?.ref;
  if (!provider || !funders.has(provider)) return null;
  if (COMMITMENTS.has(transaction.transactionType)) return "committed";
  if (DISBURSEMENTS.has(transaction.transactionType)) return "disbursed";
  return null;
}

/**
 * Splits an amount evenly among a project's locations (IATI gives locations no shares), the remainder céntimos
 * going to the first locations, so the parts add up to the whole exactly.
 */
export function apportion(cents: number, locations: readonly string[]): [string, number][] {
  if (locations.length === 0) return [];
  const base = Math.floor(cents / locations.length);
  const remainder = cents - base * locations.length;
  return locations.map((location, i) => [location, base + (i < remainder ? 1 : 0)]);
}

/** A project's committed, disbursed (funding flows only) and expended money per currency. */
export function projectFinance(
  project: Pick<ProjectDoc, "participatingOrgs" | "transactions">,
): Record<Flow | "expended", CentsByCurrency> {
  const funders = fundingRefs(project);
  const out = { committed: zeroCents(), disbursed: zeroCents(), expended: zeroCents() };
  for (const transaction of project.transactions) {
    const { currency, cents } = transaction.value;
    if (transaction.transactionType === TRANSACTION_TYPE.EXPENDITURE) out.expended[currency] += cents;
    const flow = flowOf(funders, transaction);
    if (flow) out[flow][currency] += cents;
  }
  return out;
}

/** Sums of a project's transactions by type and currency. */
function sumsByType(transactions: readonly TransactionDoc[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const t of transactions) {
    const key = `${t.transactionType}|${t.value.currency}`;
    sums.set(key, (sums.get(key) ?? 0) + t.value.cents);
  }
  return sums;
}

/**
 * Why adding `candidate` would break the project's money rules, or undefined when it would not. Per currency:
 * disbursements (3) never exceed the commitments made by or to the project (2 + 11), and incoming funds (1) never
 * exceed incoming commitments (11). No exchange rates are applied.
 */
export function limitProblem(
  existing: readonly TransactionDoc[],
  candidate: TransactionDoc,
): string | undefined {
  const sums = sumsByType([...existing, candidate]);
  const { currency } = candidate.value;
  const of = (type: string) => sums.get(`${type}|${currency}`) ?? 0;
  const committed = of(TRANSACTION_TYPE.OUTGOING_COMMITMENT) + of(TRANSACTION_TYPE.INCOMING_COMMITMENT);
  if (
    candidate.transactionType === TRANSACTION_TYPE.DISBURSEMENT &&
    of(TRANSACTION_TYPE.DISBURSEMENT) > committed
  ) {
    const room = committed - (of(TRANSACTION_TYPE.DISBURSEMENT) - candidate.value.cents);
    return (
      `disbursements would exceed the project's commitments in ${currency}: at most ` +
      `${centsToDecimal(Math.max(0, room))} more can be disbursed`
    );
  }
  const incoming = of(TRANSACTION_TYPE.INCOMING_COMMITMENT);
  if (
    candidate.transactionType === TRANSACTION_TYPE.INCOMING_FUNDS &&
    of(TRANSACTION_TYPE.INCOMING_FUNDS) > incoming
  ) {
    const room = incoming - (of(TRANSACTION_TYPE.INCOMING_FUNDS) - candidate.value.cents);
    return (
      `incoming funds would exceed the project's incoming commitments in ${currency}: at most ` +
      `${centsToDecimal(Math.max(0, room))} more can be received`
    );
  }
  return undefined;
}

/**
 * What a donor provided to its projects, per currency: the commitments (types 2, 11) and disbursements and
 * incoming funds (types 3, 1) whose provider is the donor.
 */
export function donorFinance(
  ref: string,
  projects: readonly Pick<ProjectDoc, "transactions">[],
): Record<Flow, CentsByCurrency> {
  const out = { committed: zeroCents(), disbursed: zeroCents() };
  for (const project of projects) {
    for (const transaction of project.transactions) {
      if (transaction.providerOrg?.ref !== ref) continue;
      const { currency, cents } = transaction.value;
      if (COMMITMENTS.has(transaction.transactionType)) out.committed[currency] += cents;
      else if (DISBURSEMENTS.has(transaction.transactionType)) out.disbursed[currency] += cents;
    }
  }
  return out;
}
