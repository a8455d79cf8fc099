import { levelOf, type RegionLevel } from "@tinkuy/kit";

/**
 * The region codes of a loader's batch by level (unknown codes left out), so a loader sends one command per
 * level asked for, whatever the number of regions: each level is an indexed field of its own.
 */
export function codesByLevel(codes: readonly string[]): Map<RegionLevel, string[]> {
  const byLevel = new Map<RegionLevel, string[]>();
  for (const code of codes) {
    const level = levelOf(code);
    if (level) byLevel.set(level, [...(byLevel.get(level) ?? []), code]);
  }
  return byLevel;
}
