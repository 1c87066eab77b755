/**
 * Export and privacy in the browser, on a fresh business each time:
 *  - "Ekspor" -> CSV on the customer list downloads the filtered rows (BOM, Indonesian
 *    headers, formula-looking names neutralised); "Ekspor terpilih" only the ticked rows;
 *  - "Privasi" on the customer page: anonymise, then hard delete (a wrong typed name is
 *    refused with a message, the exact name deletes and returns to the list).
 * Customers are arranged through the app's own API with the owner's session.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { mobileNumber } from "./support/data";

async function newCustomer(page: Page, name: string, city = "Pekalongan"): Promise<string> {
  const res = await page.request.post("/api/customers", { data: { name, whatsapp: mobileNumber().typed, city } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

/** The downloaded file as text, BOM kept, plus its suggested name. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await download.path();
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await readFile(path));
  return { name: download.suggestedFilename(), text };
}

test("export the filtered customer list as CSV, and only the selected rows", async ({ page, owner }) => {
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  await newCustomer(page, "=HYPERLINK(\"http://jahat.example\") Batik", "Solo");
  await newCustomer(page, "Bu Siti Ñurhalizah", "Solo");
  await newCustomer(page, "Pak Budi Lain Kota", "Batang");

  await page.goto("/customers?q=Solo");
  await expect(page.getByTestId("customer-row")).toHaveCount(2);
  await page.getByTestId("export-menu").click();
  const file = await downloaded(page, () => page.getByTestId("export-menu-csv").click());
  expect(file.name).toMatch(/^pelanggan-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(file.text.startsWith("\uFEFFID,Nama,WhatsApp,Telepon,Email,Alamat,Kota,Tipe,Status,Saldo,Tag,")).toBe(true);
  const lines = file.text.trim().split("\r\n");
  expect(lines).toHaveLength(3);
  expect(file.text).toContain(`"'=HYPERLINK(""http://jahat.example"") Batik"`);
  expect(file.text).toContain("Bu Siti Ñurhalizah");
  expect(file.text).not.toContain("Pak Budi Lain Kota");

  // Ekspor terpilih: tick one row, the file has that row only.
  await page.goto("/customers");
  await page.getByRole("checkbox", { name: "Bu Siti Ñurhalizah" }).check();
  const selected = await downloaded(page, () => page.getByTestId("bulk-export").click());
  const selectedLines = selected.text.trim().split("\r\n");
  expect(selectedLines).toHaveLength(2);
  expect(selectedLines[1]).toContain("Bu Siti Ñurhalizah");
});

test("anonymise a customer, then delete them permanently by typing the name", async ({ page, owner, t }) => {
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  const id = await newCustomer(page, "Ibu Rahasia Sekali");
  await page.goto(`/customers/${id}`);
  const section = page.getByTestId("privacy-section");
  await expect(section).toContainText(t.privacy.title);

  // Everything about the customer as one JSON file.
  const json = await downloaded(page, () => section.getByTestId("privacy-export").click());
  expect(json.name).toBe(`pelanggan-${id.slice(0, 8)}-data.json`);
  const data = JSON.parse(json.text) as { format: string; customer: { name: string; city: string } };
  expect(data.format).toBe("sma.customer-export.v1");
  expect(data.customer).toMatchObject({ name: "Ibu Rahasia Sekali", city: "Pekalongan" });

  await section.getByTestId("privacy-anonymise").click();
  await expect(page.getByRole("dialog")).toContainText(t.privacy.anonymise.title);
  await page.getByTestId("confirm-anonymise").click();
  const anonName = `Pelanggan Anonim ${id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
  await expect(page.getByTestId("page-title")).toHaveText(anonName);
  await expect(page.getByTestId("anonymised-badge")).toHaveText(t.privacy.anonymisedBadge);
  await expect(page.getByTestId("customer-profile")).not.toContainText("Pekalongan");
  await expect(section.getByTestId("privacy-anonymise")).toHaveCount(0);

  await section.getByTestId("privacy-delete").click();
  await page.getByTestId("privacy-confirm-name").fill("Ibu Rahasia Sekali");
  await page.getByTestId("confirm-privacy-delete").click();
  await expect(page.getByTestId("privacy-delete-error")).toHaveText(t.privacy.errors.nameMismatch);

  await page.getByTestId("privacy-confirm-name").fill(anonName);
  await page.getByTestId("confirm-privacy-delete").click();
  await expect(page).toHaveURL(/\/customers$/);
  const gone = await page.request.get(`/api/customers/${id}`);
  expect(gone.status()).toBe(404);
});

test("export the filtered sales as XLSX and CSV from the transactions page", async ({ page, owner }) => {
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  const customerId = await newCustomer(page, "Pak Harto Pembeli");
  for (const [date, amount] of [["2026-03-01", 150000], ["2026-03-20", 275000]] as const) {
    const res = await page.request.post("/api/transactions", { data: { customerId, date, amount, items: [], paymentMethod: "qris", notes: "+62 titip" } });
    expect(res.status()).toBe(201);
  }
  await page.goto("/transactions?from=2026-03-10&to=2026-03-31");
  await page.getByTestId("transactions-export").click();
  const csv = await downloaded(page, () => page.getByTestId("transactions-export-csv").click());
  expect(csv.name).toMatch(/^transaksi-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.text.trimEnd().split("\r\n");
  expect(lines[0]).toBe("\uFEFFID Transaksi,Tanggal,Pelanggan,WhatsApp,Jumlah,Metode Pembayaran,Status,Produk,Catatan,Alasan Pembatalan,Dicatat,ID Pelanggan");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(",2026-03-20,Pak Harto Pembeli,'+62");
  expect(lines[1]).toContain(",275000,qris,Selesai,,'+62 titip,");

  await page.getByTestId("transactions-export").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("transactions-export-xlsx").click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK"); // a zip: the XLSX container
});
