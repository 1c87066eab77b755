import { expect, type Locator, type Page } from "@playwright/test";

/** /login: e-mail + password, form-level error (data-testid="form-error"). */
export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly formError: Locator;
  readonly forgotLink: Locator;
  readonly title: Locator;

  constructor(private readonly page: Page) {
    this.email = page.getByTestId("input-email");
    this.password = page.getByTestId("input-password");
    this.submit = page.getByTestId("login-submit");
    this.formError = page.getByTestId("form-error");
    this.forgotLink = page.getByTestId("forgot-link");
    this.title = page.getByTestId("auth-title");
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
    await expect(this.submit).toBeEnabled();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Signs in from /login and waits for the dashboard. */
  async signInToDashboard(email: string, password: string): Promise<void> {
    await this.goto();
    await this.signIn(email, password);
    await expect(this.page).toHaveURL("/dashboard");
  }
}
