import { z } from "zod";

/** The shared secret `npm start` and the tests use when none is configured; refused in production. */
export const DEVELOPMENT_HUB_SECRET = "tinkuy-development-secret-do-not-use-in-production";

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
    // The embedded server `npm start` runs answers as the one-member replica set rs0 (transactions need one).
    .default("mongodb://127.0.0.1:27017/?replicaSet=rs0"),
  /** Shared by the gateway and the subgraphs: signs the viewer header and keys RUC pseudonyms. */
  HUB_SECRET: z.string().min(32, "must be at least 32 characters").default(DEVELOPMENT_HUB_SECRET),
});

/** The shared secret, refusing to run production on the development default. */
export function hubSecret(env: { NODE_ENV: string; HUB_SECRET: string }): string {
  if (env.NODE_ENV === "production" && env.HUB_SECRET === DEVELOPMENT_HUB_SECRET) {
    process.stderr.write("invalid environment: HUB_SECRET: set a secret of your own in production\n");
    process.exit(1);
  }
  return env.HUB_SECRET;
}

/** A TCP port variable with a default. */
export function portVar(fallback: number): z.ZodDefault<z.ZodCoercedNumber> {
  return z.coerce.number().int().min(0).max(65535).default(fallback);
}
