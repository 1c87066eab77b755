/**
 * The customer's own page, on a fresh business each time: record a sale from it (timeline and
 * lifetime figures update at once, without waiting for the stats job), tag the customer, edit
 * and delete a note, upload a PDF and download it through its signed URL, and record a payment
 * against debt with "Catat pembayaran".
 * Customers (and a debt) are arranged through the app's own API with the owner's session.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { mobileNumber } from "./support/data";

/** Creates a customer through POST /api/customers (the browser context's session) and opens their page. */
async function openNewCustomer(page: Page, name: string): Promise<string> {
  const res = await page.request.post("/api/customers", { data: { name, whatsapp: mobileNumber().typed, city: "Pekalongan" } });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { data: { id: string } };
  await page.goto(`/customers/${body.data.id}`);
  await expect(page.getByTestId("page-title")).toHaveText(name);
  return body.data.id;
}

/** A small, valid one-page PDF. */
function tinyPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

test("record a sale from the customer's page: the timeline and the lifetime figures update at once", async ({ page, owner, t }) => {
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  await openNewCustomer(page, "Sri Lestari");
  await expect(page.getByTestId("lifetime-count")).toHaveText("0");
  await expect(page.getByTestId("timeline-item").first()).toHaveAttribute("data-kind", "created");

  await page.getByTestId("record-sale").click();
  const dialog = page.getByTestId("record-sale-dialog");
  await expect(dialog.getByTestId("customer-picker-selected")).toContainText("Sri Lestari");
  await dialog.getByTestId("input-amount").fill("275000");
  await dialog.getByTestId("input-paymentMethod").selectOption("tunai");
  await dialog.getByTestId("sale-submit").click();
  await expect(page.getByText(t.transactions.saved)).toBeVisible();
  await expect(dialog).toBeHidden();

  const latest = page.getByTestId("timeline-item").first();
  await expect(latest).toHaveAttribute("data-kind", "transaction_added");
  await expect(latest).toContainText(t.customers.activity.transaction_added);
  await expect(latest).toContainText("Rp 275.000");
  await expect(page.getByTestId("lifetime-count")).toHaveText("1");
  await expect(page.getByTestId("lifetime-total")).toHaveText("Rp 275.000");
  await expect(page.getByTestId("lifetime-last")).not.toHaveText(t.customers.detail.noPurchase);

  // The customer's own sales are listed, with a link to the sales list filtered to them.
  const sales = page.getByTestId("customer-sales");
  await expect(sales.getByTestId("customer-sale")).toHaveCount(1);
  await expect(sales.getByTestId("customer-sale")).toContainText("Rp 275.000");
  await sales.getByTestId("customer-sales-all").click();
  await expect(page).toHaveURL(/\/transactions\?customerId=[0-9a-f-]{36}/);
  await expect(page.getByTestId("transaction-row").first()).toContainText("Sri Lestari");
});

test("tag the customer with a new coloured tag and an existing one, then remove a tag", async ({ page, owner, t }) => {
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  const tagged = await page.request.post("/api/customers", { data: { name: "Pelanggan Lain", email: `lain-${Date.now()}@tokobatik.id` } });
  expect(tagged.status()).toBe(201);
  await openNewCustomer(page, "Dewi Anggraini");
  const editor = page.getByTestId("tag-editor");
  await expect(editor).toContainText(t.customers.tags.empty);

  // A new tag with its colour.
  await editor.getByTestId("tag-select").selectOption("__new__");
  await editor.getByTestId("tag-new-name").fill("Reseller");
  await editor.getByTestId("tag-new-color").fill("#16a34a");
  await editor.getByTestId("tag-add").click();
  await expect(page.getByText(t.customers.tags.added.replace("{name}", "Reseller"))).toBeVisible();
  await expect(editor.getByTestId("customer-tag")).toHaveText(["Reseller"]);
  await expect(editor.getByTestId("customer-tag")).toHaveCSS("color", "rgb(22, 163, 74)");

  // A second new tag, then the first one again by name (case-insensitive) is the same tag.
  await editor.getByTestId("tag-select").selectOption("__new__");
  await editor.getByTestId("tag-new-name").fill("Grosir");
  await editor.getByTestId("tag-add").click();
  await expect(editor.getByTestId("customer-tag")).toHaveCount(2);
  await editor.getByTestId("customer-tag").filter({ hasText: "Reseller" }).getByTestId("customer-tag-remove").click();
  await expect(page.getByText(t.customers.tags.removed.replace("{name}", "Reseller"))).toBeVisible();
  await expect(editor.getByTestId("customer-tag")).toHaveText(["Grosir"]);

  // "Reseller" still exists in the business: it is offered in the picker and can be put back.
  await editor.getByTestId("tag-select").selectOption({ label: "Reseller" });
  await editor.getByTestId("tag-add").click();
  await expect(editor.getByTestId("customer-tag")).toHaveText(["Grosir", "Reseller"]);
});

