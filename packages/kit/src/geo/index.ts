export { BoundaryIndex, type Boundary } from "./boundary-index.ts";
export {
  BORDER_TOLERANCE_METRES,
  DistrictLocator,
  districtLocator,
  locateDistrict,
  type BoundaryFeature,
  type DistrictLocation,
} from "./locate-district.ts";
