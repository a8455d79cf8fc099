import { isValidRuc, rucKind } from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import type { RecordDoc } from "../models.ts";

export interface OperatorRef {
  ruc: string;
}

/** `Operator`: any valid RUC; its name and records come from one batched query per request. */
export const Operator = {
  __resolveReference(reference: OperatorRef): OperatorRef | null {
    // Invalid RUCs are refused everywhere; in entity resolution that means null.
    return isValidRuc(reference.ruc) ? { ruc: reference.ruc } : null;
  },
  kind: (operator: OperatorRef) => rucKind(operator.ruc),
  async name(operator: OperatorRef, _: unknown, { loaders }: FormalizationContext): Promise<string | null> {
    const records = await loaders.recordsByRuc.load(operator.ruc);
    let latest: RecordDoc | undefined;
    for (const record of records) {
      if (!latest || record.A_INSCRIPCION > latest.A_INSCRIPCION) latest = record;
    }
    return latest?.NOMBRE_MIN ?? null;
  },
  reinfoRecords(operator: OperatorRef, _: unknown, { loaders }: FormalizationContext): Promise<RecordDoc[]> {
    return loaders.recordsByRuc.load(operator.ruc);
  },
};
