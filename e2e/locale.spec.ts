import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { messages } from "./support/messages";

const { id, en } = messages;

test("the sign-in page switches between Indonesian and English", async ({ page }) => {
  const login = new LoginPage(page);

  await login.goto();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(login.title).toHaveText(id.auth.login.title);
  await expect(login.submit).toHaveText(id.auth.login.submit);

  await page.getByTestId("locale-en").click();
  await expect(login.title).toHaveText(en.auth.login.title);
  await expect(login.submit).toHaveText(en.auth.login.submit);
  await expect(login.forgotLink).toHaveText(en.auth.login.forgot);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // The choice is a cookie, so it survives a reload.
  await page.reload();
  await expect(login.title).toHaveText(en.auth.login.title);

  await page.getByTestId("locale-id").click();
  await expect(login.title).toHaveText(id.auth.login.title);
  await expect(login.forgotLink).toHaveText(id.auth.login.forgot);
});

test("the signed-in app switches its navigation to English and back", async ({ page, owner }) => {
  const shell = new AppShell(page);
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);

  const nav = (key: "customers" | "transactions" | "settings") => shell.sidebarLink(key);
  await expect(nav("customers")).toHaveText(id.shell.nav.customers);

  await shell.chooseLocale("en");
  await expect(nav("customers")).toHaveText(en.shell.nav.customers);
  await expect(nav("transactions")).toHaveText(en.shell.nav.transactions);
  await expect(nav("settings")).toHaveText(en.shell.nav.settings);
  await expect(shell.pageTitle).toHaveText(en.dashboard.greeting.replace("{name}", owner.fullName.split(" ")[0] ?? ""));

  await shell.chooseLocale("id");
  await expect(nav("customers")).toHaveText(id.shell.nav.customers);
  await expect(shell.pageTitle).toHaveText(id.dashboard.greeting.replace("{name}", owner.fullName.split(" ")[0] ?? ""));
});
