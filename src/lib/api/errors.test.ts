import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS, fromPostgrestError, localeFromCookie, MESSAGES, rateLimited, translate } from "./errors";

describe("AppError", () => {
  it.each(Object.entries(ERROR_STATUS))("%s has status %i", (code, status) => {
    const err = new AppError(code as keyof typeof ERROR_STATUS);
    expect(err.status).toBe(status);
    expect(err.localized("id")).toBe(MESSAGES[code as keyof typeof ERROR_STATUS].id);
    expect(err.localized("en")).toBe(MESSAGES[code as keyof typeof ERROR_STATUS].en);
  });

  it("speaks Indonesian unless English is asked for", () => {
    const err = new AppError("NOT_FOUND");
    expect(err.localized("id")).toBe("Data tidak ditemukan.");
    expect(err.localized("en")).toBe("Not found.");
    expect(err.message).toBe("Not found."); // the log line is in English
  });

  it("takes a message key or a custom pair", () => {
    expect(new AppError("CONFLICT", { message: "REQUEST_IN_PROGRESS" }).localized("id")).toBe(MESSAGES.REQUEST_IN_PROGRESS.id);
    expect(new AppError("FORBIDDEN", { message: { id: "Khusus pemilik.", en: "Owners only." } }).localized("en")).toBe("Owners only.");
  });

  it("rateLimited carries the wait in message, details and retryAfter", () => {
    const err = rateLimited(42);
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(42);
    expect(err.details).toEqual({ retryAfter: 42 });
    expect(err.localized("id")).toBe("Terlalu banyak percobaan. Coba lagi dalam 42 detik.");
    expect(err.localized("en")).toBe("Too many attempts. Please try again in 42 seconds.");
  });
});

describe("translate / locale", () => {
  it("fills placeholders and leaves unknown ones", () => {
    expect(translate({ id: "Halo {nama}, {x}", en: "Hi {nama}" }, "id", { nama: "Sari" })).toBe("Halo Sari, {x}");
  });
  it.each([
    ["en", "en"],
    ["id", "id"],
    [undefined, "id"],
    ["fr", "id"],
    ["EN", "id"],
  ] as const)("cookie %s -> %s", (cookie, locale) => {
    expect(localeFromCookie(cookie)).toBe(locale);
  });
});

describe("fromPostgrestError", () => {
  it.each([
    ["23505", "CONFLICT"],
    ["23503", "NOT_FOUND"],
    ["PGRST116", "NOT_FOUND"],
    ["42501", "FORBIDDEN"],
    ["23514", "VALIDATION_ERROR"],
    ["22P02", "VALIDATION_ERROR"],
  ])("%s -> %s", (code, expected) => {
    expect(fromPostgrestError({ code, message: "raw db text" })?.code).toBe(expected);
  });
  it("returns null for anything else", () => {
    expect(fromPostgrestError({ code: "XX000", message: "boom" })).toBeNull();
    expect(fromPostgrestError(null)).toBeNull();
  });
  it("keeps the raw error as cause, out of the message", () => {
    const err = fromPostgrestError({ code: "23505", message: 'duplicate key value violates unique constraint "x"' });
    expect(err?.localized("id")).not.toContain("duplicate");
    expect(err?.cause).toMatchObject({ code: "23505" });
  });
});
