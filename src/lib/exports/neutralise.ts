/**
 * CSV / formula injection: a spreadsheet treats a cell that starts with = + - @ (and, in some
 * programs, a leading tab or carriage return) as a formula, so a customer named
 * `=HYPERLINK("http://evil","klik")` would run in the owner's Excel. Every text cell of an
 * export goes through neutralise(): such a value gets a leading single quote (OWASP's advice),
 * which Excel and LibreOffice show as text. Numbers and dates are written as typed cells and
 * never pass through here.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
