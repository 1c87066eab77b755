import type { Response } from "@playwright/test";
import { SignJWT } from "jose";
import { expect, test, type Owner } from "./fixtures";
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

/**
 * A well-formed session for a real user whose access token is signed with the wrong secret:
 * only verifying the token with Auth (not decoding it) tells it apart from a real one.
 */
async function forgedSession(owner: Owner): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ sub: owner.id, email: owner.email, role: "authenticated", aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode("not-the-stack-secret-but-at-least-32-characters"));
  const session = {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: 3600,
    expires_at: now + 3600,
    refresh_token: "forgedrefresh",
    user: { id: owner.id, email: owner.email, aud: "authenticated", role: "authenticated" },
  };
  return `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
}

test("a garbage or forged session cookie is treated as signed out, without a server error", async ({ page, context, baseURL, owner, t }) => {
  const { supabaseUrl } = await stackEnv();
  const name = authCookieName(supabaseUrl);
  const serverErrors: string[] = [];
  page.on("response", (res: Response) => {
    if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.url()}`);
  });

  // Plain junk, junk in @supabase/ssr's "base64-" encoding, and a forged token for a real user.
  const garbage = [
    "not-a-session",
    `base64-${Buffer.from('{"access_token":"x.y.z","refresh_token":"nope"}').toString("base64url")}`,
    await forgedSession(owner),
  ];
  for (const value of garbage) {
    await context.clearCookies();
    await context.addCookies([{ name, value, url: baseURL ?? "" }]);

    await page.goto("/dashboard");
    await expect(page).toHaveURL(loginUrlFor("/dashboard"));
    await expect(new LoginPage(page).title).toHaveText(t.auth.login.title);
  }
  expect(serverErrors).toEqual([]);
});
