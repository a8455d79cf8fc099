import type { Models } from "../models.ts";

/** Identifier prefixes and their zero-padded widths. */
const CODE_WIDTH = { DA: 7, RP: 4 } as const;

/** The next identifier of a sequence (`DA-0000124`): one atomic increment. */
export async function nextCode(models: Models, prefix: keyof typeof CODE_WIDTH): Promise<string> {
  const sequence = await models.Sequence.findOneAndUpdate(
    { _id: prefix },
    { $inc: { value: 1 } },
    { upsert: true, returnDocument: "after" },
  ).lean();
  return `${prefix}-${String(sequence?.value ?? 1).padStart(CODE_WIDTH[prefix], "0")}`;
}
