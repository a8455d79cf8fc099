import { createHash } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The identifier of a record written through the API: `<prefix>-<year>-` and ten base-32 characters of a hash
 * of the mutation's idempotency key (under the record's `kind`), so a retry computes the same identifier.
 */
export function keyedId(prefix: string, kind: string, date: Date, key: string): string {
  const digest = createHash("sha256").update(`${kind}:${key}`).digest();
  let suffix = "";
  for (let i = 0; i < 10; i++) suffix += BASE32[(digest[i] as number) % 32];
  return `${prefix}-${date.getUTCFullYear()}-${suffix}`;
}
