import { z } from "zod";

/**
 * Parses the environment once, at boot, with a schema. Every problem is printed and the process exits: a
 * misconfigured service must not start half-working. Nothing else in a process reads `process.env`.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    process.stderr.write(`invalid environment: ${issue.path.join(".") || "(root)"}: ${issue.message}\n`);
  }
  process.exit(1);
}

/** Variables every service reads, with defaults that make `npm start` work with no configuration. */
export const baseEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "must be a mongodb:// or mongodb+srv:// URI")
    .default("mongodb://127.0.0.1:27017/"),
});

/** A TCP port variable with a default. */
export function portVar(fallback: number): z.ZodDefault<z.ZodCoercedNumber> {
  return z.coerce.number().int().min(0).max(65535).default(fallback);
}
