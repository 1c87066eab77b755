/**
 * Auth form schemas, shared by the browser forms (zodResolver) and the server actions
 * (defineAction), so both sides accept and reject exactly the same input. Messages are
 * keys of the `validation` message namespace; the form translates them.
 */
import { z } from "zod";
import { vk } from "@/i18n/validation";
import { normalizeWhatsApp } from "@/lib/phone";

/** Supabase Auth (bcrypt) ignores bytes past 72, so longer passwords are refused up front. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 72;

const email = z
  .string()
  .trim()
  .min(1, vk("required"))
  .max(254, vk("tooLong"))
  .pipe(z.email(vk("emailInvalid")))
  .transform((value) => value.toLowerCase());

const newPassword = z.string().min(PASSWORD_MIN, vk("passwordMin")).max(PASSWORD_MAX, vk("passwordMax"));

const personName = z.string().trim().min(1, vk("fullNameRequired")).max(120, vk("tooLong"));

export const businessNameField = z.string().trim().min(1, vk("businessNameRequired")).max(120, vk("tooLong"));

/** The database accepts Indonesian mobile numbers only for profiles and businesses. */
const INDONESIAN_MOBILE = /^\+628[1-9][0-9]{6,11}$/;

/**
 * What people type (`0812-3456-7890`, `+62 812...`) in, E.164 out. A landline gets its own
 * message because "invalid" would confuse someone typing their real office number.
 */
export const whatsappField = z
  .string()
  .trim()
  .min(1, vk("whatsappRequired"))
  .transform((raw, ctx) => {
    const result = normalizeWhatsApp(raw);
    if (result.ok && INDONESIAN_MOBILE.test(result.e164)) return result.e164;
    const message = !result.ok
      ? result.reason === "not_mobile"
        ? vk("whatsappNotMobile")
        : vk("whatsappInvalid")
      : vk("whatsappNotIndonesian");
    ctx.addIssue({ code: "custom", message, input: raw });
    return z.NEVER;
  });

export const signInSchema = z.object({
  email,
  password: z.string().min(1, vk("passwordRequired")).max(PASSWORD_MAX, vk("passwordMax")),
  next: z.string().optional(),
});

export const signUpSchema = z.object({
  fullName: personName,
  businessName: businessNameField,
  whatsapp: whatsappField,
  email,
  password: newPassword,
});

/** Registration through an invitation: the business already exists, so no business name. */
export const inviteSignUpSchema = z.object({
  fullName: personName,
  whatsapp: whatsappField,
  email,
  password: newPassword,
  token: z.string().trim().min(1).max(200),
});

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ password: newPassword, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: vk("passwordMismatch") });

export const acceptInvitationSchema = z.object({ token: z.string().trim().min(1).max(200) });

export type SignInInput = z.input<typeof signInSchema>;
export type SignUpInput = z.input<typeof signUpSchema>;
export type InviteSignUpInput = z.input<typeof inviteSignUpSchema>;
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
