import { badUserInput, invariant, parseWrite, type Actor } from "@tinkuy/kit";
import { limitProblem } from "../finance.ts";
import { ACTIVITY_STATUS, ORG_TYPE, TRANSACTION_TYPE } from "../iati.ts";
import { recordTransactionInput } from "../inputs.ts";
import type { Models, OrgDoc, ProjectDoc, TransactionDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { applyMoneyChange, moneyChange } from "../region-stats.ts";
import { findReplay } from "./find-replay.ts";
import { findProject, projectOfWrite, writeEntry, writeProject } from "./project-write.ts";

const RECORD = "recordTransaction";
const CLOSED_TO_MONEY = new Set<string>([ACTIVITY_STATUS.CLOSED, ACTIVITY_STATUS.CANCELLED]);
const INCOMING = new Set<string>([TRANSACTION_TYPE.INCOMING_FUNDS, TRANSACTION_TYPE.INCOMING_COMMITMENT]);

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The span transactions may fall in: the earliest start to the latest end, planned or actual. */
export function activityWindow(project: Pick<ProjectDoc, "activityDates">): { from: Date; to: Date } {
  const { plannedStart, actualStart, plannedEnd, actualEnd } = project.activityDates;
  const from = actualStart && actualStart < plannedStart ? actualStart : plannedStart;
  const to = actualEnd && actualEnd > plannedEnd ? actualEnd : plannedEnd;
  return { from, to };
}

function transactionWithKey(project: ProjectDoc, key: string): TransactionDoc {
  const transaction = project.transactions.find((t) => t.idempotencyKey === key);
  invariant(transaction, `project ${project.iatiIdentifier} logged write ${key} without its transaction`);
  return transaction;
}

type OrgInput = {
  ref?: string | null | undefined;
  name: string;
  type?: keyof typeof ORG_TYPE | null | undefined;
};

function orgDoc(org: OrgInput | null | undefined): OrgDoc | null {
  if (!org) return null;
  return { ref: org.ref ?? null, narrative: org.name, type: org.type ? ORG_TYPE[org.type] : null };
}

/**
 * Records a transaction: validates the input, then the project's rules (status, activity dates, budget
 * currencies, disbursements within commitments), appends it in one conditional write, and then moves the region
 * counters once (only when this request applied the write).
 */
export async function recordTransaction(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<TransactionDoc> {
  const { key, input, hash } = parseWrite(recordTransactionInput, raw, rawKey);
  const replay = await findReplay(models, RECORD, { key, input, hash });
  if (replay) return transactionWithKey(await projectOfWrite(models, replay.iatiIdentifier), key);

  const project = await findProject(models, input.iatiIdentifier, "input.iatiIdentifier");
  if (CLOSED_TO_MONEY.has(project.activityStatus)) {
    throw badUserInput(
      "input.iatiIdentifier",
      `project ${project.iatiIdentifier} is ${project.activityStatus === ACTIVITY_STATUS.CLOSED ? "CLOSED" : "CANCELLED"}: it takes no new transactions`,
    );
  }
  const window = activityWindow(project);
  if (input.date < window.from || input.date > window.to) {
    throw badUserInput(
      "input.date",
      `must be within the activity dates, ${day(window.from)} to ${day(window.to)}`,
    );
  }
  const currencies = [...new Set(project.budgets.map((b) => b.value.currency))];
  if (!currencies.includes(input.currency)) {
    throw badUserInput(
      "input.currency",
      `must be one of the project's budget currencies: ${currencies.join(", ")}`,
    );
  }
  const code = TRANSACTION_TYPE[input.type];
  const incoming = INCOMING.has(code);
  const now = new Date();
  const transaction: TransactionDoc = {
    ref: input.ref ?? null,
    transactionType: code,
    transactionDate: input.date,
    value: { currency: input.currency, cents: input.value, valueDate: input.date },
    description: input.description ?? null,
    providerOrg: incoming ? orgDoc(input.providerOrg) : (orgDoc(input.providerOrg) ?? project.reportingOrg),
    receiverOrg: incoming ? (orgDoc(input.receiverOrg) ?? project.reportingOrg) : orgDoc(input.receiverOrg),
    recordedAt: now,
    recordedBy: actor.id,
    idempotencyKey: key,
    provenance: editorProvenance(now),
  };
  const problem = limitProblem(project.transactions, transaction);
  if (problem) throw badUserInput("input.value", problem);
  const { project: updated, applied } = await writeProject(
    models,
    project,
    { push: { transactions: transaction } },
    writeEntry(key, RECORD, hash, actor),
  );
  if (applied) await applyMoneyChange(models, moneyChange(project, transaction));
  return transactionWithKey(updated, key);
}
