import { NextResponse, type NextRequest } from "next/server";
import {
  AFTER_SIGN_IN,
  GUEST_ONLY_PATHS,
  matchesPrefix,
  PROTECTED_PREFIXES,
  safeNextPath,
} from "@/features/auth/redirect";
import { forwardRequest, updateSession } from "@/lib/supabase/middleware";

/**
 * Runs before every page and API request (Next 16 "proxy", formerly middleware):
 * refreshes the Supabase session cookie and does the cheap redirects. The decision uses
 * the user verified by the Auth server, never a request header. Pages check again
 * server-side (requireUser in the dashboard layout), so this is not the only guard.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // The matcher leaves /api/ out (see config); should a route reach here anyway, it only gets
  // its request id: defineRoute verifies the session (and refreshes its cookie) itself.
  if (pathname.startsWith("/api/")) return forwardRequest(request);
  const { response, user } = await updateSession(request);

  if (!user && matchesPrefix(pathname, PROTECTED_PREFIXES)) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    return withCookies(NextResponse.redirect(url), response);
  }

  if (user && matchesPrefix(pathname, GUEST_ONLY_PATHS)) {
    const url = request.nextUrl.clone();
    const target = new URL(safeNextPath(request.nextUrl.searchParams.get("next"), AFTER_SIGN_IN), request.url);
    url.pathname = target.pathname;
    url.search = target.search;
    return withCookies(NextResponse.redirect(url), response);
  }

  return response;
}

/** A redirect must still carry a refreshed session cookie, or the browser loses it. */
function withCookies(redirect: NextResponse, from: NextResponse): NextResponse {
  for (const cookie of from.cookies.getAll()) redirect.cookies.set(cookie);
  const cacheControl = from.headers.get("cache-control");
  if (cacheControl) redirect.headers.set("cache-control", cacheControl);
  return redirect;
}

export const config = {
  matcher: [
    // Everything except API routes, build assets and static files (icons, manifest, images).
    // API routes: defineRoute verifies the session, refreshes its cookie and takes or makes the
    // request id itself, and no /api path redirects, so running the proxy there only cost each
    // call a second request adapter, a copy of its headers and a forwarded response (~0.3 ms CPU).
    "/((?!api/|_next/static|_next/image|favicon\\.ico|manifest\\.webmanifest|icons/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml)$).*)",
  ],
};
