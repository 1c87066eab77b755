import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("on a phone the bottom navigation reaches Pelanggan and the rest of the app", async ({ page, owner, t }) => {
  const shell = new AppShell(page);
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);

  await expect(shell.sidebar).toBeHidden();
  await expect(shell.bottomNav).toBeVisible();

  const customers = shell.bottomNav.getByTestId("bottom-nav-customers");
  await expect(customers).toContainText(t.shell.nav.customers);
  await customers.tap();
  await expect(page).toHaveURL("/customers");
  await expect(shell.pageTitle).toHaveText(t.shell.nav.customers);
  await expect(customers).toHaveAttribute("aria-current", "page");

  // Areas without a bottom-bar slot are behind "Lainnya" (More).
  await shell.bottomNav.getByTestId("bottom-nav-more").tap();
  await expect(shell.mobileNavSheet).toBeVisible();
  await shell.mobileNavSheet.getByTestId("nav-settings").tap();
  await expect(page).toHaveURL("/settings");
  await expect(shell.mobileNavSheet).toBeHidden();

  // Nothing may push the layout wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
