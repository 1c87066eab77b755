/**
 * WhatsApp numbers for the demo: E.164 Indonesian mobiles on real operator prefixes, each
 * checked with libphonenumber-js (the same library the app validates with), unique.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { Prng } from "./prng";

/** Operator prefixes (after +62): Telkomsel 81x/85x, Indosat 81x/85x, XL 81x/87x, Tri 89x. */
const PREFIXES: readonly (readonly [string, number])[] = [
  ["811", 3], ["812", 10], ["813", 8], ["814", 1], ["815", 3], ["816", 2], ["817", 3], ["818", 2], ["819", 3],
  ["851", 3], ["852", 6], ["853", 3], ["855", 1], ["856", 4], ["857", 5], ["858", 2], ["859", 1],
  ["877", 5], ["878", 5],
  ["895", 3], ["896", 3], ["897", 2], ["898", 2], ["899", 2],
];

/** True for a valid Indonesian mobile number in E.164, per libphonenumber-js. */
export function isIndonesianMobile(e164: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid() || parsed.country !== "ID") return false;
  const type = parsed.getType();
  return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";
}

/** A new number not yet in `used` (which is updated). */
export function uniqueWhatsapp(rng: Prng, used: Set<string>): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const prefix = rng.weighted(PREFIXES);
    // Most numbers today have 8 digits after the prefix (0812-3456-7890); older ones 7.
    const rest = rng.chance(0.8) ? 8 : 7;
    // The first digit after the prefix is never 0 in practice.
    let digits = String(rng.int(1, 9));
    for (let i = 1; i < rest; i++) digits += String(rng.int(0, 9));
    const number = `+62${prefix}${digits}`;
    if (!used.has(number) && isIndonesianMobile(number)) {
      used.add(number);
      return number;
    }
  }
  throw new Error("could not generate a unique Indonesian mobile number");
}
