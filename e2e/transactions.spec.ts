import { DEMO_EMAIL, DEMO_PASSWORD } from "../scripts/seed-demo";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";

/** "Rp 1.234.000" -> 1234000 */
const rupiah = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

test("the demo owner records a sale with two line items, sees it in the list and the stats, then voids it", async ({ page, t }) => {
  await new LoginPage(page).signInToDashboard(DEMO_EMAIL, DEMO_PASSWORD);
  await page.goto("/transactions?period=today");
  const revenue = page.getByTestId("stat-revenue");
  await expect(page.getByTestId("period-today")).toHaveAttribute("aria-current", "true");
  const before = rupiah(await revenue.textContent());
  const note = `E2E ${Date.now()}`;

  await page.getByTestId("record-sale").click();
  const dialog = page.getByTestId("record-sale-dialog");
  await expect(dialog.getByRole("heading", { name: t.transactions.recordTitle })).toBeVisible();
  await dialog.getByTestId("customer-picker-search").fill("a");
  await dialog.getByTestId("customer-picker-option").first().click();
  await expect(dialog.getByTestId("customer-picker-selected")).toBeVisible();

  await dialog.getByTestId("add-item").click();
  await dialog.getByTestId("add-item").click();
  const rows = dialog.getByTestId("item-row");
  await rows.nth(0).getByTestId("item-name").fill("Kemeja batik cap");
  await rows.nth(0).getByTestId("item-quantity").fill("2");
  await rows.nth(0).getByTestId("item-unitPrice").fill("175000");
  await rows.nth(1).getByTestId("item-name").fill("Selendang sutra");
  await rows.nth(1).getByTestId("item-unitPrice").fill("95000");

  // An amount that does not match the lines is refused with the Indonesian message.
  await dialog.getByTestId("input-amount").fill("400000");
  await dialog.getByTestId("sale-submit").click();
  await expect(dialog.getByText(t.validation.txItemsTotalMismatch)).toBeVisible();

  await dialog.getByRole("button", { name: t.transactions.useItemsTotal }).click();
  await expect(dialog.getByTestId("input-amount")).toHaveValue("445000");
  await dialog.getByTestId("input-paymentMethod").selectOption("qris");
  await dialog.getByTestId("input-notes").fill(note);
  await dialog.getByTestId("sale-submit").click();
  await expect(page.getByText(t.transactions.saved)).toBeVisible();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("transaction-row").filter({ hasText: note });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Rp 445.000");
  await expect(row).toContainText("2× Kemeja batik cap");
  await expect(revenue).toHaveText(`Rp ${(before + 445000).toLocaleString("id-ID")}`);

  await row.getByTestId("void-sale").click();
  const voidDialog = page.getByTestId("void-dialog");
  await voidDialog.getByTestId("void-confirm").click();
  await expect(voidDialog.getByText(t.validation.txVoidReasonRequired)).toBeVisible();
  await voidDialog.getByTestId("void-reason").fill("Salah catat (uji e2e)");
  await voidDialog.getByTestId("void-confirm").click();
  await expect(page.getByText(t.transactions.voided)).toBeVisible();
  await expect(page.getByTestId("transaction-row").filter({ hasText: note })).toHaveCount(0);
  await expect(revenue).toHaveText(before === 0 ? "Rp 0" : `Rp ${before.toLocaleString("id-ID")}`);

  // Still on record, as voided, with its reason.
  await page.goto("/transactions?status=voided&sort=created");
  const voided = page.getByTestId("transaction-row").filter({ hasText: note });
  await expect(voided).toHaveAttribute("data-status", "voided");
  await expect(voided).toContainText("Salah catat (uji e2e)");
});
