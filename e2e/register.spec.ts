import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";
import { RegisterPage, type RegistrationInput } from "./pages/register-page";
import { adminApi } from "./support/admin-api";
import { mobileNumber, newOwner, strongPassword } from "./support/data";

function registration(): { input: RegistrationInput; whatsappE164: string } {
  const owner = newOwner("Registrasi");
  const phone = mobileNumber();
  return {
    input: { fullName: owner.fullName, businessName: owner.businessName, whatsapp: phone.typed, email: owner.email, password: owner.password },
    whatsappE164: phone.e164,
  };
}

test("registering a business opens its dashboard, and the owner can sign out and back in", async ({ page, t }) => {
  const { input, whatsappE164 } = registration();
  const register = new RegisterPage(page);
  const shell = new AppShell(page);

  await register.goto();
  await register.register(input);

  await expect(page).toHaveURL("/dashboard");
  await expect(shell.dashboardBusinessName).toHaveText(input.businessName);
  await expect(shell.currentBusiness).toHaveText(input.businessName);
  await expect(shell.pageTitle).toHaveText(t.dashboard.greeting.replace("{name}", input.fullName.split(" ")[0] ?? ""));

  // The number typed with dashes is stored in E.164 on the new business.
  const businesses = await adminApi.businessesNamed(input.businessName);
  expect(businesses.map((b) => b.whatsapp)).toEqual([whatsappE164]);

  await shell.signOut();
  await page.goto("/dashboard");
  await expect(page).toHaveURL("/login?next=%2Fdashboard");

  await new LoginPage(page).signIn(input.email, input.password);
  await expect(page).toHaveURL("/dashboard");
  await expect(shell.dashboardBusinessName).toHaveText(input.businessName);
});

test.describe("registration refuses bad input", () => {
  test("an e-mail that is already registered", async ({ page, owner, t }) => {
    const { input } = registration();
    const register = new RegisterPage(page);

    await register.goto();
    await register.register({ ...input, email: owner.email });

    await expect(register.fieldError("email")).toHaveText(t.auth.errors.userExists);
    await expect(page).toHaveURL("/register");
    await expect(register.submit).toBeEnabled();
    expect(await adminApi.businessesNamed(input.businessName)).toEqual([]);
    expect(await adminApi.profilesWithEmail(owner.email)).toHaveLength(1);
    expect(await adminApi.membershipsOf(owner.id)).toHaveLength(1);
  });

  test("a password that is too short", async ({ page, t }) => {
    const { input } = registration();
    const register = new RegisterPage(page);

    await register.goto();
    await register.register({ ...input, password: "Sekar12" });

    await expect(register.fieldError("password")).toHaveText(t.validation.passwordMin);
    await expect(register.fieldError("whatsapp")).toHaveCount(0);
    await expectNothingCreated(register, input);
    await expect(page).toHaveURL("/register");
  });

  test("a landline instead of a WhatsApp mobile number", async ({ page, t }) => {
    const { input } = registration();
    const register = new RegisterPage(page);

    await register.goto();
    await register.register({ ...input, whatsapp: "021-5550123" });

    await expect(register.fieldError("whatsapp")).toHaveText(t.validation.whatsappNotMobile);
    await expect(register.fieldError("password")).toHaveCount(0);
    await expectNothingCreated(register, input);
    await expect(page).toHaveURL("/register");
  });

  test("a refused registration can be corrected and submitted", async ({ page, t }) => {
    const { input } = registration();
    const register = new RegisterPage(page);

    await register.goto();
    await register.register({ ...input, whatsapp: "021-5550123", password: "pendek" });
    await expect(register.fieldError("whatsapp")).toHaveText(t.validation.whatsappNotMobile);
    await expect(register.fieldError("password")).toHaveText(t.validation.passwordMin);

    await register.input("whatsapp").fill(input.whatsapp);
    await register.input("password").fill(strongPassword());
    await register.submit.click();
    await expect(page).toHaveURL("/dashboard");
    expect(await adminApi.businessesNamed(input.businessName)).toHaveLength(1);
  });
});

/** Checked once the form is idle again, so a sign-up still in flight cannot slip past. */
async function expectNothingCreated(register: RegisterPage, input: RegistrationInput): Promise<void> {
  await expect(register.submit).toBeEnabled();
  expect(await adminApi.profilesWithEmail(input.email)).toEqual([]);
  expect(await adminApi.businessesNamed(input.businessName)).toEqual([]);
}
