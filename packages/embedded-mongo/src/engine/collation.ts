import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject } from "./paths.ts";

/**
 * The ICU version MongoDB 7 reports in a collation's `version` (it ships its own ICU 57.1). A `version` asking
 * for anything else is refused with IncompatibleCollationVersion, as MongoDB refuses it.
 */
export const COLLATION_VERSION = "57.1";

/** The locales MongoDB's collation accepts (ICU locale IDs, as its documentation lists them). */
const LOCALES = new Set(
  (
    "af am ar as az be bg bn bo bs bs_Cyrl ca chr cs cy da de de_AT dsb dz ee el en en_US en_US_POSIX eo es " +
    "et fa fa_AF fi fil fo fr fr_CA ga gl gu ha haw he hi hr hsb hu hy id ig is it ja ka kk kl km kn ko kok " +
    "ky lb lkt ln lo lt lv mk ml mn mr ms mt my nb ne nl nn om or pa pl ps pt ro ru se si sk sl smn sq sr " +
    "sr_Latn sv sw ta te th to tr ug uk ur vi wae yi yo zh zh_Hant zu"
  ).split(" "),
);

/** ICU `@collation=` variant names and their BCP 47 `-u-co-` spelling, which `Intl.Collator` takes. */
const VARIANTS: Record<string, string> = {
  big5han: "big5han",
  compat: "compat",
  dictionary: "dict",
  emoji: "emoji",
  eor: "eor",
  gb2312han: "gb2312",
  phonebook: "phonebk",
  phonetic: "phonetic",
  pinyin: "pinyin",
  reformed: "reformed",
  search: "search",
  stroke: "stroke",
  traditional: "trad",
  unihan: "unihan",
  zhuyin: "zhuyin",
};

const FIELDS = [
  "locale",
  "caseLevel",
  "caseFirst",
  "strength",
  "numericOrdering",
  "alternate",
  "maxVariable",
  "normalization",
  "backwards",
  "version",
] as const;

type Field = (typeof FIELDS)[number];

function render(spec: Document): string {
  return JSON.stringify(spec).replaceAll('"', "'");
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "double";
  if (typeof value === "object") return "object";
  return typeof value;
}

function wrongType(field: Field, expected: string, value: unknown): MongoCommandError {
  return new MongoCommandError(
    "TypeMismatch",
    `"${field}" had the wrong type. Expected ${expected}, found ${typeName(value)}`,
  );
}

function booleanField(raw: Document, field: Field): boolean | undefined {
  const value = raw[field] as unknown;
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw wrongType(field, "bool", value);
  return value;
}

function stringField(raw: Document, field: Field): string | undefined {
  const value = raw[field] as unknown;
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw wrongType(field, "string", value);
  return value;
}

function choice<T extends string>(raw: Document, field: Field, allowed: readonly T[]): T | undefined {
  const value = stringField(raw, field);
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  const options = allowed.map((a) => `'${a}'`);
  const list =
    options.length === 2 ? options.join(" or ") : `${options.slice(0, -1).join(", ")}, or ${options.at(-1)}`;
  throw new MongoCommandError("FailedToParse", `Field '${field}' must be ${list}. Got: ${value}`);
}

/**
 * A collation as MongoDB defines it (`{locale, strength, caseLevel, caseFirst, numericOrdering, alternate,
 * maxVariable, normalization, backwards}`), compared with the ICU that Node ships through `Intl.Collator`.
 *
 * `Intl.Collator` offers ICU's strength only as a `sensitivity` (primary, primary with case level,
 * secondary, tertiary), so the other combinations are composed from collators that agree up to the level
 * that decides: strength 2 or 3 with `caseLevel` compares at primary-with-case first (ICU's case level sits
 * between the primary and secondary levels), then at the strength's own level; strength 4 breaks a tertiary
 * tie by the characters `alternate: "shifted"` ignored (ICU's quaternary level); strength 5 then breaks the
 * remaining ties by code points of the NFD form (ICU's identical level). Options Intl cannot express
 * (`backwards` other than the locale's default, `maxVariable: "space"` with `alternate: "shifted"`) are
 * refused as NotImplemented rather than answered wrongly.
 */
