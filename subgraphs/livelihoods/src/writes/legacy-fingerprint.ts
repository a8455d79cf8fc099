import { createHash } from "node:crypto";
import { canonicalJson } from "@tinkuy/kit";

/** How long a legacy fingerprint is; the kit's `requestHash` is a whole SHA-256 (43 characters). */
const LEGACY_LENGTH = 22;

/** Whether a stored fingerprint is in the legacy form (see {@link legacyFingerprint}). */
export function isLegacyFingerprint(stored: string): boolean {
  return stored.length === LEGACY_LENGTH;
}

/**
 * The fingerprint livelihoods stored before it used the kit's `requestHash`: the mutation's kind and its
 * input (keys in `localeCompare` order), hashed and cut to 22 characters. Writes logged then keep it, and a
 * hash cannot be turned back into the input it came from, so it cannot be migrated: a retry of such a write
 * is recognised by recomputing this form. Frozen: changing it would turn those retries into CONFLICTs.
 */
export function legacyFingerprint(kind: string, input: unknown): string {
  return createHash("sha256")
    .update(canonicalJson([kind, input], (a, b) => a.localeCompare(b)))
    .digest("base64url")
    .slice(0, LEGACY_LENGTH);
}
