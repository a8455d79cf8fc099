import type { AuditLog } from "../audit.ts";
import type { RucPseudonyms } from "../pseudonym.ts";
import type { Pillar } from "../viewer.ts";

/** What the access rules of one subgraph need besides its schema. */
export interface AccessOptions {
  /** The pillar the subgraph serves: its editors write it and see its personal data. */
  pillar: Pillar;
  pseudonyms: RucPseudonyms;
  /** Where every mutation is recorded. */
  audit: AuditLog;
  /** For `FUNDED` fields: the donor references funding a parent object, by the parent's type name. */
  funders?: Readonly<Record<string, (parent: never) => readonly string[]>>;
  /** For `HOLDER_NAME` masks: the RUC of the miner a parent is about, by type name (companies' names are public). */
  subjects?: Readonly<Record<string, (parent: never) => string | undefined>>;
}
