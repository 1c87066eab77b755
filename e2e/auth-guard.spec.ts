import type { Response } from "@playwright/test";
import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { authCookieName, stackEnv } from "./support/stack";

/** Full URL check: toHaveURL resolves the path against baseURL, so a wrong host fails too. */
const loginUrlFor = (path: string) => `/login?next=${encodeURIComponent(path)}`;

test("signed-out visitors are sent to /login and come back to the page they asked for", async ({ page, owner, t }) => {
  const shell = new AppShell(page);

  await page.goto("/settings");
  await expect(page).toHaveURL(loginUrlFor("/settings"));

  await page.goto("/customers");
  await expect(page).toHaveURL(loginUrlFor("/customers"));

  await new LoginPage(page).signIn(owner.email, owner.password);
  await expect(page).toHaveURL("/customers");
  await expect(shell.pageTitle).toHaveText(t.shell.nav.customers);
});

test("a garbage session cookie is treated as signed out, without a server error", async ({ page, context, baseURL, t }) => {
  const { supabaseUrl } = await stackEnv();
  const name = authCookieName(supabaseUrl);
  const serverErrors: string[] = [];
  page.on("response", (res: Response) => {
    if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.url()}`);
  });

  // Plain junk, and junk in @supabase/ssr's "base64-" encoding (which the client must decode).
  const garbage = ["not-a-session", `base64-${Buffer.from('{"access_token":"x.y.z","refresh_token":"nope"}').toString("base64url")}`];
  for (const value of garbage) {
    await context.clearCookies();
    await context.addCookies([{ name, value, url: baseURL ?? "" }]);

    await page.goto("/dashboard");
    await expect(page).toHaveURL(loginUrlFor("/dashboard"));
    await expect(new LoginPage(page).title).toHaveText(t.auth.login.title);
  }
  expect(serverErrors).toEqual([]);
});
