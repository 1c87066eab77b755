import { expect, type Locator, type Page } from "@playwright/test";

export interface RegistrationInput {
  fullName: string;
  businessName: string;
  /** As typed by the person, e.g. "0812-3456-7890". */
  whatsapp: string;
  email: string;
  password: string;
}

type Field = keyof RegistrationInput;

/** /register: one input per field (data-testid="input-<field>"), errors under each field. */
export class RegisterPage {
  readonly submit: Locator;
  readonly formError: Locator;

  constructor(private readonly page: Page) {
    this.submit = page.getByTestId("register-submit");
    this.formError = page.getByTestId("form-error");
  }

  input(field: Field): Locator {
    return this.page.getByTestId(`input-${field}`);
  }

  fieldError(field: Field): Locator {
    return this.page.getByTestId(`field-error-${field}`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/register");
    await expect(this.submit).toBeEnabled();
  }

  async register(input: RegistrationInput): Promise<void> {
    for (const field of ["fullName", "businessName", "whatsapp", "email", "password"] as const) {
      await this.input(field).fill(input[field]);
    }
    await this.submit.click();
  }
}
