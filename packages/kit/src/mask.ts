import type { MaskKind } from "./access/decide.ts";
import type { RucPseudonyms } from "./pseudonym.ts";
import { rucKind } from "./ruc.ts";

/** "Juan Carlos Pérez Quispe" → "J. C. P. Q.": enough to tell records apart, not to name the person. */
export function nameInitials(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => `${[...word][0]?.toUpperCase() ?? ""}.`)
    .join(" ");
}

/**
 * A value as a viewer without the personal-data grant sees it: `NAME` (always a person's) as initials;
 * `HOLDER_NAME` (a REINFO holder's: a person or a company) as initials unless `subjectRuc`, the holder's RUC, is
 * a company's, whose name is public; `RUC` as a pseudonym unless it is a company's.
 */
export function maskValue(
  kind: MaskKind,
  value: unknown,
  pseudonyms: RucPseudonyms,
  subjectRuc: string | undefined,
): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(kind, item, pseudonyms, subjectRuc));
  if (typeof value !== "string") return null;
  switch (kind) {
    case "RUC":
      return pseudonyms.mask(value);
    case "NAME":
      return nameInitials(value);
    case "HOLDER_NAME":
      return subjectRuc !== undefined && rucKind(subjectRuc) === "COMPANY" ? value : nameInitials(value);
  }
}
