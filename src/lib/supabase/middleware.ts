/**
 * Session refresh for the Next.js proxy (src/proxy.ts, formerly middleware). Runs before
 * every matched request: refreshes an expiring access token, writes the new cookies to both
 * the forwarded request (so Server Components see them) and the response (so the browser
 * keeps them), and returns the verified user for route protection.
 *
 * The user comes from the access token verified against Auth's JWKS (verifiedSessionUser:
 * signature and expiry checked locally, no Auth round trip), never from a request header a
 * client could set.
 */
import { NextResponse, type NextRequest } from "next/server";
import { logger, REQUEST_ID_HEADER, resolveRequestId } from "../logger";
import { createRequestClient, verifiedSessionUser, type RequestClient, type SessionUser } from "./request";

/** The requested path and query, forwarded so requireUser() can send people back after login. */
export const PATHNAME_HEADER = "x-sma-pathname";

/** Passes the request on with its request id (and path), so handlers, actions and pages log under one id. */
export function forwardRequest(request: NextRequest, requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER))): NextResponse {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(PATHNAME_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}

export async function updateSession(request: NextRequest): Promise<{ response: NextResponse; user: SessionUser | null }> {
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const forward = () => forwardRequest(request, requestId);
  // Rebuilt after a cookie write so the forwarded request carries the refreshed cookies.
  let response = forward();
  let client: RequestClient;
  try {
    client = createRequestClient(request, () => {
      response = forward();
    });
  } catch (err) {
    // A configuration error (e.g. a missing NEXT_PUBLIC_* variable) must not take down every
    // route: the request goes on signed out, and /api/health names the variable.
    logger.error("session refresh unavailable", { requestId, err });
    return { response, user: null };
  }
  const user = await verifiedSessionUser(client.supabase);
  return { response: client.applyTo(response), user };
}
