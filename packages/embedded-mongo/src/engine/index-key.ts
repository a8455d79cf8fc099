import type { Binary, Timestamp } from "bson";
import { toNumber, typeClass } from "./bson-order.ts";

/**
 * A string that is equal for two values exactly when MongoDB's equality match treats them as equal, so hash
 * indexes and the `_id` map can be plain `Map`s. Numbers of every BSON numeric type share one form (1, 1.0 and
 * Long(1) are the same key); embedded documents keep their field order, as in MongoDB.
 */
export function indexKey(value: unknown): string {
  switch (typeClass(value)) {
    case "null":
      return "z";
    case "minKey":
      return "<";
    case "maxKey":
      return ">";
    case "number": {
      const n = toNumber(value);
      return Object.is(n, -0) ? "n0" : `n${n}`;
    }
    case "string":
      return `s${typeof value === "string" ? value : String((value as { value: unknown }).value)}`;
    case "boolean":
      return value ? "bt" : "bf";
    case "date":
      return `d${(value as Date).getTime()}`;
    case "objectId":
      return `o${(value as { toHexString(): string }).toHexString()}`;
    case "binary": {
      if (value instanceof Uint8Array) return `x0:${Buffer.from(value).toString("base64")}`;
      const b = value as Binary;
      return `x${b.sub_type}:${Buffer.from(b.buffer.subarray(0, b.position)).toString("base64")}`;
    }
    case "timestamp":
      return `t${(value as Timestamp).toBigInt()}`;
    case "regex": {
      const r = value as RegExp;
      return `r/${r.source}/${r.flags}`;
    }
    case "array":
      return `a[${(value as unknown[]).map(indexKey).join(",")}]`;
    case "object":
      return `{${Object.entries(value as object)
        .map(([k, v]) => `${JSON.stringify(k)}:${indexKey(v)}`)
        .join(",")}}`;
  }
}
