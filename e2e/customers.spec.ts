/**
 * The owner's customer journey on a fresh business: "Tambah Pelanggan", fill, "Simpan
 * Pelanggan", success toast, the detail page shows the data; find them again by a typo;
 * add a note and see it on the timeline; a duplicate WhatsApp number links to the existing
 * customer; soft delete with a reason and restore from the "Terhapus" filter.
 */
import { randomInt } from "node:crypto";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { adminApi } from "./support/admin-api";
import { stackEnv } from "./support/stack";

/** Customers arranged directly through the service role (the journey under test is the bulk action). */
async function seedCustomers(ownerId: string, names: string[]): Promise<void> {
  const [membership] = await adminApi.membershipsOf(ownerId);
  const { supabaseUrl, serviceRoleKey } = await stackEnv();
  const res = await fetch(`${supabaseUrl}/rest/v1/customers`, {
    method: "POST",
    headers: { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" },
    body: JSON.stringify(names.map((name) => ({ business_id: membership?.business_id, name, whatsapp: `+62813${randomInt(10_000_000, 99_999_999)}` }))),
  });
  expect(res.status).toBe(201);
}

test("add a customer, find them by a typo, note on the timeline, delete and restore", async ({ page, owner, t }) => {
  const c = t.customers;
  const digits = `812${randomInt(10_000_000, 99_999_999)}`;
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);

  await page.goto("/customers");
  await expect(page.getByTestId("customer-empty")).toBeVisible();
  await page.getByTestId("add-customer").click();
  await expect(page.getByTestId("page-title")).toHaveText(c.newTitle);
  await expect(page.getByTestId("add-customer")).toHaveCount(0);

  // Nothing to reach the customer by: the shared zod schema refuses in the browser.
  await page.getByTestId("input-name").fill("Rahmawati Kusumaningrum");
  await page.getByTestId("save-customer").click();
  await expect(page.getByTestId("field-error-whatsapp")).toHaveText(t.validation.custContactRequired);

  await page.getByTestId("input-whatsapp").fill(`0${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`);
  await page.getByTestId("input-city").fill("Pekalongan");
  await expect(page.getByTestId("save-customer")).toHaveText(c.save);
  await page.getByTestId("save-customer").click();
  await expect(page.getByText(c.created.replace("{name}", "Rahmawati Kusumaningrum"))).toBeVisible();
  await expect(page.getByTestId("page-title")).toHaveText("Rahmawati Kusumaningrum");
  await expect(page.getByTestId("customer-profile")).toContainText(`+62 ${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`);
  await expect(page.getByTestId("customer-profile")).toContainText("Pekalongan");
  const detailUrl = page.url();

  // A second customer with the same number: the form links to the first one.
  await page.goto("/customers/new");
  await page.getByTestId("input-name").fill("Rahma Kembar");
  await page.getByTestId("input-whatsapp").fill(`+62 ${digits}`);
  await page.getByTestId("save-customer").click();
  await expect(page.getByTestId("duplicate-alert")).toContainText("Rahmawati Kusumaningrum");
  await expect(page.getByTestId("duplicate-link")).toHaveAttribute("href", new URL(detailUrl).pathname);

  // Find by a typo in the name.
  await page.goto("/customers");
  await page.getByTestId("customer-search").fill("rahmawti");
  await expect(page).toHaveURL(/q=rahmawti/);
  await expect(page.getByTestId("customer-link")).toHaveText(["Rahmawati Kusumaningrum"]);
  await page.getByTestId("customer-link").click();
  await expect(page).toHaveURL(detailUrl);

  // A note shows in the notes and on the timeline.
  await page.getByTestId("note-body").fill("Minta dikabari kalau motif parang datang.");
  await page.getByTestId("note-type").selectOption("request");
  await page.getByTestId("note-submit").click();
  await expect(page.getByText(c.notes.saved)).toBeVisible();
  await expect(page.getByTestId("note-list")).toContainText("Minta dikabari kalau motif parang datang.");
  const first = page.getByTestId("timeline-item").first();
  await expect(first).toHaveAttribute("data-kind", "note");
  await expect(first).toContainText("Minta dikabari kalau motif parang datang.");

  // Soft delete with a reason, then restore from the "Terhapus" filter.
  await page.getByTestId("delete-customer").click();
  await page.getByTestId("delete-reason").fill("Pelanggan pindah ke luar kota");
  await page.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("deleted-banner")).toContainText("Pelanggan pindah ke luar kota");

  await page.goto("/customers");
  await expect(page.getByTestId("customer-empty")).toBeVisible();
  await page.getByTestId("filter-status").selectOption("deleted");
  await expect(page.getByTestId("customer-link")).toHaveText(["Rahmawati Kusumaningrum"]);
  await page.getByTestId("customer-link").click();
  await page.getByTestId("restore-customer").click();
  await expect(page.getByText(c.delete.restored)).toBeVisible();
  await expect(page.getByTestId("deleted-banner")).toHaveCount(0);
  await expect(page.getByTestId("timeline-item").first()).toHaveAttribute("data-kind", "restored");
});

test("tag two customers in bulk and filter by that tag", async ({ page, owner, t }) => {
  const c = t.customers;
  await seedCustomers(owner.id, ["Agus Salim", "Bunga Citra", "Cahya Dewi"]);
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  await page.goto("/customers?sort=name&order=asc");
  await expect(page.getByTestId("customer-link")).toHaveText(["Agus Salim", "Bunga Citra", "Cahya Dewi"]);
  await expect(page.getByTestId("stat-total")).toHaveText("3");

  const rows = page.getByTestId("customer-row");
  await rows.nth(0).getByTestId("select-row").check();
  await rows.nth(2).getByTestId("select-row").check();
  await expect(page.getByTestId("bulk-bar")).toContainText(c.selected.replace("{count}", "2"));
  await page.getByTestId("bulk-new-tag").fill("Pelanggan VIP");
  await page.getByTestId("bulk-add-tag").click();
  await expect(page.getByText(c.bulk.done.replace("{count}", "2"))).toBeVisible();
  await expect(rows.nth(0).getByTestId("tag-chip")).toHaveText("Pelanggan VIP");
  await expect(rows.nth(1).getByTestId("tag-chip")).toHaveCount(0);
  await expect(rows.nth(2).getByTestId("tag-chip")).toHaveText("Pelanggan VIP");

  await page.getByTestId("filter-tag").selectOption({ label: "Pelanggan VIP" });
  await expect(page.getByTestId("customer-link")).toHaveText(["Agus Salim", "Cahya Dewi"]);
});
