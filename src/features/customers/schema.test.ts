import { describe, expect, it } from "vitest";
import { checkDocumentFile, documentPath, DOCUMENT_MAX_BYTES } from "./documents";
import { createCustomerSchema, customerFormSchema, ledgerEntrySchema, listCustomersQuery, updateCustomerSchema } from "./schema";

describe("createCustomerSchema", () => {
  it("normalises phone numbers to E.164 and email to lower case, empty fields to undefined", () => {
    const out = createCustomerSchema.parse({ name: "  Siti  ", whatsapp: "0812-3456-7890", phone: "(021) 555-1234", email: "Siti@Toko.ID", city: "" });
    expect(out).toMatchObject({ name: "Siti", whatsapp: "+6281234567890", phone: "+62215551234", email: "siti@toko.id", type: "private", status: "active" });
    expect(out.city).toBeUndefined();
  });

  it("requires a name and at least one way to reach the customer", () => {
    const r = createCustomerSchema.safeParse({ name: "Tanpa Kontak", whatsapp: " ", email: "" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["whatsapp", "custContactRequired"]]);
    expect(createCustomerSchema.safeParse({ name: " ", email: "a@b.co" }).error?.issues[0]?.message).toBe("custNameRequired");
  });

  it("rejects a landline as WhatsApp, garbage numbers and malformed email", () => {
    const issues = (input: object) => createCustomerSchema.safeParse({ name: "X", ...input }).error?.issues.map((i) => i.message);
    expect(issues({ whatsapp: "021-5551234" })).toEqual(["whatsappNotMobile"]);
    expect(issues({ whatsapp: "12" })).toEqual(["whatsappInvalid"]);
    expect(issues({ phone: "abc" })).toEqual(["custPhoneInvalid"]);
    expect(issues({ email: "bukan@email" })).toEqual(["emailInvalid"]);
  });

  it("the browser form schema accepts and refuses exactly the same input", () => {
    const base = { name: "A", whatsapp: "", phone: "", email: "", address: "", city: "", type: "private", status: "active" } as const;
    for (const patch of [{ whatsapp: "0812 3456 7890" }, { whatsapp: "021-5551234" }, { email: "x@y" }, { phone: "021 555 1234" }, {}]) {
      expect(customerFormSchema.safeParse({ ...base, ...patch }).success, JSON.stringify(patch)).toBe(createCustomerSchema.safeParse({ ...base, ...patch }).success);
    }
  });
});

describe("updateCustomerSchema", () => {
  it("needs the version and lets fields be cleared", () => {
    expect(updateCustomerSchema.safeParse({ city: "Solo" }).success).toBe(false);
    expect(updateCustomerSchema.parse({ expectedUpdatedAt: "2026-01-01T00:00:00Z", email: "", city: null })).toMatchObject({ email: "", city: null });
  });
});

describe("ledgerEntrySchema", () => {
  it("takes positive credit/debit amounts with at most 2 decimals; carry_over may be negative", () => {
    const ok = (input: object) => ledgerEntrySchema.safeParse({ description: "x", ...input }).success;
    expect(ok({ entryType: "credit", amount: "150000" })).toBe(true);
    expect(ok({ entryType: "debit", amount: 0 })).toBe(false);
    expect(ok({ entryType: "debit", amount: -10 })).toBe(false);
    expect(ok({ entryType: "credit", amount: 1.005 })).toBe(false);
    expect(ok({ entryType: "carry_over", amount: -25000 })).toBe(true);
    expect(ok({ entryType: "credit", amount: 10, description: " " })).toBe(false);
  });
});

describe("listCustomersQuery", () => {
  it("defaults the page, caps the limit and refuses unknown sort columns", () => {
    expect(listCustomersQuery.parse({})).toMatchObject({ page: 1, limit: 25 });
    expect(listCustomersQuery.parse({ q: "", deleted: "true" })).toMatchObject({ q: undefined, deleted: true });
    expect(listCustomersQuery.safeParse({ limit: "1000" }).success).toBe(false);
    expect(listCustomersQuery.safeParse({ sort: "password" }).success).toBe(false);
    expect(listCustomersQuery.parse({ q: `a,b(c)%'"` }).q).toBe(`a,b(c)%'"`);
  });
});

describe("documents", () => {
  it("allows PDF and images up to 10 MB only", () => {
    expect(checkDocumentFile({ size: 1000, type: "application/pdf" })).toEqual({ ok: true });
    expect(checkDocumentFile({ size: DOCUMENT_MAX_BYTES + 1, type: "image/png" })).toEqual({ ok: false, reason: "tooLarge" });
    expect(checkDocumentFile({ size: 10, type: "application/x-msdownload" })).toEqual({ ok: false, reason: "wrongType" });
  });

  it("puts files in the business and customer folders with a safe name", () => {
    expect(documentPath("b", "c", "../Kontrak Final (1).pdf", "r")).toBe("b/c/r-Kontrak-Final-1-.pdf");
    expect(documentPath("b", "c", "???", "r")).toBe("b/c/r-berkas");
  });
});
