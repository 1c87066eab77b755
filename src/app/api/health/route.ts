/**
 * GET /api/health: 200 { status: "ok", checks, providers } when the database (via
 * PostgREST), Auth and Storage all answer; 503 naming the failing parts otherwise. Public
 * (load balancers and the start script call it) and never cached.
 */
import { NextResponse } from "next/server";
import { runHealthChecks } from "@/lib/health/checks";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/logger";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<NextResponse> {
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const report = await runHealthChecks();
  const res = NextResponse.json(report, { status: report.status === "ok" ? 200 : 503 });
  res.headers.set("cache-control", "no-store");
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}
