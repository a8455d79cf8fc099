import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

/**
 * Money is stored as an integer number of céntimos (or cents): exact, summable by `$sum` and `$inc`, and safe
 * up to 2^53 céntimos (90 trillion soles). It crosses the API as a `Decimal` string such as "2604944201.50",
 * never as a float.
 */
export type Cents = number;

const DECIMAL = /^-?\d{1,16}(\.\d{1,2})?$/;

/** "1234.5" → 123450; throws for more than two decimals or a malformed amount. */
export function decimalToCents(value: string): Cents {
  if (!DECIMAL.test(value)) throw new RangeError(`not an amount with at most two decimals: ${value}`);
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = value.replace("-", "").split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount too large: ${value}`);
  return negative ? -cents : cents;
}

/** 123450 → "1234.50". */
export function centsToDecimal(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function parseDecimal(value: unknown): string {
  if (typeof value === "string" && DECIMAL.test(value)) return value;
  throw new GraphQLError(
    `Decimal must be a string amount with at most two decimals, e.g. "2604944201.50"; got ${JSON.stringify(value)}`,
    { extensions: { code: "BAD_USER_INPUT" } },
  );
}

/**
 * Exact decimal amounts as strings (`"2604944201.50"`). Resolvers return a string (use `centsToDecimal`);
 * inputs arrive as validated strings (use `decimalToCents`).
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: 'An exact decimal amount as a string with at most two decimals, e.g. `"2604944201.50"`.',
  serialize(value) {
    if (typeof value === "string" && DECIMAL.test(value)) return value;
    throw new TypeError(`not a Decimal string: ${String(value)}`);
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError("Decimal must be a string", { extensions: { code: "BAD_USER_INPUT" } });
    }
    return parseDecimal(ast.value);
  },
});
