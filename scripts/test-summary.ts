/**
 * Prints one line per suite and the closing line "N passed, N failed, N skipped" from the
 * JSON reports of Vitest and Playwright. Exits 1 when a report is missing or any test failed.
 */
import fs from "node:fs";
import path from "node:path";

interface Counts { passed: number; failed: number; skipped: number }

interface VitestReport { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests?: number }
interface PlaywrightReport { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }

function read(file: string): Counts | null {
  if (!fs.existsSync(file)) return null;
  const json: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof json === "object" && json !== null && "stats" in json) {
    const { stats } = json as PlaywrightReport;
    return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  }
  const v = json as VitestReport;
  return { passed: v.numPassedTests, failed: v.numFailedTests, skipped: v.numPendingTests + (v.numTodoTests ?? 0) };
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let missing = false;
for (const file of process.argv.slice(2)) {
  const c = read(file);
  const name = path.basename(file, ".json");
  if (!c) {
    console.log(`${name}: no report (the suite did not run)`);
    missing = true;
    continue;
  }
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || missing ? 1 : 0);
