import { normalizeName } from "@tinkuy/kit";
import type { MiningLiabilityResolvers } from "../generated/resolvers.ts";
import type { LiabilityDoc } from "../models.ts";
import { fromUtm } from "../utm.ts";
import { regionOf } from "./region.ts";

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** `MiningLiability`: the inventory's columns under English names; resolved by ID through the loader. */
export const MiningLiability: MiningLiabilityResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.liabilityById.load(reference.id),
  id: (l) => l.ID,
  inventoryRow: (l) => l.N,
  formerMiningUnit: (l) => l.EUM ?? null,
  type: (l) => l.TIPO,
  subtype: (l) => l.SUBTIPO ?? null,
  basin: (l) => l.CUENCA ?? null,
  district: (l) => regionOf(l.ID_DIST, `liability ${l.ID}`),
  utm: (l) =>
    l.ESTE != null && l.NORTE != null && l.ZONA != null
      ? { east: l.ESTE, north: l.NORTE, zone: l.ZONA }
      : null,
  location: (l) => {
    if (l.ESTE == null || l.NORTE == null || l.ZONA == null) return null;
    const point = fromUtm({ east: l.ESTE, north: l.NORTE, zone: l.ZONA });
    return { latitude: round6(point.latitude), longitude: round6(point.longitude) };
  },
  miningRightCode: (l) => l.CODIGO_DM ?? null,
  miningRightName: (l) => l.NOMBRE_DM ?? null,
  holder: (l) => l.TITULAR ?? null,
  generator: (l) => l.GENERADOR ?? null,
  responsible: (l) => (l.responsibleRuc ? { ruc: l.responsibleRuc } : null),
  responsibleName: (l) => l.RESPONSABLE ?? null,
  environmentalStudy: (l) => l.ESTUDIO_AMBIENTAL ?? null,
  riskLevel: (l) => l.riskLevel ?? null,
  riskStudy: (l) => (l.riskLevel ? (l.riskHistory[l.riskHistory.length - 1]?.study ?? null) : null),
  riskHistory: (l) => l.riskHistory,
  inventoryResolution: (l) => l.inventoryResolution,
};

/**
 * Whose names a liability shows, for the `HOLDER_NAME` mask of `holder`, `generator` and `responsibleName`: the
 * responsible party's RUC, but only when the holder and the generator, where named, are that same party. The
 * rules ask one subject per object and these are up to three parties: a company responsible for remediation
 * must not unmask the person who holds the right. Undefined (no RUC, or another party named) masks all three.
 */
export function liabilityNameSubject(liability: LiabilityDoc): string | undefined {
  if (!liability.responsibleRuc || !liability.RESPONSABLE) return undefined;
  const responsible = normalizeName(liability.RESPONSABLE);
  const others = [liability.TITULAR, liability.GENERADOR].filter((name): name is string => name != null);
  return others.every((name) => normalizeName(name) === responsible) ? liability.responsibleRuc : undefined;
}
