import { createHash } from "node:crypto";
import { mongo } from "mongoose";
import { z } from "zod";
import { conflict } from "./errors.ts";
import { parseInput } from "./validation.ts";

/** How {@link canonicalJson} orders an object's keys. */
export type KeyOrder = (a: string, b: string) => number;

/** By UTF-16 code units: the order of every fingerprint the kit computes. */
const CODE_UNIT_ORDER: KeyOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function canonical(value: unknown, order: KeyOrder): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => canonical(item, order));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => order(a, b))
        .map(([k, v]) => [k, canonical(v, order)]),
    );
  }
  return value;
}

/**
 * The input as JSON with keys sorted and absent and null fields dropped, so equal inputs give equal text. The
 * key order is the kit's own unless `order` is given (to recompute a fingerprint stored in an older form).
 */
export function canonicalJson(input: unknown, order: KeyOrder = CODE_UNIT_ORDER): string {
  return JSON.stringify(canonical(input, order));
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

/** The idempotency key every mutation takes (`idempotencyKey: String!`). */
const idempotencyKey = z
  .string()
  .min(8, "must be 8 to 128 characters")
  .max(128, "must be 8 to 128 characters")
  .regex(/^[\w.:-]+$/, "may contain letters, digits and . _ : - only");

/** A mutation's request once checked: its idempotency key, its validated input and the input's hash. */
export interface WriteRequest<T> {
  key: string;
  input: T;
  /** {@link requestHash} of the input (with `operation`, when given). */
  hash: string;
}

/**
 * The first steps of every write, always in this order: the idempotency key (a malformed one is refused
 * before anything else is looked at), then the whole input (BAD_USER_INPUT naming the field), then its
 * fingerprint. `operation` joins the fingerprint when two mutations record their keys in the same history, so
 * that a key used for one can never replay the other.
 */
export function parseWrite<S extends z.ZodType<object>>(
  schema: S,
  raw: unknown,
  rawKey: unknown,
  operation?: string,
): WriteRequest<z.infer<S>> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(schema, raw, "input");
  const hash = requestHash(operation === undefined ? input : { operation, ...input });
  return { key, input, hash };
}
