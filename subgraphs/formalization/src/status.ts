/** A record's status in the API (English) and as REINFO writes it (ESTADO, Spanish). */
export type ReinfoStatus = "ACTIVE" | "SUSPENDED" | "EXCLUDED" | "FORMALIZED";
export type Estado = "VIGENTE" | "SUSPENDIDO" | "EXCLUIDO" | "FORMALIZADO";

export const ESTADO_OF: Record<ReinfoStatus, Estado> = {
  ACTIVE: "VIGENTE",
  SUSPENDED: "SUSPENDIDO",
  EXCLUDED: "EXCLUIDO",
  FORMALIZED: "FORMALIZADO",
};

export const STATUS_OF: Record<Estado, ReinfoStatus> = {
  VIGENTE: "ACTIVE",
  SUSPENDIDO: "SUSPENDED",
  EXCLUIDO: "EXCLUDED",
  FORMALIZADO: "FORMALIZED",
};

export const STATUSES = Object.keys(ESTADO_OF) as ReinfoStatus[];

/**
 * The transitions `changeReinfoStatus` allows. Nothing leaves `FORMALIZED` (the miner has left the registry);
 * `EXCLUDED` returns only through `reinstateReinfoRecord`, which names its own legal basis.
 */
const ALLOWED: Record<ReinfoStatus, readonly ReinfoStatus[]> = {
  ACTIVE: ["SUSPENDED", "EXCLUDED", "FORMALIZED"],
  SUSPENDED: ["ACTIVE", "EXCLUDED"],
  EXCLUDED: [],
  FORMALIZED: [],
};

/** Why `from → to` is not allowed, or undefined when it is. */
export function transitionProblem(from: ReinfoStatus, to: ReinfoStatus): string | undefined {
  if (from === to) return `the record is already ${to}`;
  if (ALLOWED[from].includes(to)) return undefined;
  if (from === "FORMALIZED") return "a FORMALIZED record has left the registry: its status cannot change";
  if (from === "EXCLUDED") return "an EXCLUDED record comes back only through reinstateReinfoRecord";
  return `${from} cannot change to ${to} (allowed: ${ALLOWED[from].join(", ")})`;
}
