import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatPhone, normalizePhone, normalizeWhatsApp, optionalWhatsappSchema, PHONE_MESSAGES, phoneSchema, whatsAppLink, whatsappSchema } from "./phone";

describe("normalizeWhatsApp accepts what people type", () => {
  it.each([
    "0812-3456-7890",
    "081234567890",
    "0812 3456 7890",
    "812 3456 7890",
    "8123456 7890",
    "6281234567890",
    "62 812 3456 7890",
    "+6281234567890",
    "+62 812 3456 7890",
    "+62 812-3456-7890",
    "+62 (812) 3456.7890",
    "(0812) 3456-7890",
    "0812.3456.7890",
    "  0812 3456 7890  ",
    "+62 0812 3456 7890",
    "0062 812 3456 7890",
    "0812\u00a03456\u00a07890",
  ])("%s", (input) => {
    expect(normalizeWhatsApp(input)).toEqual({ ok: true, e164: "+6281234567890" });
  });

  it.each([
    ["0811-1234-567", "+628111234567"],
    ["0858 1234 5678", "+6285812345678"],
    ["0896-1234-5678", "+6289612345678"],
    ["+65 9123 4567", "+6591234567"],
  ])("%s -> %s", (input, e164) => {
    expect(normalizeWhatsApp(input)).toEqual({ ok: true, e164 });
  });

  it.each(["", "   ", "abc", "0812", "081234567", "08123456789012345", "+62", "628", "0812-3456-78ab", "++6281234567890", "1234567890123456789"])(
    "rejects %j as invalid",
    (input) => {
      expect(normalizeWhatsApp(input)).toEqual({ ok: false, reason: "invalid" });
    },
  );

  it.each(["021-555-1234", "(021) 5551234", "+62 21 5551234", "022 1234567"])("rejects landline %s as not_mobile", (input) => {
    expect(normalizeWhatsApp(input)).toEqual({ ok: false, reason: "not_mobile" });
  });
});

describe("normalizePhone allows landlines", () => {
  it("accepts a Jakarta landline", () => {
    expect(normalizePhone("021-555-1234")).toEqual({ ok: true, e164: "+62215551234" });
  });
  it("rejects garbage", () => {
    expect(normalizePhone("12")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("formatPhone", () => {
  it.each([
    ["+6281234567890", "+62 812-3456-7890"],
    ["+628111234567", "+62 811-1234-567"],
    ["+62215551234", "+62 21-5551234"],
    ["+6591234567", "+65 9123-4567"],
    ["+14155552671", "+1 415-555-2671"],
    ["not a number", "not a number"],
  ])("%s -> %s", (input, expected) => {
    expect(formatPhone(input)).toBe(expected);
  });

  it("round-trips with normalizeWhatsApp", () => {
    const n = normalizeWhatsApp(formatPhone("+6281234567890"));
    expect(n).toEqual({ ok: true, e164: "+6281234567890" });
  });
});

describe("whatsAppLink", () => {
  it("uses digits only and encodes the text", () => {
    expect(whatsAppLink("+6281234567890")).toBe("https://wa.me/6281234567890");
    expect(whatsAppLink("+6281234567890", "Halo Bu & Pak")).toBe("https://wa.me/6281234567890?text=Halo%20Bu%20%26%20Pak");
  });
});

describe("zod schemas", () => {
  it("whatsappSchema outputs E.164", () => {
    expect(whatsappSchema.parse("0812-3456-7890")).toBe("+6281234567890");
  });

  it("whatsappSchema explains failures in Indonesian with an English pair", () => {
    const cases: [string, keyof typeof PHONE_MESSAGES][] = [
      ["", "required"],
      ["0812", "invalid"],
      ["021-555-1234", "not_mobile"],
    ];
    for (const [input, key] of cases) {
      const result = whatsappSchema.safeParse(input);
      expect(result.success).toBe(false);
      const issue = result.error?.issues[0];
      expect(issue?.message).toBe(PHONE_MESSAGES[key].id);
      expect(issue?.code === "custom" && issue.params?.i18n).toEqual(PHONE_MESSAGES[key]);
    }
  });

  it("works inside an object and reports the field path", () => {
    const schema = z.object({ whatsapp: whatsappSchema });
    const result = schema.safeParse({ whatsapp: "12" });
    expect(result.error?.issues[0]?.path).toEqual(["whatsapp"]);
  });

  it("optionalWhatsappSchema turns blanks into undefined", () => {
    expect(optionalWhatsappSchema.parse("")).toBeUndefined();
    expect(optionalWhatsappSchema.parse("  ")).toBeUndefined();
    expect(optionalWhatsappSchema.parse(undefined)).toBeUndefined();
    expect(optionalWhatsappSchema.parse("+62 812 3456 7890")).toBe("+6281234567890");
    expect(optionalWhatsappSchema.safeParse("021 5551234").success).toBe(false);
  });

  it("phoneSchema accepts landlines", () => {
    expect(phoneSchema.parse("(021) 555-1234")).toBe("+62215551234");
    expect(phoneSchema.safeParse("x").success).toBe(false);
  });
});
