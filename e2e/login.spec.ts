import { DEMO_BUSINESS_NAME, DEMO_EMAIL, DEMO_PASSWORD } from "../scripts/seed-demo";
import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";

test("a wrong password is refused with the Indonesian message", async ({ page, owner, t }) => {
  const login = new LoginPage(page);

  await login.goto();
  await login.signIn(owner.email, `${owner.password}-salah`);

  await expect(login.formError).toHaveText(t.auth.errors.invalidCredentials);
  await expect(page).toHaveURL("/login");
  await page.goto("/dashboard");
  await expect(page).toHaveURL("/login?next=%2Fdashboard");
});

test("the seeded demo owner reaches the dashboard of Batik Sekar Jagad Pekalongan", async ({ page }) => {
  const shell = new AppShell(page);

  await new LoginPage(page).signInToDashboard(DEMO_EMAIL, DEMO_PASSWORD);

  await expect(shell.dashboardBusinessName).toHaveText(DEMO_BUSINESS_NAME);
  await expect(shell.currentBusiness).toHaveText(DEMO_BUSINESS_NAME);
  // The start command seeds customers and transactions, so the totals replace the empty state.
  await expect(page.getByTestId("dashboard-totals")).toBeVisible();
  await expect(page.getByTestId("dashboard-empty")).toHaveCount(0);
});
