import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { ForgotPasswordPage, ResetPasswordPage } from "./pages/password-reset-pages";
import { adminApi } from "./support/admin-api";
import { strongPassword } from "./support/data";

test("a forgotten password is reset through the e-mailed link", async ({ page, owner, t, baseURL }) => {
  const login = new LoginPage(page);
  const shell = new AppShell(page);
  const newPassword = strongPassword();

  await login.goto();
  await login.forgotLink.click();
  await expect(page).toHaveURL("/forgot-password");
  await new ForgotPasswordPage(page).request(owner.email);

  await expect.poll(() => recoveryLink(owner.email), { message: "recovery e-mail in the local outbox" }).not.toBe("");
  const link = await recoveryLink(owner.email);
  // The link must lead back to this app (NEXT_PUBLIC_SITE_URL), not somewhere else.
  expect(new URL(link).origin).toBe(new URL(baseURL ?? "").origin);

  await page.goto(link);
  await expect(page).toHaveURL("/reset-password");
  await expect(page.getByTestId("auth-title")).toHaveText(t.auth.reset.title);
  await expect(page.getByText(t.auth.reset.subtitle.replace("{email}", owner.email))).toBeVisible();
  await new ResetPasswordPage(page).setPassword(newPassword);
  await expect(page).toHaveURL("/dashboard");
  await expect(shell.dashboardBusinessName).toHaveText(owner.businessName);

  await shell.signOut();
  await login.signIn(owner.email, owner.password);
  await expect(login.formError).toHaveText(t.auth.errors.invalidCredentials);
  await login.signIn(owner.email, newPassword);
  await expect(page).toHaveURL("/dashboard");

  // The link is single-use.
  await shell.signOut();
  await page.goto(link);
  await expect(page).toHaveURL("/reset-password");
  await expect(page.getByText(t.auth.reset.noSession)).toBeVisible();
});

test("a broken e-mail link explains itself instead of failing", async ({ page, t }) => {
  await page.goto("/auth/confirm?type=signup&token_hash=pkce_0000&next=%2Fdashboard");
  await expect(page).toHaveURL("/login?link=invalid");
  await expect(page.getByTestId("link-invalid")).toHaveText(t.auth.confirm.failed);

  await page.goto("/auth/confirm?type=recovery&token_hash=pkce_0000");
  await expect(page).toHaveURL("/reset-password");
  await expect(page.getByText(t.auth.reset.noSession)).toBeVisible();
});

/** The app link of the newest recovery e-mail to `email`, or "" while none has arrived. */
async function recoveryLink(email: string): Promise<string> {
  const mail = (await adminApi.mailTo(email)).find((m) => m.link?.includes("type=recovery"));
  return mail?.link ?? "";
}
