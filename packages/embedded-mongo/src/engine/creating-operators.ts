/** Update operators that create their path when it is missing (the others leave a missing path alone). */
export const CREATING_OPERATORS: ReadonlySet<string> = new Set([
  "$set",
  "$inc",
  "$mul",
  "$min",
  "$max",
  "$push",
  "$addToSet",
  "$bit",
]);