export class Collation {
  /** The complete collation document, as `listIndexes` and `listCollections` report it. */
  readonly spec: Readonly<Document>;
  /** Equal for two collations exactly when they compare every pair of strings alike (an index's test). */
  readonly id: string;
  /** Compares two strings under this collation: negative, zero or positive. */
  readonly compare: (a: string, b: string) => number;

  constructor(spec: Document, compare: (a: string, b: string) => number) {
    this.spec = Object.freeze(spec);
    this.id = JSON.stringify(spec);
    this.compare = compare;
    bySpec.set(this.spec, this);
  }

  /** Whether two strings are equal under this collation (an equality match's test). */
  equals(a: string, b: string): boolean {
    return a === b || this.compare(a, b) === 0;
  }
}

const bySpec = new WeakMap<object, Collation>();

/**
 * The collation whose `spec` this is: mingo carries a collation in its options as the document (its own
 * `$sort` reads it), and this server's operators find the comparison again through it.
 */
export function collationOfSpec(spec: unknown): Collation | undefined {
  return typeof spec === "object" && spec !== null ? bySpec.get(spec) : undefined;
}

const cache = new Map<string, Collation | undefined>();

/**
 * The collation a command's `collation` field asks for, validated as MongoDB validates it (same codes and
 * messages); undefined for `{locale: "simple"}`, the binary comparison. Parsed collations are cached by
 * their document, so a query pays for its collators once.
 */
export function parseCollation(raw: unknown): Collation | undefined {
  if (!isPlainObject(raw)) {
    throw new MongoCommandError(
      "TypeMismatch",
      `BSON field 'collation' is the wrong type '${typeName(raw)}', expected type 'object'`,
    );
  }
  const cacheKey = JSON.stringify(raw);
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  const parsed = build(raw);
  if (cache.size > 1000) cache.clear();
  cache.set(cacheKey, parsed);
  return parsed;
}

function build(raw: Document): Collation | undefined {
  const locale = raw.locale as unknown;
  if (locale === undefined) {
    throw new MongoCommandError("NoSuchKey", 'Missing expected field "locale"');
  }
  if (typeof locale !== "string") throw wrongType("locale", "string", locale);
  if (locale.includes("\0")) {
    throw new MongoCommandError(
      "BadValue",
      `Field 'locale' cannot contain null byte. Collation spec: ${render(raw)}`,
    );
  }
  if (locale === "simple") {
    if (Object.keys(raw).length > 1) {
      throw new MongoCommandError(
        "FailedToParse",
        `If locale=simple, no other fields should be present in: ${render(raw)}`,
      );
    }
    return undefined;
  }
  if (locale === "") {
    throw new MongoCommandError("BadValue", `Field 'locale' cannot be the empty string in: ${render(raw)}`);
  }
  const bcp47 = toBcp47(locale);
  if (bcp47 === undefined) {
    const base = locale.split(/[@_]/)[0] ?? "";
    const hint = LOCALES.has(base) && base !== locale ? `. Did you mean '${base}'?` : "";
    throw new MongoCommandError("BadValue", `Field 'locale' is invalid in: ${render(raw)}${hint}`);
  }
  const defaults = new Intl.Collator(bcp47).resolvedOptions();
  const caseLevel = booleanField(raw, "caseLevel") ?? false;
  const caseFirst =
    choice(raw, "caseFirst", ["upper", "lower", "off"] as const) ??
    (defaults.caseFirst === "upper" || defaults.caseFirst === "lower" ? defaults.caseFirst : "off");
  const strengthValue = raw.strength as unknown;
  let strength = 3;
  if (strengthValue !== undefined) {
    if (typeof strengthValue !== "number") throw wrongType("strength", "number", strengthValue);
    if (!Number.isInteger(strengthValue) || strengthValue < 1 || strengthValue > 5) {
      throw new MongoCommandError(
        "FailedToParse",
        `Field 'strength' must be an integer 1 through 5. Got: ${String(strengthValue)}`,
      );
    }
    strength = strengthValue;
  }
  const numericOrdering = booleanField(raw, "numericOrdering") ?? false;
  const alternate =
    choice(raw, "alternate", ["non-ignorable", "shifted"] as const) ??
    (defaults.ignorePunctuation ? "shifted" : "non-ignorable");
  const maxVariable = choice(raw, "maxVariable", ["punct", "space"] as const) ?? "punct";
  const normalization = booleanField(raw, "normalization") ?? false;
  const localeBackwards = locale === "fr_CA";
  const backwards = booleanField(raw, "backwards") ?? localeBackwards;
  const version = stringField(raw, "version");
  if (version !== undefined && version !== COLLATION_VERSION) {
    throw new MongoCommandError(
      "IncompatibleCollationVersion",
      `Requested collation version ${version} but the only available collator version was ${COLLATION_VERSION}. Requested collation spec: ${render(raw)}`,
    );
  }
  const unknown = Object.keys(raw).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new MongoCommandError(
      "FailedToParse",
      `Collation spec contains unknown field. Collation spec: ${render(raw)}`,
    );
  }
  const spec: Document = {
    locale,
    caseLevel,
    caseFirst,
    strength,
    numericOrdering,
    alternate,
    maxVariable,
    normalization,
    backwards,
    version: COLLATION_VERSION,
  };
  if (backwards && strength === 1) {
    throw new MongoCommandError(
      "BadValue",
      `'backwards' is invalid with 'strength' of 1 in: ${render(spec)}`,
    );
  }
  if (caseFirst !== "off" && !caseLevel && strength < 3) {
    throw new MongoCommandError(
      "BadValue",
      `'caseFirst' is invalid unless 'caseLevel' is on or 'strength' is greater than 2 in: ${render(spec)}`,
    );
  }
  if (backwards !== localeBackwards) {
    throw new MongoCommandError(
      "NotImplemented",
      `collation 'backwards: ${String(backwards)}' for locale '${locale}' is not supported by the embedded server`,
    );
  }
  if (maxVariable === "space" && alternate === "shifted") {
    throw new MongoCommandError(
      "NotImplemented",
      "collation 'maxVariable: space' is not supported by the embedded server",
    );
  }
  return new Collation(spec, comparator(bcp47, spec));
}

