import { RucPseudonyms } from "./pseudonym.ts";
import { deriveKey } from "./secrets.ts";
import { ViewerSigner } from "./viewer-header.ts";

/** The keys derived from the secret the gateway and subgraphs share. */
export interface HubKeys {
  /** Signs (gateway) and verifies (subgraphs) the viewer header. */
  signer: ViewerSigner;
  /** Masks persons' RUCs and turns the pseudonyms back (subgraphs). */
  pseudonyms: RucPseudonyms;
  /** Keys the digests of mutation inputs in the audit log (subgraphs). */
  auditKey: Uint8Array;
}

/** Derives every key from `HUB_SECRET`. */
export function hubKeys(secret: string): HubKeys {
  return {
    signer: new ViewerSigner(secret),
    pseudonyms: new RucPseudonyms(secret),
    auditKey: deriveKey(secret, "audit-digest"),
  };
}
