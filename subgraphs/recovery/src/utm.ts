/**
 * UTM ↔ WGS84 for the PAM inventory's coordinates (ESTE, NORTE, ZONA). Peru lies in zones 17, 18 and 19 of the
 * southern hemisphere (false northing 10,000,000 m); the inventory names no datum, so WGS84 is assumed (an
 * extract in PSAD56 would be off by a few hundred metres). Transverse Mercator series after Snyder (1987),
 * *Map Projections: A Working Manual*, USGS PP 1395, good to well under a metre inside a zone.
 */

const A = 6_378_137;
const F = 1 / 298.257223563;
const K0 = 0.9996;
const E2 = F * (2 - F);
const EP2 = E2 / (1 - E2);
const FALSE_EASTING = 500_000;
const FALSE_NORTHING = 10_000_000;
const RAD = Math.PI / 180;

/** A point in UTM, southern hemisphere. */
export interface Utm {
  east: number;
  north: number;
  zone: number;
}

/** The UTM zone of a longitude (1–60). */
export function utmZone(longitude: number): number {
  return Math.min(60, Math.floor((longitude + 180) / 6) + 1);
}

function centralMeridian(zone: number): number {
  return (zone - 1) * 6 - 180 + 3;
}

function meridianArc(phi: number): number {
  const e4 = E2 * E2;
  const e6 = e4 * E2;
  return (
    A *
    ((1 - E2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi -
      ((3 * E2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi) +
      ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi) -
      ((35 * e6) / 3072) * Math.sin(6 * phi))
  );
}

/** WGS84 degrees → UTM (southern hemisphere) in the given zone, or the longitude's own zone. */
export function toUtm(latitude: number, longitude: number, zone = utmZone(longitude)): Utm {
  const phi = latitude * RAD;
  const sin = Math.sin(phi);
  const cos = Math.cos(phi);
  const n = A / Math.sqrt(1 - E2 * sin * sin);
  const t = Math.tan(phi) ** 2;
  const c = EP2 * cos * cos;
  const a = cos * (longitude - centralMeridian(zone)) * RAD;
  const east =
    K0 * n * (a + ((1 - t + c) * a ** 3) / 6 + ((5 - 18 * t + t * t + 72 * c - 58 * EP2) * a ** 5) / 120) +
    FALSE_EASTING;
  const north =
    K0 *
      (meridianArc(phi) +
        n *
          Math.tan(phi) *
          ((a * a) / 2 +
            ((5 - t + 9 * c + 4 * c * c) * a ** 4) / 24 +
            ((61 - 58 * t + t * t + 600 * c - 330 * EP2) * a ** 6) / 720)) +
    FALSE_NORTHING;
  return { east, north, zone };
}

/** UTM (southern hemisphere) → WGS84 degrees. */
export function fromUtm({ east, north, zone }: Utm): { latitude: number; longitude: number } {
  const x = east - FALSE_EASTING;
  const m = (north - FALSE_NORTHING) / K0;
  const e4 = E2 * E2;
  const mu = m / (A * (1 - E2 / 4 - (3 * e4) / 64 - (5 * e4 * E2) / 256));
  const e1 = (1 - Math.sqrt(1 - E2)) / (1 + Math.sqrt(1 - E2));
  const phi1 =
    mu +
    ((3 * e1) / 2 - (27 * e1 ** 3) / 32) * Math.sin(2 * mu) +
    ((21 * e1 * e1) / 16 - (55 * e1 ** 4) / 32) * Math.sin(4 * mu) +
    ((151 * e1 ** 3) / 96) * Math.sin(6 * mu) +
    ((1097 * e1 ** 4) / 512) * Math.sin(8 * mu);
  const sin1 = Math.sin(phi1);
  const cos1 = Math.cos(phi1);
  const c1 = EP2 * cos1 * cos1;
  const t1 = Math.tan(phi1) ** 2;
  const n1 = A / Math.sqrt(1 - E2 * sin1 * sin1);
  const r1 = (A * (1 - E2)) / (1 - E2 * sin1 * sin1) ** 1.5;
  const d = x / (n1 * K0);
  const latitude =
    phi1 -
    ((n1 * Math.tan(phi1)) / r1) *
      ((d * d) / 2 -
        ((5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * EP2) * d ** 4) / 24 +
        ((61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * EP2 - 3 * c1 * c1) * d ** 6) / 720);
  const longitude =
    (d -
      ((1 + 2 * t1 + c1) * d ** 3) / 6 +
      ((5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * EP2 + 24 * t1 * t1) * d ** 5) / 120) /
    cos1;
  return { latitude: latitude / RAD, longitude: centralMeridian(zone) + longitude / RAD };
}
