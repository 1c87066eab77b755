import { describe, expect, it } from "vitest";
import { likePattern } from "./queries";
import { createTransactionSchema, itemsTotal, listTransactionsQuery, periodStatsQuery, updateTransactionSchema } from "./schema";

const base = { customerId: "7d5f0c3e-8a4b-4c1d-9e2f-0a1b2c3d4e5f", date: "2026-03-10", amount: 150000 };
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join(".")}:${i.message}`);

describe("createTransactionSchema", () => {
  it("accepts a sale without items and with items that add up (in sen, no float drift)", () => {
    expect(createTransactionSchema.safeParse(base).success).toBe(true);
    const items = [{ name: "A", quantity: 3, unitPrice: 0.1 }, { name: "B", quantity: 1, unitPrice: 0.2 }];
    expect(itemsTotal(items)).toBe(0.5);
    expect(createTransactionSchema.safeParse({ ...base, amount: 0.5, items }).success).toBe(true);
  });

  it.each([
    [{ amount: 0 }, "amount:txAmountPositive"],
    [{ amount: -1 }, "amount:txAmountPositive"],
    [{ amount: 10.123 }, "amount:txAmountInvalid"],
    [{ date: "1999-12-31" }, "date:txDateTooEarly"],
    [{ date: "31/12/2026" }, "date:txDateInvalid"],
    [{ customerId: "x" }, "customerId:txCustomerRequired"],
    [{ paymentMethod: "utang" }, "paymentMethod:txPaymentMethodInvalid"],
    [{ items: [{ name: "Kain", quantity: 1, unitPrice: 100000 }] }, "items:txItemsTotalMismatch"],
    [{ amount: 100, items: [{ name: " ", quantity: 1, unitPrice: 100 }] }, "items.0.name:txItemNameRequired"],
    [{ amount: 100, items: [{ name: "X", quantity: 0, unitPrice: 100 }] }, "items.0.quantity:txQuantityInvalid"],
  ])("rejects %j with %s", (overrides, expected) => {
    expect(issues(createTransactionSchema.safeParse({ ...base, ...overrides }))).toContain(expected);
  });

  it("needs a version to edit", () => {
    expect(updateTransactionSchema.safeParse({ amount: 1 }).success).toBe(false);
    expect(updateTransactionSchema.safeParse({ version: "2026-03-10T10:00:00.123456+00:00", notes: null }).success).toBe(true);
  });
});

describe("query schemas", () => {
  it("checks ranges", () => {
    expect(issues(listTransactionsQuery.safeParse({ from: "2026-03-02", to: "2026-03-01" }))).toContain("to:txRangeInvalid");
    expect(issues(listTransactionsQuery.safeParse({ minAmount: "10", maxAmount: "5" }))).toContain("maxAmount:txRangeInvalid");
    expect(listTransactionsQuery.parse({})).toMatchObject({ sort: "date", order: "desc", page: 1, limit: 20, status: "completed" });
    expect(issues(periodStatsQuery.safeParse({ period: "custom", from: "2000-01-01", to: "2026-01-01" }))).toContain("to:txRangeTooLong");
    expect(periodStatsQuery.safeParse({ period: "custom", from: "2026-01-01", to: "2026-01-31" }).success).toBe(true);
  });
});

describe("likePattern", () => {
  it("treats the search text as text", () => {
    expect(likePattern("  50%_off\\ ")).toBe("%50\\%\\_off\\\\%");
    expect(likePattern("a,b (c)")).toBe("%a,b (c)%");
  });
});
