import { expect, type Locator, type Page } from "@playwright/test";

/** The signed-in frame: header (business switcher, account menu), sidebar, phone bottom bar. */
export class AppShell {
  readonly pageTitle: Locator;
  readonly dashboardBusinessName: Locator;
  readonly currentBusiness: Locator;
  readonly sidebar: Locator;
  readonly bottomNav: Locator;
  readonly mobileNavSheet: Locator;
  readonly userMenuTrigger: Locator;
  readonly userMenu: Locator;

  constructor(private readonly page: Page) {
    this.pageTitle = page.getByTestId("page-title");
    this.dashboardBusinessName = page.getByTestId("dashboard-business-name");
    this.currentBusiness = page.getByTestId("business-switcher-current");
    this.sidebar = page.getByTestId("sidebar-nav");
    this.bottomNav = page.getByTestId("bottom-nav");
    this.mobileNavSheet = page.getByTestId("mobile-nav-sheet");
    this.userMenuTrigger = page.getByTestId("user-menu-trigger");
    this.userMenu = page.getByTestId("user-menu");
  }

  sidebarLink(key: string): Locator {
    return this.sidebar.getByTestId(`nav-${key}`);
  }

  async openUserMenu(): Promise<void> {
    await this.userMenuTrigger.click();
    await expect(this.userMenu).toBeVisible();
  }

  async signOut(): Promise<void> {
    await this.openUserMenu();
    await this.page.getByTestId("user-menu-signout").click();
    await expect(this.page).toHaveURL("/login");
  }

  async chooseLocale(locale: "id" | "en"): Promise<void> {
    await this.openUserMenu();
    await this.page.getByTestId(`user-menu-locale-${locale}`).click();
  }
}
