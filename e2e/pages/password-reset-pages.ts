import { expect, type Locator, type Page } from "@playwright/test";

/** /forgot-password: asks for the e-mail, then always shows the same confirmation. */
export class ForgotPasswordPage {
  readonly email: Locator;
  readonly submit: Locator;
  readonly sent: Locator;

  constructor(page: Page) {
    this.email = page.getByTestId("input-email");
    this.submit = page.getByTestId("forgot-submit");
    this.sent = page.getByTestId("forgot-sent");
  }

  async request(email: string): Promise<void> {
    await expect(this.submit).toBeEnabled();
    await this.email.fill(email);
    await this.submit.click();
    await expect(this.sent).toBeVisible();
  }
}

/** /reset-password, reached through the e-mail link: new password twice. */
export class ResetPasswordPage {
  readonly password: Locator;
  readonly confirmPassword: Locator;
  readonly submit: Locator;

  constructor(page: Page) {
    this.password = page.getByTestId("input-password");
    this.confirmPassword = page.getByTestId("input-confirmPassword");
    this.submit = page.getByTestId("reset-submit");
  }

  async setPassword(password: string): Promise<void> {
    await expect(this.submit).toBeEnabled();
    await this.password.fill(password);
    await this.confirmPassword.fill(password);
    await this.submit.click();
  }
}
