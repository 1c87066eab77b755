/**
 * Where to send someone after signing in. `next` comes from the URL, so it is only
 * honoured when it is a path on this site: "//evil.example" or "https://..." would turn
 * the login page into an open redirect.
 */
export const AFTER_SIGN_IN = "/dashboard";

export function safeNextPath(next: string | null | undefined, fallback: string = AFTER_SIGN_IN): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  try {
    // Resolving against a dummy origin catches tricks like "/\t/evil.example".
    const url = new URL(next, "http://local.invalid");
    if (url.origin !== "http://local.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** Route prefixes that need a signed-in user; the (dashboard) layout checks again. */
export const PROTECTED_PREFIXES = [
  "/dashboard",
  "/customers",
  "/transactions",
  "/rfm",
  "/content",
  "/campaigns",
  "/settings",
  "/admin",
] as const;

/** Pages a signed-in user has no reason to see. */
export const GUEST_ONLY_PATHS = ["/login", "/register"] as const;

export function matchesPrefix(pathname: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
