/**
 * Shared fixtures:
 *  - every test is its own client (a unique X-Forwarded-For, see testClientIp), so the app's
 *    per-IP auth rate limits never leak from one test or run into another;
 *  - `owner`: a fresh registered owner with a business, created through Auth's admin API
 *    (fast, and not counted by the app's sign-up limiter);
 *  - `t`: the Indonesian catalog (the default locale), for asserting UI text.
 * The fixture callback is named `provide` (Playwright calls it `use`) so the React hooks lint
 * rule does not mistake it for React's use().
 */
import { test as base, expect } from "@playwright/test";
import { adminApi, type NewOwner } from "./support/admin-api";
import { newOwner, testClientIp } from "./support/data";
import { messages, type Messages } from "./support/messages";

export interface Owner extends NewOwner {
  id: string;
}

interface Fixtures {
  owner: Owner;
  t: Messages;
}

export const test = base.extend<Fixtures>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, provide) => {
    await provide({ ...extraHTTPHeaders, "x-forwarded-for": testClientIp() });
  },
  owner: async ({}, provide) => {
    const owner = newOwner();
    const { id } = await adminApi.createOwner(owner);
    await provide({ ...owner, id });
  },
  t: async ({}, provide) => {
    await provide(messages.id);
  },
});

export { expect };
