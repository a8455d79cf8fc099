import { PlaceMatcher as KitPlaceMatcher } from "@tinkuy/kit";

/** The kit's matcher with REINFO's column names (DEPARTAMENTO, PROVINCIA, DISTRITO). */
export class PlaceMatcher extends KitPlaceMatcher {
  constructor() {
    super({ department: "DEPARTAMENTO", province: "PROVINCIA", district: "DISTRITO" });
  }
}
