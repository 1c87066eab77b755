/**
 * Importing sales (transactions) from a CSV through the UI, on a fresh business: two
 * customers exist (arranged through the app's API), the owner uploads a semicolon CSV as
 * "Transaksi", checks the suggested mapping and the preview (a parsed rupiah amount, an
 * impossible date), starts, sees the summary (2 imported, 3 failed: unknown buyer,
 * impossible date, ambiguous amount, each explained), and finds the two sales on
 * /transactions and Sari's sale (and the import's timeline event) on her own page.
 */
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { mobileNumber, uniqueEmail } from "./support/data";

test("import sales from a CSV through the mapping screen; the sales appear on the list and the customer's page", async ({ page, owner, t }) => {
  const m = t.imports;
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);

  const sari = mobileNumber();
  const budiEmail = uniqueEmail("budi");
  const created = await Promise.all([
    page.request.post("/api/customers", { data: { name: "Sari Wulandari", whatsapp: sari.typed, city: "Pekalongan" } }),
    page.request.post("/api/customers", { data: { name: "Budi Santoso", email: budiEmail, city: "Batang" } }),
  ]);
  for (const res of created) expect(res.status()).toBe(201);
  const sariId = ((await created[0].json()) as { data: { id: string } }).data.id;

  const csv = [
    "Tanggal;No WA;Email;Jumlah;Produk;Catatan",
    `05/03/2026;${sari.typed};;Rp 150.000;Kain Batik Tulis;titip kain`,
    `06/03/2026;;${budiEmail};275.000;Selendang Sutra;`,
    `07/03/2026;${mobileNumber().typed};;90.000;;`,
    `31/02/2026;${sari.typed};;50.000;;`,
    `08/03/2026;${sari.typed};;1,5jt;;`,
  ].join("\r\n");

  await page.goto("/imports");
  await expect(page.getByTestId("page-title")).toHaveText(m.title);
  await page.locator("#import-kind").selectOption("transactions");
  await page.locator("#import-file").setInputFiles({ name: "penjualan.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByTestId("import-upload-submit").click();

  // The suggested mapping and the preview; nothing is written yet.
  await expect(page.getByTestId("import-mapping")).toBeVisible();
  await expect(page.getByTestId("map-date")).toHaveValue("0");
  await expect(page.getByTestId("map-whatsapp")).toHaveValue("1");
  await expect(page.getByTestId("map-email")).toHaveValue("2");
  await expect(page.getByTestId("map-amount")).toHaveValue("3");
  await expect(page.getByTestId("map-product")).toHaveValue("4");
  const preview = page.getByTestId("preview-row");
  await expect(preview).toHaveCount(5);
  await expect(preview.nth(0)).toContainText("150000");
  await expect(preview.nth(0)).toContainText(m.mapping.ok);
  await expect(preview.nth(3)).toContainText(m.rowErrors.dateImpossible);
  await expect(preview.nth(4)).toContainText(m.rowErrors.amountAmbiguous);
  const before = (await (await page.request.get("/api/transactions")).json()) as { data: unknown[] };
  expect(before.data).toEqual([]);

  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-summary")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("summary-imported")).toHaveText("2");
  await expect(page.getByTestId("summary-failed")).toHaveText("3");
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText(m.rowErrors.customerNotFound);
  await expect(errors).toContainText(m.rowErrors.dateImpossible);
  await expect(errors).toContainText(m.rowErrors.amountAmbiguous);

  // The sales list: exactly the two imported sales, with their buyers, products and amounts.
  await page.goto("/transactions");
  const rows = page.getByTestId("transaction-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Sari Wulandari" })).toContainText("Kain Batik Tulis");
  await expect(rows.filter({ hasText: "Sari Wulandari" })).toContainText("150.000");
  await expect(rows.filter({ hasText: "Budi Santoso" })).toContainText("Selendang Sutra");
  await expect(rows.filter({ hasText: "Budi Santoso" })).toContainText("275.000");

  // And on the buyer's own page: the sale under recent sales, and one timeline event for the
  // import, titled with the file's name.
  await page.goto(`/customers/${sariId}`);
  await expect(page.getByTestId("page-title")).toHaveText("Sari Wulandari");
  await expect(page.getByRole("listitem").filter({ hasText: "5 Mar 2026" }).first()).toContainText("150.000");
  await expect(page.getByText("penjualan.csv")).toHaveCount(1);
});
