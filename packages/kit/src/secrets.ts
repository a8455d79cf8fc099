import { hkdfSync } from "node:crypto";

/** What a key derived from the shared secret is for; each purpose gets its own key. */
export type KeyPurpose = "viewer-header" | "ruc-pseudonym" | "audit-digest";

/**
 * Derives a 256-bit key for one purpose from the secret the gateway and subgraphs share (`HUB_SECRET`),
 * with HKDF-SHA256, so one secret to deploy never means one key used for two things.
 */
export function deriveKey(secret: string, purpose: KeyPurpose): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "tinkuy", `tinkuy ${purpose} v1`, 32));
}
