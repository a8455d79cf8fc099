import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";
import { badUserInput } from "./errors.ts";
import { parseRuc, rucKind } from "./ruc.ts";
import { deriveKey } from "./secrets.ts";

const PREFIX = "psn_";

/**
 * Pseudonyms for natural persons' RUCs (whose digits 3–10 are the holder's DNI). A viewer without the
 * personal-data grant sees `psn_…` instead; the same RUC always gives the same pseudonym, so records still link
 * across pillars, and every subgraph (which holds the key) turns it back into the RUC when the gateway resolves
 * an entity by it or the viewer passes it back as an argument. AES-256-GCM with a synthetic IV (an HMAC of the
 * RUC): deterministic, and authenticated, so a made-up pseudonym is refused rather than decoded to garbage.
 */
export class RucPseudonyms {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "ruc-pseudonym");
  }

  /**
   * A natural person's RUC (prefix 10, or 15/17, which SUNAT also issues to persons) as its pseudonym; a
   * company's RUC (20), which SUNAT publishes, unchanged.
   */
  mask(ruc: string): string {
    if (rucKind(ruc) === "COMPANY" || ruc.startsWith(PREFIX)) return ruc;
    const iv = createHmac("sha256", this.#key).update(ruc).digest().subarray(0, 12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(ruc, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /**
   * The RUC behind a pseudonym, or the value itself when it is not one; a forged pseudonym is BAD_USER_INPUT.
   * With `rawAllowed` false (a viewer who is shown pseudonyms), a person's raw RUC is refused too: accepting it
   * would let that viewer confirm whether a given DNI has records.
   */
  unmask(value: string, field: string, rawAllowed = true): string {
    if (!value.startsWith(PREFIX)) {
      if (!rawAllowed && /^\d{11}$/.test(value) && rucKind(value) !== "COMPANY")
        throw badUserInput(field, "Pass the pseudonym (psn_…) the hub showed you for a person's RUC.");
      return value;
    }
    const body = value.slice(PREFIX.length);
    const bytes = Buffer.from(body, "base64url");
    // Node's decoder skips characters outside the alphabet: only the canonical spelling is a pseudonym.
    if (bytes.length !== 12 + 11 + 16 || bytes.toString("base64url") !== body)
      throw badUserInput(field, "This RUC pseudonym is not one the hub issued.");
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(23));
      const ruc = Buffer.concat([decipher.update(bytes.subarray(12, 23)), decipher.final()]).toString("utf8");
      return parseRuc(ruc, field);
    } catch {
      throw badUserInput(field, "This RUC pseudonym is not one the hub issued.");
    }
  }
}
