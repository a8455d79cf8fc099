import { locateDistrict, PlaceMatcher } from "@tinkuy/kit";
import proj4 from "proj4";

/**
 * The columns of MINEM's PAM inventory annex (RM 338-2025-MINEM/DM and later), as the annex names them; matched
 * ignoring case, accents and spaces (`CODIGO DM` is `CÓDIGO DM`).
 */
export const PAM_COLUMNS = [
  "N",
  "ID",
  "EUM",
  "TIPO",
  "SUBTIPO",
  "CUENCA",
  "REGION",
  "PROVINCIA",
  "DISTRITO",
  "ESTE",
  "NORTE",
  "ZONA",
  "CÓDIGO DM",
  "NOMBRE DM",
  "TITULAR",
  "GENERADOR",
  "RESPONSABLE",
  "ESTUDIO AMBIENTAL",
] as const;

/** Without these an annex cannot say what or where a liability is: the file is refused before writing. */
export const PAM_REQUIRED = [
  "N",
  "ID",
  "TIPO",
  "REGION",
  "PROVINCIA",
  "DISTRITO",
  "ESTE",
  "NORTE",
  "ZONA",
] as const;

/** What the annex writes for a responsible party it has not identified: stored as no party at all. */
export const UNKNOWN_PARTY = "DESCONOCIDO";

/** Peru's UTM zones, southern hemisphere. */
const ZONES = [17, 18, 19] as const;

/**
 * Peru's extent in WGS84 degrees (INEI's limits, rounded outwards to a few hundred metres): a first, cheap test
 * before the district boundaries.
 */
const PERU = { south: -18.36, north: -0.03, west: -81.34, east: -68.65 } as const;

/**
 * Whether a point lies in Peru: inside the extent, and in a district or within the kit's border tolerance of one
 * (`locateDistrict` takes points up to 2.5 km outside its simplified lines, enough for the coast and the borders;
 * no wider margin is added here, or a point in the sea or a neighbouring country would be taken).
 */
export function inPeru(latitude: number, longitude: number): boolean {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return false;
  if (latitude < PERU.south || latitude > PERU.north || longitude < PERU.west || longitude > PERU.east)
    return false;
  return locateDistrict(longitude, latitude).inPeru;
}

const PROJECTIONS = new Map<number, proj4.Converter>(
  ZONES.map((zone) => [
    zone,
    proj4(`+proj=utm +zone=${zone} +south +datum=WGS84 +units=m +no_defs`, "WGS84"),
  ]),
);

/** The fields a row sets on a liability, under the model's names. */
export interface PamFields {
  N: number;
  ID: string;
  EUM: string | null;
  TIPO: string;
  SUBTIPO: string | null;
  CUENCA: string | null;
  REGION: string;
  PROVINCIA: string;
  DISTRITO: string;
  ID_DEPA: string;
  ID_PROV: string;
  ID_DIST: string;
  ESTE: number | null;
  NORTE: number | null;
  ZONA: number | null;
  CODIGO_DM: string | null;
  NOMBRE_DM: string | null;
  TITULAR: string | null;
  GENERADOR: string | null;
  RESPONSABLE: string | null;
  ESTUDIO_AMBIENTAL: string | null;
}

/** A valid row, with where it is and the point it converts to (null without coordinates). */
export interface PamRow {
  line: number;
  fields: PamFields;
  point: { latitude: number; longitude: number } | null;
}

/** One problem of a row: its column and why. */
export interface PamProblem {
  field: string;
  reason: string;
}

/** UTM (zones 17–19 south, WGS84) to degrees with proj4. */
export function utmToDegrees(
  east: number,
  north: number,
  zone: number,
): { latitude: number; longitude: number } {
  const projection = PROJECTIONS.get(zone);
  if (!projection) throw new RangeError(`zone ${zone} is not one of Peru's (17, 18, 19)`);
  const [longitude, latitude] = projection.forward([east, north]) as [number, number];
  return { latitude, longitude };
}

/**
 * A number as annexes write it: `812345.25`, `812345,25` (decimal comma), `812 345,25` or `812,345.25`
 * (thousands separated); undefined when it is none.
 */
