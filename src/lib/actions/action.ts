/**
 * defineAction(): the wrapper for Server Actions. It applies the zod schema (to a plain
 * object or to FormData), checks the session and optionally a role, runs the handler and
 * always answers with the API envelope, so a form can put `error.details` on its fields:
 *
 *   "use server";
 *   export const renameBusiness = defineAction(renameSchema, async (input, ctx) => {
 *     ...; return { id };
 *   }, { role: "admin" });
 *
 * Works both as `await renameBusiness(values)` and with `useActionState(renameBusiness, null)`
 * (which calls it with the previous state and the FormData).
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { cookies, headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { fail, ok, type ApiResponse } from "../api/envelope";
import { AppError, localeFromCookie, LOCALE_COOKIE, type Locale } from "../api/errors";
import { validate } from "../api/validation";
import { hasRoleOnBusiness, roleAtLeast, type BusinessRole } from "../auth/memberships";
import { getActiveBusiness, getMemberships, getSupabase, getUser, type SessionUser } from "../auth/session";
import { createLogger, REQUEST_ID_HEADER, resolveRequestId, type Logger } from "../logger";
import type { Database } from "../supabase/database.types";

export type ActionAuth = "user" | "public";

export interface ActionOptions<A extends ActionAuth> {
  /** 'user' (default): a verified session is required. 'public': sign-in, sign-up, etc. */
  auth?: A;
  /** Minimum role on the business named by `businessId` in the input, else the active business. */
  role?: BusinessRole;
}

export interface ActionContext<A extends ActionAuth> {
  user: A extends "user" ? SessionUser : SessionUser | null;
  /** The request's server client: RLS applies as the signed-in user. */
  supabase: SupabaseClient<Database>;
  /** The business `role` was checked against; null when the action has no `role`. */
  businessId: string | null;
  requestId: string;
  locale: Locale;
  log: Logger;
}

/** Callable directly with values, or by useActionState with (previousState, formData). */
export interface ServerAction<I, R> {
  (input: I | FormData): Promise<ApiResponse<R>>;
  (previousState: ApiResponse<R> | null, input: I | FormData): Promise<ApiResponse<R>>;
}

export function defineAction<S extends z.ZodType, R, A extends ActionAuth = "user">(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext<A>) => Promise<R>,
  options: ActionOptions<A> = {},
): ServerAction<z.input<S>, R> {
  const auth: ActionAuth = options.auth ?? "user";
  if (options.role && auth !== "user") throw new Error("defineAction: `role` needs auth: 'user'");

  async function action(...args: [unknown] | [unknown, unknown]): Promise<ApiResponse<R>> {
    const raw = args.length === 2 ? args[1] : args[0];
    const requestId = resolveRequestId((await headers()).get(REQUEST_ID_HEADER));
    const locale = localeFromCookie((await cookies()).get(LOCALE_COOKIE)?.value);
    const log = createLogger({ requestId });
    try {
      const user = await getUser();
      if (auth === "user" && !user) throw new AppError("UNAUTHENTICATED");
      const input = await validate(schema, raw instanceof FormData ? formDataToObject(raw) : raw, locale);
      const supabase = await getSupabase();
      const businessId = options.role ? await authorize(supabase, options.role, input) : null;
      // The cast only narrows `user`: for auth 'user' it was checked non-null just above.
      const ctx = { user, supabase, businessId, requestId, locale, log } as ActionContext<A>;
      return ok(await handler(input, ctx));
    } catch (err) {
      unstable_rethrow(err); // redirect() / notFound() from the handler must reach Next.js
      return fail(err, { requestId, locale, log });
    }
  }
  // One implementation serves both call signatures of ServerAction (see the overloads).
  return action as ServerAction<z.input<S>, R>;
}

async function authorize(supabase: SupabaseClient<Database>, role: BusinessRole, input: unknown): Promise<string> {
  const record = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const named = record.businessId ?? record.business_id;
  if (typeof named !== "string" || named === "") {
    // The active business is one of the memberships read once per request (React cache), with
    // the role there: exactly what has_role_on_business() would look up, so no second round
    // trip. (Postgres still checks the role again in every RPC and RLS policy.)
    const active = await getActiveBusiness();
    if (!active) throw new AppError("FORBIDDEN", { message: "NO_ACTIVE_BUSINESS" });
    if (roleAtLeast(active.role, role)) return active.id;
    throw new AppError("FORBIDDEN");
  }
  const businessId = named;
  if (await hasRoleOnBusiness(supabase, businessId, role)) return businessId;
  // A business the user is not in is NOT_FOUND, so ids of other tenants cannot be probed.
  const member = (await getMemberships()).some((m) => m.id === businessId);
  throw new AppError(member ? "FORBIDDEN" : "NOT_FOUND");
}

/**
 * FormData -> plain object for zod: repeated names and names ending in "[]" become arrays,
 * an empty file input becomes undefined, and Next.js's internal "$ACTION_…" fields are
 * dropped. Values stay strings: schemas coerce (z.coerce.number(), etc.).
 */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    if (name.startsWith("$ACTION")) continue;
    const values = form.getAll(name).filter((v) => !(typeof v !== "string" && v.size === 0 && v.name === ""));
    const isList = name.endsWith("[]");
    const key = isList ? name.slice(0, -2) : name;
    if (isList || values.length > 1) out[key] = values;
    else out[key] = values[0];
  }
  return out;
}
