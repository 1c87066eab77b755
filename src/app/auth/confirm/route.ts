import type { EmailOtpType } from "@supabase/supabase-js";
import { NextResponse, type NextRequest } from "next/server";
import { safeNextPath } from "@/features/auth/redirect";
import { createClient } from "@/lib/supabase/server";

const OTP_TYPES: readonly EmailOtpType[] = ["signup", "invite", "magiclink", "recovery", "email_change", "email"];

function isOtpType(value: string | null): value is EmailOtpType {
  return value !== null && (OTP_TYPES as readonly string[]).includes(value);
}

/**
 * Target of the links in Auth e-mails (recovery, confirmation). The one-time token hash is
 * verified here on the server, which sets the session cookie, then the user continues to
 * `next`. Verifying server-side (not in the browser) keeps the flow working when the link
 * is opened in a different browser from the one that asked for it.
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const tokenHash = params.get("token_hash");
  const type = params.get("type");
  const next = safeNextPath(params.get("next"));

  if (tokenHash && isOtpType(type)) {
    const supabase = await createClient();
    const { error } = await supabase.auth.verifyOtp({ type, token_hash: tokenHash });
    if (!error) return NextResponse.redirect(new URL(next, request.url));
  }

  // A used or expired link. The reset page explains it and offers a new link; other
  // links land on the login page with a notice.
  const fallback = type === "recovery" ? "/reset-password" : "/login?link=invalid";
  return NextResponse.redirect(new URL(fallback, request.url));
}