/** The BCP 47 tag `Intl.Collator` needs for a MongoDB (ICU) locale ID; undefined for an unsupported one. */
function toBcp47(locale: string): string | undefined {
  const [id, keywords] = locale.split("@", 2) as [string, string | undefined];
  if (!LOCALES.has(id)) return undefined;
  const tag = id === "en_US_POSIX" ? "en-US-u-va-posix" : id.replaceAll("_", "-");
  if (keywords === undefined) return tag;
  const match = /^collation=([a-z0-9]+)$/.exec(keywords);
  const variant = match ? VARIANTS[match[1] as string] : undefined;
  if (variant === undefined) return undefined;
  const withVariant = `${tag}-u-co-${variant}`;
  // A variant the locale does not have falls back to the standard order: MongoDB refuses it.
  return new Intl.Collator(withVariant).resolvedOptions().collation === variant ? withVariant : undefined;
}

type Compare = (a: string, b: string) => number;

function comparator(tag: string, spec: Document): Compare {
  const base: Intl.CollatorOptions = {
    usage: "sort",
    numeric: spec.numericOrdering as boolean,
    caseFirst: spec.caseFirst === "off" ? "false" : (spec.caseFirst as "upper" | "lower"),
    ignorePunctuation: spec.alternate === "shifted",
  };
  const at = (sensitivity: Intl.CollatorOptions["sensitivity"], extra: Intl.CollatorOptions = {}): Compare =>
    new Intl.Collator(tag, { ...base, sensitivity, ...extra }).compare;
  const strength = spec.strength as number;
  const caseLevel = spec.caseLevel as boolean;
  let compare: Compare;
  if (strength === 1) compare = at(caseLevel ? "case" : "base");
  else {
    const own = at(strength === 2 ? "accent" : "variant");
    if (caseLevel) {
      const withCase = at("case");
      compare = (a, b) => withCase(a, b) || own(a, b);
    } else compare = own;
    if (strength >= 4) {
      const tertiary = compare;
      const quaternary =
        spec.alternate === "shifted" ? at("variant", { ignorePunctuation: false }) : undefined;
      compare = quaternary ? (a, b) => tertiary(a, b) || quaternary(a, b) : tertiary;
    }
    if (strength === 5) {
      const quaternary = compare;
      compare = (a, b) => quaternary(a, b) || codePointOrder(a.normalize("NFD"), b.normalize("NFD"));
    }
  }
  if (spec.normalization === true) {
    const plain = compare;
    compare = (a, b) => plain(a.normalize("NFD"), b.normalize("NFD"));
  }
  return compare;
}

function codePointOrder(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
