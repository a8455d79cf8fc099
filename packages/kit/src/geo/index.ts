export { BoundaryIndex, type Boundary } from "./boundary-index.ts";
export {
  DistrictLocator,
  districtLocator,
  locateDistrict,
  type DistrictLocation,
} from "./locate-district.ts";