test("edit a note and delete it after confirming; the timeline follows", async ({ page, owner, t }) => {
  const n = t.customers.notes;
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  await openNewCustomer(page, "Bambang Wijaya");

  await page.getByTestId("note-body").fill("Suka motif kawung.");
  await page.getByTestId("note-submit").click();
  await expect(page.getByText(n.saved)).toBeVisible();
  const note = page.getByTestId("note-item");
  await expect(note).toHaveCount(1);

  await note.getByTestId("note-edit").click();
  await note.getByTestId("note-edit-body").fill("Suka motif kawung dan parang.");
  await note.getByTestId("note-save").click();
  await expect(page.getByText(n.updated)).toBeVisible();
  await expect(note).toContainText("Suka motif kawung dan parang.");
  await expect(note).toContainText(n.edited);
  await expect(page.getByTestId("timeline-item").filter({ hasText: "Suka motif kawung" })).toContainText("Suka motif kawung dan parang.");

  await note.getByTestId("note-delete").click();
  const dialog = page.getByTestId("note-delete-dialog");
  await expect(dialog).toContainText(n.deleteTitle);
  await dialog.getByRole("button", { name: t.common.cancel }).click();
  await expect(note).toHaveCount(1);

  await note.getByTestId("note-delete").click();
  await dialog.getByTestId("note-delete-confirm").click();
  await expect(page.getByText(n.deleted)).toBeVisible();
  await expect(page.getByTestId("note-item")).toHaveCount(0);
  await expect(page.getByTestId("timeline-item").filter({ hasText: "Suka motif kawung" })).toHaveCount(0);
});

test("upload a PDF, see it listed, and download it through its signed URL", async ({ page, owner, t }) => {
  const d = t.customers.documents;
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  await openNewCustomer(page, "Hendra Gunawan");

  const pdf = tinyPdf();
  await page.getByTestId("document-file").setInputFiles({ name: "kontrak-sewa.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByTestId("document-title").fill("Kontrak sewa kios");
  await page.locator('[data-testid="document-form"] select').selectOption("contract");
  await page.getByTestId("document-submit").click();
  await expect(page.getByText(d.uploaded)).toBeVisible();
  const row = page.getByTestId("document-row").filter({ hasText: "Kontrak sewa kios" });
  await expect(row).toContainText(d.types.contract);

  const downloading = page.waitForEvent("download");
  await row.getByRole("button", { name: d.download }).click();
  const download = await downloading;
  const signed = new URL(download.url());
  expect(signed.pathname).toMatch(/\/storage\/v1\/object\/sign\/customer-documents\//);
  expect(signed.searchParams.get("token")).toBeTruthy();

  const res = await page.request.get(download.url());
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/pdf");
  expect(res.headers()["content-disposition"]).toContain("attachment");
  const bytes = await res.body();
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.equals(pdf)).toBe(true);

  // The owner deletes it: a confirmation, then the row and the file are gone.
  await row.getByTestId("document-delete").click();
  const dialog = page.getByTestId("document-delete-dialog");
  await expect(dialog).toContainText("Kontrak sewa kios");
  await dialog.getByTestId("document-delete-confirm").click();
  await expect(page.getByText(d.deleted)).toBeVisible();
  await expect(page.getByTestId("document-row")).toHaveCount(0);
  expect((await page.request.get(download.url())).status()).toBeGreaterThanOrEqual(400);
});

test("record a payment against debt with \"Catat pembayaran\": ledger row and new balance", async ({ page, owner, t }) => {
  const l = t.customers.ledger;
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  const id = await openNewCustomer(page, "Yulia Rahmawati");

  // Arrange: a debt of Rp 450.000 through the API, then reload the page.
  const debt = await page.request.post(`/api/customers/${id}/ledger`, { data: { entryType: "debit", amount: 450000, description: "Kain belum dibayar" } });
  expect(debt.status()).toBe(201);
  await page.reload();
  await expect(page.getByTestId("balance")).toHaveText("-Rp 450.000");

  const form = page.getByTestId("ledger-form");
  await expect(form.getByTestId("ledger-type")).toHaveValue("credit");
  await expect(form.getByTestId("ledger-amount")).toHaveValue("450000");
  await form.getByTestId("ledger-amount").fill("200.000");
  await form.getByTestId("ledger-description").fill("Cicilan pertama");
  await form.getByTestId("ledger-reference").fill("TRF-0001");
  await expect(form.getByTestId("ledger-submit")).toHaveText(l.record);
  await form.getByTestId("ledger-submit").click();
  await expect(page.getByText(l.saved)).toBeVisible();

  await expect(page.getByTestId("balance")).toHaveText("-Rp 250.000");
  const rows = page.getByTestId("ledger-list").locator("li");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("Cicilan pertama");
  await expect(rows.first()).toContainText(l.types.credit);
  await expect(rows.first()).toContainText("+Rp 200.000");
  await expect(rows.first()).toContainText("-Rp 250.000");
  await expect(page.getByTestId("timeline-item").first()).toHaveAttribute("data-kind", "balance_changed");
});
