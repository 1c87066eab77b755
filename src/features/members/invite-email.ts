import "server-only";
import { Resend } from "resend";
import { serverEnv } from "@/lib/env";
import type { Logger } from "@/lib/logger";

export type InviteEmailStatus = "sent" | "failed" | "not_configured";

export interface InviteEmail {
  to: string;
  subject: string;
  heading: string;
  body: string;
  button: string;
  fallback: string;
  link: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function html(m: InviteEmail): string {
  const link = escapeHtml(m.link);
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f1d3a;max-width:520px;margin:0 auto;padding:24px">
<h1 style="font-size:20px">${escapeHtml(m.heading)}</h1>
<p style="font-size:15px;line-height:1.5">${escapeHtml(m.body)}</p>
<p><a href="${link}" style="display:inline-block;background:#3b3ab0;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none">${escapeHtml(m.button)}</a></p>
<p style="font-size:13px;color:#5b5a77">${escapeHtml(m.fallback)}<br><a href="${link}">${link}</a></p>
</body></html>`;
}

/**
 * Sends the invitation through Resend when RESEND_API_KEY is set. Without it nothing is
 * sent and the inviter shares the link themselves (the settings page shows it). A Resend
 * failure does not undo the invitation: the link still works.
 */
export async function sendInviteEmail(message: InviteEmail, log: Logger): Promise<InviteEmailStatus> {
  const env = serverEnv();
  if (!env.RESEND_API_KEY) return "not_configured";
  try {
    const resend = new Resend(env.RESEND_API_KEY);
    const { error } = await resend.emails.send({
      from: env.EMAIL_FROM ?? "Smart Marketing Agent <onboarding@resend.dev>",
      to: [message.to],
      subject: message.subject,
      html: html(message),
      text: `${message.heading}\n\n${message.body}\n\n${message.button}: ${message.link}\n`,
    });
    if (error) {
      log.warn("invite e-mail refused by Resend", { name: error.name });
      return "failed";
    }
    return "sent";
  } catch (err) {
    log.warn("invite e-mail failed", { err: err instanceof Error ? err.message : String(err) });
    return "failed";
  }
}
