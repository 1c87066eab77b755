import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, setLogSink } from "@/lib/logger";

const enqueue = vi.hoisted(() => vi.fn());
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue }));

const { queueStatsRefresh, transactionRpcError } = await import("./mutations");

afterEach(() => enqueue.mockReset());

describe("queueStatsRefresh", () => {
  it("queues one job for the distinct customers", async () => {
    enqueue.mockResolvedValue("job-1");
    await queueStatsRefresh("b", ["c1", "c1", "c2"], createLogger());
    expect(enqueue).toHaveBeenCalledWith("customers.refresh_stats", { businessId: "b", customerIds: ["c1", "c2"] });
  });

  it("logs, and does not throw, when the queue is unreachable (the sale is saved already)", async () => {
    enqueue.mockRejectedValue(new Error("connection refused"));
    const lines: string[] = [];
    const restore = setLogSink((_level, line) => lines.push(line));
    await expect(queueStatsRefresh("b", ["c1"], createLogger())).resolves.toBeUndefined();
    restore();
    expect(lines.join("\n")).toContain("could not queue customers.refresh_stats");
  });
});

describe("transactionRpcError", () => {
  it("maps database hints to the user's error, with the field", () => {
    const err = transactionRpcError({ code: "22023", message: "raw", hint: "items_total_mismatch" });
    expect(err.code).toBe("VALIDATION_ERROR");
    expect(err.details).toEqual({ items: "txItemsTotalMismatch" });
    expect(transactionRpcError({ code: "P0001", hint: "transaction_version_conflict" }).code).toBe("CONFLICT");
    expect(transactionRpcError({ code: "P0002", hint: "transaction_not_found" }).code).toBe("NOT_FOUND");
    expect(transactionRpcError({ code: "XX000", message: "boom" }).code).toBe("INTERNAL");
  });
});
