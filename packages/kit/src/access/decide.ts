import type { Pillar, Viewer } from "../viewer.ts";

/** How much a field reveals, from a public aggregate to a miner's name (see access.graphql). */
export const ACCESS_LEVELS = [
  "PUBLIC",
  "INTERNAL",
  "PROGRAM",
  "FUNDED",
  "DETAIL",
  "SENSITIVE",
  "PERSONAL",
  "EDITOR",
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** How a personal value is shown to staff who may see the record but not the person. */
export const MASKS = ["NAME", "HOLDER_NAME", "RUC"] as const;
export type MaskKind = (typeof MASKS)[number];

/** One field's rule. */
export interface AccessRule {
  read: AccessLevel;
  mask: MaskKind | null;
}

/** What a rule lets a viewer do with a field's value. */
export type Decision = "allow" | "mask" | "deny";

const STAFF = new Set(["MINISTRY_ANALYST", "AGENCY_EDITOR", "ADMIN"]);

/**
 * The decision of `rule` for `viewer` in the subgraph of `pillar`. `funded` says whether the viewer's donor
 * funds the parent (asked only for `FUNDED` rules and `DONOR` viewers).
 */
export function decide(rule: AccessRule, viewer: Viewer, pillar: Pillar, funded: () => boolean): Decision {
  const ownEditor = viewer.role === "AGENCY_EDITOR" && viewer.pillar === pillar;
  switch (rule.read) {
    case "PUBLIC":
    case "INTERNAL":
      return "allow";
    case "PROGRAM":
      return viewer.role === "DONOR" || STAFF.has(viewer.role) ? "allow" : "deny";
    case "FUNDED":
      if (STAFF.has(viewer.role)) return "allow";
      return viewer.role === "DONOR" && funded() ? "allow" : "deny";
    case "DETAIL":
      return STAFF.has(viewer.role) ? "allow" : "deny";
    case "SENSITIVE":
      return viewer.role === "MINISTRY_ANALYST" || viewer.role === "ADMIN" || ownEditor ? "allow" : "deny";
    case "PERSONAL":
      if (viewer.role === "ADMIN" || ownEditor) return "allow";
      if (viewer.role === "MINISTRY_ANALYST" && viewer.grants.includes("PERSONAL_DATA")) return "allow";
      return STAFF.has(viewer.role) && rule.mask !== null ? "mask" : "deny";
    case "EDITOR":
      return viewer.role === "ADMIN" || ownEditor ? "allow" : "deny";
  }
}
