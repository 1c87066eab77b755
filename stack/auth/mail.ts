/**
 * Auth e-mails (recovery, invite, e-mail change) in Indonesian, and where they go: through
 * Resend when RESEND_API_KEY is set, otherwise into the local outbox table auth.local_mail
 * (read back through GET /auth/v1/_local/mail). Sending happens inside the caller's
 * transaction, like GoTrue: if delivery fails, the token it carries is not stored either.
 *
 * Links follow Supabase's SSR e-mail template pattern: the main link is the app's own
 * confirm route (`redirect_to` + `token_hash` + `type`), which calls verifyOtp server-side;
 * GoTrue's classic `/auth/v1/verify?token=...` link is included as the alternative.
 */
import { Resend } from "resend";
import type { Db } from "./db";
import type { AuthSettings } from "./settings";

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  link: string | null;
}

export interface Mailer {
  readonly mode: "resend" | "outbox";
  send(db: Db, message: MailMessage): Promise<void>;
}

export function createMailer(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Mailer {
  const apiKey = env.RESEND_API_KEY;
  if (apiKey) {
    const resend = new Resend(apiKey);
    // Resend's documented test sender, so a key without EMAIL_FROM still delivers to the account owner.
    const from = env.EMAIL_FROM || "Smart Marketing Agent <onboarding@resend.dev>";
    if (!env.EMAIL_FROM) log("[auth] EMAIL_FROM is not set; auth e-mails are sent from onboarding@resend.dev");
    return {
      mode: "resend",
      async send(_db, m) {
        const { error } = await resend.emails.send({ from, to: [m.to], subject: m.subject, html: m.html, text: m.text });
        if (error) throw new Error(`Resend refused the e-mail: ${error.message}`);
      },
    };
  }
  return {
    mode: "outbox",
    async send(db, m) {
      await db.query("insert into auth.local_mail (to_email, subject, html, text, link) values ($1, $2, $3, $4, $5)", [
        m.to,
        m.subject,
        m.html,
        m.text,
        m.link,
      ]);
    },
  };
}

/** GoTrue's encodeRedirectURL: escape redirect_to only when it is not already escaped. */
function encodeRedirect(redirectTo: string): string {
  return /[&=#]/.test(redirectTo) ? encodeURIComponent(redirectTo) : redirectTo;
}

export type EmailLinkType = "recovery" | "invite" | "magiclink" | "signup" | "email_change";

/** GoTrue's ConfirmationURL: `<auth url>/verify?token=<token hash>&type=...&redirect_to=...`. */
export function verifyLink(settings: AuthSettings, tokenHash: string, type: EmailLinkType, redirectTo: string): string {
  return `${settings.externalUrl}/verify?token=${encodeURIComponent(tokenHash)}&type=${type}&redirect_to=${encodeRedirect(redirectTo)}`;
}

/** Where the app's confirm route lands after each e-mail when the request named no redirect. */
const DEFAULT_NEXT: Record<EmailLinkType, string> = {
  recovery: "/reset-password",
  invite: "/",
  magiclink: "/",
  signup: "/",
  email_change: "/",
};

/**
 * The app link: `redirect_to` with `token_hash` and `type` added as query parameters. When the
 * redirect is just the site URL (nothing specific asked), it points at `${siteUrl}/auth/confirm`.
 */
export function appLink(settings: AuthSettings, redirectTo: string, tokenHash: string, type: EmailLinkType): string {
  let url = new URL(redirectTo);
  const bare = (url.pathname === "/" || url.pathname === "") && url.search === "";
  if (bare && url.origin === new URL(settings.siteUrl).origin) {
    url = new URL("/auth/confirm", settings.siteUrl);
    url.searchParams.set("next", DEFAULT_NEXT[type]);
  }
  url.searchParams.set("token_hash", tokenHash);
  url.searchParams.set("type", type);
  return url.toString();
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

interface TemplateInput {
  to: string;
  heading: string;
  intro: string;
  button: string;
  link: string;
  alternativeLink: string;
  otp: string | null;
  validity: string;
  footer: string;
}

function render(subject: string, t: TemplateInput): MailMessage {
  const otpText = t.otp ? `\nAtau masukkan kode berikut: ${t.otp}\n` : "";
  const text = [
    t.heading,
    "",
    t.intro,
    "",
    `${t.button}: ${t.link}`,
    otpText,
    `Tautan alternatif: ${t.alternativeLink}`,
    "",
    t.validity,
    t.footer,
    "",
    "Smart Marketing Agent",
  ].join("\n");
  const otpHtml = t.otp ? `<p>Atau masukkan kode berikut: <strong style="font-size:18px;letter-spacing:2px">${escapeHtml(t.otp)}</strong></p>` : "";
  const html = `<!doctype html><html lang="id"><body style="font-family:Arial,sans-serif;color:#1f2937;line-height:1.5">
<h2>${escapeHtml(t.heading)}</h2>
<p>${escapeHtml(t.intro)}</p>
<p><a href="${escapeHtml(t.link)}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(t.button)}</a></p>
${otpHtml}
<p style="font-size:12px;color:#6b7280">Jika tombol tidak berfungsi, buka tautan ini: <a href="${escapeHtml(t.link)}">${escapeHtml(t.link)}</a><br>
Tautan alternatif: <a href="${escapeHtml(t.alternativeLink)}">${escapeHtml(t.alternativeLink)}</a></p>
<p style="font-size:12px;color:#6b7280">${escapeHtml(t.validity)} ${escapeHtml(t.footer)}</p>
<p>Smart Marketing Agent</p>
</body></html>`;
  return { to: t.to, subject, html, text, link: t.link };
}

function validityText(settings: AuthSettings): string {
  const minutes = Math.round(settings.otpExpirySeconds / 60);
  return minutes % 60 === 0 ? `Tautan dan kode ini berlaku selama ${minutes / 60} jam.` : `Tautan dan kode ini berlaku selama ${minutes} menit.`;
}

export interface LinkMailInput {
  to: string;
  tokenHash: string;
  otp: string;
  redirectTo: string;
}

export function recoveryMail(settings: AuthSettings, m: LinkMailInput): MailMessage {
  return render("Atur ulang kata sandi Anda", {
    to: m.to,
    heading: "Atur ulang kata sandi Anda",
    intro: `Kami menerima permintaan untuk mengatur ulang kata sandi akun Smart Marketing Agent dengan email ${m.to}. Buka tautan di bawah ini untuk membuat kata sandi baru.`,
    button: "Buat kata sandi baru",
    link: appLink(settings, m.redirectTo, m.tokenHash, "recovery"),
    alternativeLink: verifyLink(settings, m.tokenHash, "recovery", m.redirectTo),
    otp: m.otp,
    validity: validityText(settings),
    footer: "Jika Anda tidak meminta ini, abaikan email ini. Kata sandi Anda tidak akan berubah.",
  });
}

export function inviteMail(settings: AuthSettings, m: LinkMailInput): MailMessage {
  return render("Anda diundang ke Smart Marketing Agent", {
    to: m.to,
    heading: "Anda diundang ke Smart Marketing Agent",
    intro: `Anda diundang untuk bergabung dengan Smart Marketing Agent menggunakan email ${m.to}. Buka tautan di bawah ini untuk menerima undangan.`,
    button: "Terima undangan",
    link: appLink(settings, m.redirectTo, m.tokenHash, "invite"),
    alternativeLink: verifyLink(settings, m.tokenHash, "invite", m.redirectTo),
    otp: m.otp,
    validity: validityText(settings),
    footer: "Jika Anda tidak mengenal pengirim undangan ini, abaikan email ini.",
  });
}

export function emailChangeMail(settings: AuthSettings, m: LinkMailInput): MailMessage {
  return render("Konfirmasi perubahan alamat email", {
    to: m.to,
    heading: "Konfirmasi alamat email baru Anda",
    intro: `Akun Smart Marketing Agent Anda meminta agar alamat email diganti menjadi ${m.to}. Buka tautan di bawah ini untuk mengonfirmasi.`,
    button: "Konfirmasi email baru",
    link: appLink(settings, m.redirectTo, m.tokenHash, "email_change"),
    alternativeLink: verifyLink(settings, m.tokenHash, "email_change", m.redirectTo),
    otp: m.otp,
    validity: validityText(settings),
    footer: "Jika Anda tidak meminta perubahan ini, abaikan email ini dan alamat email Anda tidak berubah.",
  });
}
