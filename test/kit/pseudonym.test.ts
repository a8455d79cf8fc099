import { describe, expect, it } from "vitest";
import { maskValue, nameInitials, RucPseudonyms, rucCheckDigit } from "../../packages/kit/src/index.ts";

const ruc = (firstTen: string) => `${firstTen}${rucCheckDigit(firstTen)}`;

describe("RUC pseudonyms", () => {
  const pseudonyms = new RucPseudonyms("a-test-secret-that-is-at-least-32-chars");
  const person = ruc("1045678912");
  const company = ruc("2045678912");

  it("hide a person's RUC (and so the DNI in it) behind the same pseudonym every time", () => {
    const masked = pseudonyms.mask(person);
    expect(masked).toMatch(/^psn_[A-Za-z0-9_-]+$/);
    expect(masked).not.toContain("45678912");
    expect(pseudonyms.mask(person)).toBe(masked);
    expect(pseudonyms.mask(ruc("1045678913"))).not.toBe(masked);
  });

  it("leave a company's RUC as it is: SUNAT publishes it", () => {
    expect(pseudonyms.mask(company)).toBe(company);
  });

  it.each([
    ["15", ruc("1545678912")],
    ["17", ruc("1745678912")],
  ])("hide a RUC with prefix %s as they hide a person's (10), and turn it back", (_prefix, other) => {
    const masked = pseudonyms.mask(other);
    expect(masked).toMatch(/^psn_[A-Za-z0-9_-]+$/);
    expect(masked).not.toContain(other.slice(2, 10));
    expect(masked).toHaveLength(pseudonyms.mask(person).length);
    expect(masked).not.toBe(pseudonyms.mask(person));
    expect(pseudonyms.mask(other)).toBe(masked);
    expect(pseudonyms.unmask(masked, "ruc")).toBe(other);
  });

  it("refuse a non-canonical spelling of a real pseudonym: appended characters, characters outside base64url, padding", () => {
    const masked = pseudonyms.mask(person);
    const body = masked.slice("psn_".length);
    for (const spelt of [
      `${masked}A`,
      `${masked}AAAA`,
      `psn_${body.slice(0, 10)}!${body.slice(10)}`,
      `psn_${body.slice(0, 10)} ${body.slice(10)}`,
      `psn_${body.slice(0, 10)}+${body.slice(10)}`,
      `${masked}=`,
      `${masked}==`,
    ])
      expect(() => pseudonyms.unmask(spelt, "filter.ruc"), spelt).toThrow(
        expect.objectContaining({
          message: expect.stringMatching(/not one the hub issued/),
          extensions: { code: "BAD_USER_INPUT", field: "filter.ruc" },
        }),
      );
    expect(pseudonyms.unmask(masked, "filter.ruc")).toBe(person);
  });

  it("refuse a person's raw RUC (10, 15, 17) from a viewer shown pseudonyms, but not a company's or a pseudonym", () => {
    for (const raw of [person, ruc("1545678912"), ruc("1745678912")]) {
      expect(() => pseudonyms.unmask(raw, "ruc", false), raw).toThrow(
        expect.objectContaining({
          message: expect.stringMatching(/Pass the pseudonym/),
          extensions: { code: "BAD_USER_INPUT", field: "ruc" },
        }),
      );
      expect(pseudonyms.unmask(raw, "ruc", true)).toBe(raw);
      expect(pseudonyms.unmask(pseudonyms.mask(raw), "ruc", false)).toBe(raw);
    }
    expect(pseudonyms.unmask(company, "ruc", false)).toBe(company);
  });

  it("turn back into the RUC, and a RUC passes through unchanged", () => {
    expect(pseudonyms.unmask(pseudonyms.mask(person), "ruc")).toBe(person);
    expect(pseudonyms.unmask(company, "ruc")).toBe(company);
  });

  it("refuse a pseudonym that was altered or issued under another secret", () => {
    const masked = pseudonyms.mask(person);
    const altered = `${masked.slice(0, -2)}${masked.endsWith("AA") ? "BB" : "AA"}`;
    expect(() => pseudonyms.unmask(altered, "filter.ruc")).toThrow(/not one the hub issued/);
    const other = new RucPseudonyms("another-secret-that-is-at-least-32-chars").mask(person);
    expect(() => pseudonyms.unmask(other, "ruc")).toThrow(
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "ruc" } }),
    );
    expect(() => pseudonyms.unmask("psn_short", "ruc")).toThrow(/not one the hub issued/);
  });
});

describe("name masks", () => {
  const pseudonyms = new RucPseudonyms("a-test-secret-that-is-at-least-32-chars");

  it("reduce a name to its initials, accents and all", () => {
    expect(nameInitials("Juan Carlos  Pérez Quispe")).toBe("J. C. P. Q.");
    expect(nameInitials("Ñaupa Álvarez")).toBe("Ñ. Á.");
  });

  it.each([
    ["10", ruc("1045678912")],
    ["15", ruc("1545678912")],
    ["17", ruc("1745678912")],
    ["unknown", undefined],
  ])("show a holder's name as initials when the holder's RUC is a person's (%s)", (_prefix, subject) => {
    expect(maskValue("HOLDER_NAME", "Juan Pérez Quispe", pseudonyms, subject)).toBe("J. P. Q.");
  });

  it("show a holder's name in full only when the holder's RUC is a company's (20)", () => {
    expect(maskValue("HOLDER_NAME", "Minera Santa Rosa S.A.C.", pseudonyms, ruc("2045678912"))).toBe(
      "Minera Santa Rosa S.A.C.",
    );
  });
});
