import type { z } from "zod";
import { badUserInput } from "./errors.ts";

/**
 * Validates a whole input with a zod schema before anything is written. The first problem becomes a
 * BAD_USER_INPUT error naming its field (`input.latitude`); every problem is listed in `extensions.issues`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: root, message: "invalid input" };
  throw badUserInput(first.field, `${first.field}: ${first.message}`, { issues });
}
