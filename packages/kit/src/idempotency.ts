import { createHash } from "node:crypto";
import { conflict } from "./errors.ts";
import { mongo } from "mongoose";

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** The input as JSON with keys sorted and absent and null fields dropped, so equal inputs give equal text. */
export function canonicalJson(input: unknown): string {
  return JSON.stringify(canonical(input));
}

/**
 * A fingerprint of a validated input (keys sorted, absent and null fields alike), stored with the write it
 * caused: a retry under the same idempotency key must carry the same input, or it is a CONFLICT.
 */
export function requestHash(input: unknown): string {
  return createHash("sha256").update(canonicalJson(input)).digest("base64url");
}

/** The first result when the stored write came from the same input; CONFLICT when the key was used for another. */
export function replayed<T>(stored: T, storedHash: string | undefined, hash: string, key: string): T {
  if (storedHash === hash) return stored;
  throw conflict("idempotencyKey", `the idempotency key ${key} was already used for a different request`);
}

/** Whether a write failed on a unique index (a concurrent retry, or an identifier already taken). */
export function isDuplicateKey(error: unknown): error is mongo.MongoServerError {
  return error instanceof mongo.MongoServerError && error.code === 11000;
}
