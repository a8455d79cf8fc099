import { typeClass } from "./bson-order.ts";

/** MongoDB's name for a value's BSON type, as its error messages give it. */
export function typeName(value: unknown): string {
  const cls = typeClass(value);
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "double";
  if (cls === "boolean") return "bool";
  return cls;
}
