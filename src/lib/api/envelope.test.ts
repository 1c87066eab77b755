import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger, setLogSink } from "../logger";
import { fail, ok, statusOf, toAppError, type ApiResponse } from "./envelope";
import { AppError } from "./errors";
import { validate, zodErrorToDetails } from "./validation";
import { whatsappSchema } from "../phone";

function captureLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const restore = setLogSink((_level, line) => lines.push(line));
  return { lines, restore };
}

describe("ok", () => {
  it("wraps data, with meta when given", () => {
    expect(ok({ id: 1 })).toEqual({ success: true, data: { id: 1 } });
    expect(ok([1, 2], { page: 1, limit: 20, total: 2 })).toEqual({ success: true, data: [1, 2], meta: { page: 1, limit: 20, total: 2 } });
  });

  it("narrows on success", () => {
    const res: ApiResponse<{ id: number }> = ok({ id: 7 });
    if (res.success) expect(res.data.id).toBe(7);
    expect(statusOf(res)).toBe(200);
  });
});

describe("fail", () => {
  it("maps an AppError to code + localized message", () => {
    expect(fail(new AppError("NOT_FOUND"), { locale: "en" })).toEqual({ success: false, error: { code: "NOT_FOUND", message: "Not found." } });
    const res = fail(new AppError("FORBIDDEN"));
    expect(res.error.message).toBe("Anda tidak memiliki akses untuk tindakan ini.");
    expect(statusOf(res)).toBe(403);
  });

  it("maps a ZodError to VALIDATION_ERROR with per-field details", () => {
    const schema = z.object({ name: z.string().min(2, "Nama terlalu pendek"), address: z.object({ city: z.string() }) });
    const parsed = schema.safeParse({ name: "a", address: {} });
    const res = fail(parsed.error);
    expect(res.error.code).toBe("VALIDATION_ERROR");
    expect(res.error.details).toMatchObject({ name: "Nama terlalu pendek" });
    expect(Object.keys(res.error.details ?? {})).toEqual(["name", "address.city"]);
    expect(statusOf(res)).toBe(400);
  });

  it("hides unknown errors behind INTERNAL and logs them with the request id", () => {
    const { lines, restore } = captureLogs();
    try {
      const res = fail(new Error("connection to 10.0.0.5 refused, password=hunter2"), { requestId: "req-12345678", log: createLogger() });
      expect(res).toEqual({
        success: false,
        error: { code: "INTERNAL", message: "Terjadi kesalahan pada server. Silakan coba lagi.", details: { requestId: "req-12345678" } },
      });
      expect(JSON.stringify(res)).not.toContain("hunter2");
      expect(statusOf(res)).toBe(500);
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logged.some((l) => l.requestId === "req-12345678" && JSON.stringify(l).includes("10.0.0.5"))).toBe(true);
    } finally {
      restore();
    }
  });

  it("never forwards the details of an INTERNAL AppError", () => {
    const { restore } = captureLogs();
    try {
      const res = fail(new AppError("INTERNAL", { details: { sql: "select secret" } }));
      expect(res.error.details).toBeUndefined();
    } finally {
      restore();
    }
  });

  it("treats thrown non-errors as INTERNAL", () => {
    const { restore } = captureLogs();
    try {
      expect(toAppError("just a string").code).toBe("INTERNAL");
      expect(toAppError(undefined).code).toBe("INTERNAL");
    } finally {
      restore();
    }
  });
});

describe("validate", () => {
  const schema = z.object({ name: z.string().min(3), email: z.email(), phone: whatsappSchema });

  it("returns parsed output", async () => {
    await expect(validate(schema, { name: "Sari", email: "a@b.id", phone: "0812 3456 7890" }, "id")).resolves.toEqual({
      name: "Sari",
      email: "a@b.id",
      phone: "+6281234567890",
    });
  });

  it("throws VALIDATION_ERROR with messages in Indonesian by default", async () => {
    const err = await validate(schema, { name: "a", email: "x", phone: "021 5551234" }, "id").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const details = (err as AppError).details as Record<string, string>;
    expect(details.name).toMatch(/karakter/);
    expect(details.email).toBe("alamat email tidak valid");
    expect(details.phone).toBe("Nomor WhatsApp harus nomor HP, bukan telepon rumah/kantor.");
  });

  it("answers in English for locale en, including schema-specific pairs", async () => {
    const err = await validate(schema, { name: "a", email: "x", phone: "021 5551234" }, "en").catch((e: unknown) => e);
    const details = (err as AppError).details as Record<string, string>;
    expect(details.name).toMatch(/characters/);
    expect(details.phone).toBe("A WhatsApp number must be a mobile number, not a landline.");
  });

  it("puts whole-input problems under _form", () => {
    const parsed = z.string().safeParse(12);
    expect(Object.keys(zodErrorToDetails(parsed.error as z.ZodError, "id"))).toEqual(["_form"]);
  });
});
