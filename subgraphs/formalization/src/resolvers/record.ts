import { invariant, regionCatalog, type RegionEntry } from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import type { RecordDoc, StatusEntry } from "../models.ts";
import { STATUS_OF, type ReinfoStatus } from "../status.ts";

/** `ReinfoRecord`: REINFO's columns under English names; resolved by code through the per-request loader. */
export const ReinfoRecord = {
  __resolveReference(
    reference: { code: string },
    { loaders }: FormalizationContext,
  ): Promise<RecordDoc | null> {
    return loaders.recordByCode.load(reference.code);
  },
  code: (record: RecordDoc) => record.COD_REINFO,
  operator: (record: RecordDoc) => ({ ruc: record.M_RUC }),
  minerName: (record: RecordDoc) => record.NOMBRE_MIN,
  legalRepresentative: (record: RecordDoc) => record.NOMBRE_REP ?? null,
  miningRight: (record: RecordDoc) => ({ code: record.ID_UNIDAD, name: record.NOMBRE_DM ?? null }),
  district: (record: RecordDoc): RegionEntry => {
    const district = regionCatalog().get(record.ID_DIST);
    // Every write checks the district against the catalog, so a miss means the catalog lost a district.
    invariant(district, `record ${record.COD_REINFO} has district ${record.ID_DIST}, unknown to the catalog`);
    return district;
  },
  location: (record: RecordDoc) =>
    record.LATITUD_G84 != null && record.LONGITUD_G84 != null
      ? { latitude: record.LATITUD_G84, longitude: record.LONGITUD_G84 }
      : null,
  activityType: (record: RecordDoc) => record.TIPO_ACT ?? null,
  status: (record: RecordDoc): ReinfoStatus => STATUS_OF[record.ESTADO],
  registrationYear: (record: RecordDoc) => record.A_INSCRIPCION,
  sourceUpdatedAt: (record: RecordDoc) => record.FECHA_ACTUALIZACION ?? null,
  statusHistory: (record: RecordDoc) =>
    record.history.map((entry: StatusEntry) => ({
      status: STATUS_OF[entry.status],
      date: entry.date,
      reason: entry.reason,
      legalBasis: entry.legalBasis,
      recordedBy: entry.recordedBy,
      provenance: entry.provenance,
    })),
  provenance: (record: RecordDoc) => record.provenance,
};