export function parseAnnexNumber(text: string): number | undefined {
  let t = text.replace(/[\s\u00a0]/g, "");
  if (t === "") return undefined;
  if (t.includes(",") && t.includes(".")) {
    t =
      t.lastIndexOf(",") > t.lastIndexOf(".") ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  } else if (t.includes(",")) {
    t =
      /^-?\d{1,3}(,\d{3})+$/.test(t) && !/^-?\d{1,3},\d{3}$/.test(t)
        ? t.replace(/,/g, "")
        : t.replace(",", ".");
  }
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  const value = Number(t);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads and checks one row of the annex: the liability's fields, or every problem the row has. */
export class PamRowReader {
  readonly #places = new PlaceMatcher({ department: "REGION", province: "PROVINCIA", district: "DISTRITO" });

  read(cells: Record<string, string>, line: number): PamRow | PamProblem[] {
    const problems: PamProblem[] = [];
    const text = (column: string): string | null => {
      const value = (cells[column] ?? "").replace(/\s+/g, " ").trim();
      return value === "" ? null : value;
    };
    const id = text("ID");
    if (id === null)
      problems.push({ field: "ID", reason: "the ID is empty: a liability is known by its ID" });
    const nText = text("N");
    const n = nText === null ? undefined : parseAnnexNumber(nText);
    if (n === undefined || !Number.isSafeInteger(n) || n < 1) {
      problems.push({ field: "N", reason: `N ${JSON.stringify(nText ?? "")} is not a row number (1, 2, …)` });
    }
    const type = text("TIPO");
    if (type === null) problems.push({ field: "TIPO", reason: "TIPO is empty" });

    const region = text("REGION") ?? "";
    const province = text("PROVINCIA") ?? "";
    const districtName = text("DISTRITO") ?? "";
    const place = this.#places.match(region, province, districtName);
    if ("reason" in place) problems.push(place);

    const coordinates = this.#coordinates(text("ESTE"), text("NORTE"), text("ZONA"), problems);

    if (problems.length > 0) return problems;
    const district = (place as { district: { ubigeo: string } }).district.ubigeo;
    const responsible = text("RESPONSABLE");
    return {
      line,
      point: coordinates?.point ?? null,
      fields: {
        N: n as number,
        ID: id as string,
        EUM: text("EUM"),
        TIPO: type as string,
        SUBTIPO: text("SUBTIPO"),
        CUENCA: text("CUENCA")?.toUpperCase() ?? null,
        REGION: region,
        PROVINCIA: province,
        DISTRITO: districtName,
        ID_DEPA: district.slice(0, 2),
        ID_PROV: district.slice(0, 4),
        ID_DIST: district,
        ESTE: coordinates?.east ?? null,
        NORTE: coordinates?.north ?? null,
        ZONA: coordinates?.zone ?? null,
        CODIGO_DM: miningRightCode(text("CÓDIGO DM")),
        NOMBRE_DM: text("NOMBRE DM"),
        TITULAR: text("TITULAR"),
        GENERADOR: text("GENERADOR"),
        RESPONSABLE: responsible !== null && responsible.toUpperCase() === UNKNOWN_PARTY ? null : responsible,
        ESTUDIO_AMBIENTAL: text("ESTUDIO AMBIENTAL"),
      },
    };
  }

  /** ESTE, NORTE and ZONA checked and converted; null when all three are empty (the annex gives no point). */
  #coordinates(
    eastText: string | null,
    northText: string | null,
    zoneText: string | null,
    problems: PamProblem[],
  ): { east: number; north: number; zone: number; point: { latitude: number; longitude: number } } | null {
    if (eastText === null && northText === null && zoneText === null) return null;
    const east = eastText === null ? undefined : parseAnnexNumber(eastText);
    const north = northText === null ? undefined : parseAnnexNumber(northText);
    const zone = zoneText === null ? undefined : parseAnnexNumber(zoneText.replace(/\s*(S|SUR)$/i, ""));
    const before = problems.length;
    if (east === undefined) {
      problems.push({
        field: "ESTE",
        reason: `ESTE ${JSON.stringify(eastText ?? "")} is not a number of metres`,
      });
    }
    if (north === undefined) {
      problems.push({
        field: "NORTE",
        reason: `NORTE ${JSON.stringify(northText ?? "")} is not a number of metres`,
      });
    }
    if (zone === undefined) {
      problems.push({ field: "ZONA", reason: `ZONA ${JSON.stringify(zoneText ?? "")} is not a zone number` });
    } else if (!(ZONES as readonly number[]).includes(zone)) {
      problems.push({
        field: "ZONA",
        reason: `zone ${zoneText} is outside Peru's UTM zones 17, 18 and 19 (south)`,
      });
    }
    if (problems.length > before) return null;
    const point = utmToDegrees(east as number, north as number, zone as number);
    const inside = inPeru(point.latitude, point.longitude);
    if (!inside) {
      problems.push({
        field: "ESTE",
        reason:
          `ESTE ${eastText}, NORTE ${northText}, zone ${zoneText} south is ` +
          `${Number.isFinite(point.latitude) ? `${point.latitude.toFixed(4)}, ${point.longitude.toFixed(4)}` : "no point"}, outside Peru`,
      });
      return null;
    }
    return { east: east as number, north: north as number, zone: zone as number, point };
  }
}

/** INGEMMET's 9-character code: digits a spreadsheet shortened (`10000123` from `010000123`) padded back. */
function miningRightCode(text: string | null): string | null {
  if (text === null || text === "-") return null;
  return /^\d{1,8}$/.test(text) ? text.padStart(9, "0") : text;
}
