import { describe, expect, it } from "vitest";
import { isValidRuc, parseRuc, rucCheckDigit, rucKind } from "../../packages/kit/src/index.ts";

describe("RUC validation (SUNAT mod 11)", () => {
  it.each([
    ["20131312955", "SUNAT"],
    ["20131368829", "Ministerio de Energía y Minas"],
    ["20100047218", "Banco de Crédito del Perú"],
    ["20100070970", "Interbank: remainder 1 gives check digit 0"],
    ["10441348521", "remainder 0 gives check digit 1"],
    ["20512333797", "python-stdnum example"],
    ["10054148289", "a natural person (DNI 05414828)"],
  ])("accepts %s (%s)", (ruc) => {
    expect(isValidRuc(ruc)).toBe(true);
  });

  it.each([
    ["20512333798", "wrong check digit"],
    ["2051233379", "ten digits"],
    ["205123337970", "twelve digits"],
    ["30131368820", "a prefix SUNAT does not issue"],
    ["2013136882X", "a letter"],
  ])("refuses %s (%s)", (ruc) => {
    expect(isValidRuc(ruc)).toBe(false);
  });

  it("computes the check digit from the first ten digits", () => {
    expect(rucCheckDigit("2010007097")).toBe(0);
    expect(rucCheckDigit("1044134852")).toBe(1);
  });

  it("tells persons from companies by the prefix", () => {
    expect(rucKind("10054148289")).toBe("PERSON");
    expect(rucKind("20131368829")).toBe("COMPANY");
    expect(rucKind(`15${"0".repeat(9)}`)).toBe("OTHER");
  });

  it("turns an invalid RUC argument into BAD_USER_INPUT naming the field", () => {
    expect(() => parseRuc("20512333798", "input.ruc")).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "input.ruc" }),
      }),
    );
    expect(parseRuc(" 20131368829 ", "ruc")).toBe("20131368829");
  });
});
