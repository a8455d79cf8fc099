/** A value as MongoDB's update error messages show it: strings quoted, anything else as its string form. */
export function renderValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
