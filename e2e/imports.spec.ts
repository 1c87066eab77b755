/**
 * Importing customers from Excel through the UI: the nav entry "Impor", upload an XLSX file,
 * the mapping screen (suggested columns, a preview with a parsed row and a row error,
 * nothing written yet), change a column, start, watch it finish, the summary figures, the
 * imported customer on the customer list, and the downloaded error file with its Indonesian
 * error column.
 */
import { randomInt } from "node:crypto";
import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";

async function workbook(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Pelanggan");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("import customers from an XLSX file through the mapping screen", async ({ page, owner, t }) => {
  const m = t.imports;
  const wa = `0812${randomInt(10_000_000, 99_999_999)}`;
  const xlsx = await workbook([
    ["Nama Pelanggan", "HP", "Kota Asal", "Catatan"],
    ["Sekar Ayu Wulandari", wa, "Pekalongan", "langganan"],
    ["", `0813${randomInt(10_000_000, 99_999_999)}`, "Batang", ""],
    ["Dobel Sekar", wa, "Solo", ""],
    ["Nomor Salah", "12345", "Semarang", ""],
  ]);
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);

  await page.getByTestId("nav-imports").first().click();
  await expect(page.getByTestId("page-title")).toHaveText(m.title);
  await page.locator("#import-file").setInputFiles({ name: "pelanggan.xlsx", mimeType: "application/octet-stream", buffer: xlsx });
  await page.getByTestId("import-upload-submit").click();

  // Mapping screen: "Kota Asal" is not a known header, so the owner picks it by hand.
  await expect(page.getByTestId("import-mapping")).toBeVisible();
  await expect(page.getByTestId("map-name")).toHaveValue("0");
  await expect(page.getByTestId("map-whatsapp")).toHaveValue("1");
  await expect(page.getByTestId("map-city")).toHaveValue("");
  await page.getByTestId("map-city").selectOption({ label: "Kota Asal" });
  const rows = page.getByTestId("preview-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText(`+62${wa.slice(1)}`);
  await expect(rows.nth(0)).toContainText("Pekalongan");
  await expect(rows.nth(0)).toContainText(m.mapping.ok);
  await expect(rows.nth(1)).toContainText(t.validation.custNameRequired);
  await expect(rows.nth(3)).toContainText(t.validation.whatsappInvalid);

  // Nothing has reached the customer list yet.
  const before = (await (await page.request.get("/api/customers")).json()) as { data: unknown[] };
  expect(before.data).toEqual([]);

  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-summary")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("summary-imported")).toHaveText("1");
  await expect(page.getByTestId("summary-duplicates")).toHaveText("1");
  await expect(page.getByTestId("summary-failed")).toHaveText("2");
  await expect(page.getByTestId("import-errors")).toContainText(t.imports.rowErrors.duplicateInFile);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("import-errors-download").click()]);
  const text = fs.readFileSync((await download.path()) ?? "", "utf8").replace(/^\ufeff/, "");
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toBe(`Nama Pelanggan;HP;Kota Asal;Catatan;${m.summary.rowColumn};${m.summary.errorColumn}`);
  expect(lines).toHaveLength(4);
  expect(lines[1]).toContain(`;3;${m.fields.name}: ${t.validation.custNameRequired}`);
  expect(lines[3]).toContain(`Nomor Salah;12345;Semarang;;5;WhatsApp: ${t.validation.whatsappInvalid}`);

  await page.goto("/customers");
  await expect(page.getByText("Sekar Ayu Wulandari").first()).toBeVisible();
  await expect(page.getByTestId("import-customers")).toBeVisible();
});
