import { Decimal128 } from "bson";

/** Decimal128 keeps 34 significant digits. */
const PRECISION = 34;
const MAX_COEFFICIENT = 10n ** BigInt(PRECISION) - 1n;
/** The range of the exponent of the coefficient's last digit, and its bias in the encoding. */
const EXPONENT_MIN = -6176;
const EXPONENT_MAX = 6111;
const EXPONENT_BIAS = 6176;
/** A double converted to a decimal keeps 15 significant digits, as MongoDB converts it. */
const DOUBLE_DIGITS = 15;

type Kind = "finite" | "infinity" | "nan";

/**
 * An IEEE 754 decimal128 number as a sign, an integer coefficient and an exponent (±coefficient × 10^exponent),
 * for exact arithmetic on BigInt. A sum or product is computed exactly and rounded (half to even, as MongoDB's
 * decimal library rounds) only when it needs more than 34 digits, and the exponent stays as computed: 1.10 + 2
 * is 3.10, not 3.1, so amounts keep the scale they were written with.
 */
export class Decimal128Value {
  readonly kind: Kind;
  readonly negative: boolean;
  readonly coefficient: bigint;
  readonly exponent: number;

  private constructor(kind: Kind, negative: boolean, coefficient: bigint, exponent: number) {
    this.kind = kind;
    this.negative = negative;
    this.coefficient = coefficient;
    this.exponent = exponent;
  }

  /** Decodes bson's Decimal128 (binary integer decimal, little-endian). */
  static fromBson(value: Decimal128): Decimal128Value {
    let bits = 0n;
    for (let i = 15; i >= 0; i--) bits = (bits << 8n) | BigInt(value.bytes[i] ?? 0);
    const negative = bits >> 127n === 1n;
    const combination = (bits >> 122n) & 0x1fn;
    if (combination === 0x1fn) return new Decimal128Value("nan", negative, 0n, 0);
    if (combination === 0x1en) return new Decimal128Value("infinity", negative, 0n, 0);
    if (((bits >> 125n) & 3n) === 3n) {
      // This form holds coefficients of 2^113 and more, all beyond 34 digits: non-canonical, read as zero.
      const exponent = Number((bits >> 111n) & 0x3fffn) - EXPONENT_BIAS;
      return new Decimal128Value("finite", negative, 0n, exponent);
    }
    const exponent = Number((bits >> 113n) & 0x3fffn) - EXPONENT_BIAS;
    const coefficient = bits & ((1n << 113n) - 1n);
    return new Decimal128Value(
      "finite",
      negative,
      coefficient > MAX_COEFFICIENT ? 0n : coefficient,
      exponent,
    );
  }

  /** An integer (an int32 or a Long), exactly. */
  static fromInteger(value: bigint): Decimal128Value {
    return Decimal128Value.finite(value < 0n, value < 0n ? -value : value, 0);
  }

  /**
   * A double as MongoDB converts it for arithmetic with a decimal: its exact binary value rounded to 34 digits,
   * then to exactly 15 significant digits (0.1 becomes 0.100000000000000), half to even both times.
   */
  static fromDouble(value: number): Decimal128Value {
    if (Number.isNaN(value)) return new Decimal128Value("nan", false, 0n, 0);
    if (!Number.isFinite(value)) return new Decimal128Value("infinity", value < 0, 0n, 0);
    if (value === 0) return new Decimal128Value("finite", Object.is(value, -0), 0n, 0);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    const bits = view.getBigUint64(0);
    const biased = Number((bits >> 52n) & 0x7ffn);
    const fraction = bits & ((1n << 52n) - 1n);
    // value = mantissa × 2^power exactly; a negative power is a decimal exponent once multiplied by 5^-power.
    const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
    const power = (biased === 0 ? 1 : biased) - 1075;
    const exact =
      power >= 0
        ? { coefficient: mantissa << BigInt(power), exponent: 0 }
        : { coefficient: mantissa * 5n ** BigInt(-power), exponent: power };
    const rounded = Decimal128Value.finite(value < 0, exact.coefficient, exact.exponent);
    let { coefficient, exponent } = rounded;
    const digits = digitCount(coefficient);
    if (digits < DOUBLE_DIGITS) {
      coefficient *= 10n ** BigInt(DOUBLE_DIGITS - digits);
      exponent -= DOUBLE_DIGITS - digits;
    } else if (digits > DOUBLE_DIGITS) {
      coefficient = roundHalfEven(coefficient, digits - DOUBLE_DIGITS);
      exponent += digits - DOUBLE_DIGITS;
      // Rounding 999…9.5 up carries into a 16th digit, which is a zero to drop.
      if (digitCount(coefficient) > DOUBLE_DIGITS) {
        coefficient /= 10n;
        exponent += 1;
      }
    }
    return Decimal128Value.finite(rounded.negative, coefficient, exponent);
  }

