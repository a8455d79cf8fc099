import { describe, expect, it } from "vitest";
import { centsToDecimal, decimalToCents } from "../../packages/kit/src/index.ts";

describe("money in céntimos", () => {
  it("converts exact decimal strings to whole céntimos and back", () => {
    expect(decimalToCents("2604944201.50")).toBe(260494420150);
    expect(decimalToCents("0.5")).toBe(50);
    expect(decimalToCents("-12")).toBe(-1200);
    expect(centsToDecimal(260494420150)).toBe("2604944201.50");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(centsToDecimal(-1200)).toBe("-12.00");
  });

  it("refuses amounts with more than two decimals or that are not numbers", () => {
    for (const bad of ["1.005", "1e5", "abc", "", "1,50"])
      expect(() => decimalToCents(bad)).toThrow(RangeError);
  });

  it("sums exactly where floats would not", () => {
    const cents = ["0.10", "0.20"].map(decimalToCents).reduce((a, b) => a + b, 0);
    expect(centsToDecimal(cents)).toBe("0.30");
  });
});
