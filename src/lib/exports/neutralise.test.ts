import { describe, expect, it } from "vitest";
import { neutralise } from "./neutralise";

describe("neutralise", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+6281234567890", "'+6281234567890"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ['=HYPERLINK("http://x","klik")', `'=HYPERLINK("http://x","klik")`],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
  ])("prefixes a formula-looking %j with a quote", (input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it.each(["Budi Santoso", "Toko =Murah", "", "Jl. Merdeka 1", "a-b", "12"])("leaves %j unchanged", (input) => {
    expect(neutralise(input)).toBe(input);
  });
});