  /**
   * A finite result made representable: rounded half to even when it has more than 34 digits or an exponent
   * below the smallest (one rounding for both), clamped into the largest exponent by trailing zeros when the
   * coefficient has room, and infinite when it has none.
   */
  private static finite(negative: boolean, coefficient: bigint, exponent: number): Decimal128Value {
    const drop = Math.max(digitCount(coefficient) - PRECISION, EXPONENT_MIN - exponent, 0);
    if (drop > 0) {
      coefficient = roundHalfEven(coefficient, drop);
      exponent += drop;
      if (coefficient > MAX_COEFFICIENT) {
        coefficient /= 10n;
        exponent += 1;
      }
    }
    if (exponent > EXPONENT_MAX) {
      const shift = exponent - EXPONENT_MAX;
      if (coefficient !== 0n && digitCount(coefficient) + shift > PRECISION) {
        return new Decimal128Value("infinity", negative, 0n, 0);
      }
      coefficient *= 10n ** BigInt(shift);
      exponent = EXPONENT_MAX;
    }
    return new Decimal128Value("finite", negative, coefficient, exponent);
  }

  /** The sum, exact unless it needs more than 34 digits (a zero sum is negative only when both operands are). */
  add(other: Decimal128Value): Decimal128Value {
    if (this.kind === "nan") return this;
    if (other.kind === "nan") return other;
    if (this.kind === "infinity" || other.kind === "infinity") {
      if (this.kind === other.kind && this.negative !== other.negative) {
        return new Decimal128Value("nan", false, 0n, 0);
      }
      return this.kind === "infinity" ? this : other;
    }
    const exponent = Math.min(this.exponent, other.exponent);
    const sum = this.scaledTo(exponent) + other.scaledTo(exponent);
    if (sum === 0n) return Decimal128Value.finite(this.negative && other.negative, 0n, exponent);
    return Decimal128Value.finite(sum < 0n, sum < 0n ? -sum : sum, exponent);
  }

  /** The product, exact unless it needs more than 34 digits; its exponent is the sum of the operands'. */
  multiply(other: Decimal128Value): Decimal128Value {
    if (this.kind === "nan") return this;
    if (other.kind === "nan") return other;
    const negative = this.negative !== other.negative;
    if (this.kind === "infinity" || other.kind === "infinity") {
      if (this.isZero() || other.isZero()) return new Decimal128Value("nan", false, 0n, 0);
      return new Decimal128Value("infinity", negative, 0n, 0);
    }
    return Decimal128Value.finite(
      negative,
      this.coefficient * other.coefficient,
      this.exponent + other.exponent,
    );
  }

  /** Equal in value, whatever the scale (2.50 equals 2.5, 0 equals -0); NaN equals nothing. */
  equals(other: Decimal128Value): boolean {
    if (this.kind === "nan" || other.kind === "nan") return false;
    if (this.kind === "infinity" || other.kind === "infinity") {
      return this.kind === other.kind && this.negative === other.negative;
    }
    if (this.isZero() && other.isZero()) return true;
    const exponent = Math.min(this.exponent, other.exponent);
    return this.scaledTo(exponent) === other.scaledTo(exponent);
  }

  /** Encodes bson's Decimal128. */
  toBson(): Decimal128 {
    let bits: bigint;
    if (this.kind === "nan") bits = 0x1fn << 122n;
    else if (this.kind === "infinity") bits = 0x1en << 122n;
    else bits = (BigInt(this.exponent + EXPONENT_BIAS) << 113n) | this.coefficient;
    if (this.negative) bits |= 1n << 127n;
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Number((bits >> BigInt(8 * i)) & 0xffn);
    return new Decimal128(bytes);
  }

  private isZero(): boolean {
    return this.kind === "finite" && this.coefficient === 0n;
  }

  /** The signed coefficient for a smaller (or equal) exponent. */
  private scaledTo(exponent: number): bigint {
    const scaled = this.coefficient * 10n ** BigInt(this.exponent - exponent);
    return this.negative ? -scaled : scaled;
  }
}

function digitCount(value: bigint): number {
  return value === 0n ? 1 : value.toString().length;
}

/** `value` / 10^drop, rounded half to even. */
function roundHalfEven(value: bigint, drop: number): bigint {
  const divisor = 10n ** BigInt(drop);
  const quotient = value / divisor;
  const twice = (value % divisor) * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}
