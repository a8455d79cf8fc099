/**
 * Every district's capital: the dashboard's map draws Peru's shape from these 1,891 points (a light outline that
 * needs no boundary file, and shows where people live). Asked once per page; the catalog does not change with the
 * period.
 */
export const DISTRICTS_QUERY = /* GraphQL */ `
  query DashboardDistricts {
    regions(level: DISTRICT) {
      capital {
        latitude
        longitude
      }
    }
  }
`;

/** A point on the map, in degrees: one district capital as `DISTRICTS_QUERY` returns it. */
export interface Point {
  latitude: number;
  longitude: number;
}
