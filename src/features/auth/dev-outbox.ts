import "server-only";
import { z } from "zod";
import { publicEnv, serverEnv } from "@/lib/env";

const mailSchema = z.array(
  z.object({
    id: z.number(),
    to_email: z.string(),
    subject: z.string(),
    text: z.string(),
    link: z.string().nullable(),
    created_at: z.string(),
  }),
);

export type LocalMail = z.output<typeof mailSchema>[number];

/** True only on the local stack; the outbox does not exist anywhere else. */
export function devOutboxEnabled(): boolean {
  return serverEnv().SMA_LOCAL_STACK;
}

/**
 * Reads the local Auth outbox (GET /auth/v1/_local/mail). Those mails carry live sign-in
 * tokens, so the endpoint wants the service-role key, and this runs only on the server.
 */
export async function readLocalOutbox(email: string | null): Promise<LocalMail[] | null> {
  const url = new URL("/auth/v1/_local/mail", publicEnv.NEXT_PUBLIC_SUPABASE_URL);
  if (email) url.searchParams.set("email", email);
  url.searchParams.set("limit", "50");
  const key = serverEnv().SUPABASE_SERVICE_ROLE_KEY;
  try {
    const res = await fetch(url, { headers: { apikey: key, authorization: `Bearer ${key}` }, cache: "no-store" });
    if (!res.ok) return null;
    return mailSchema.parse(await res.json());
  } catch {
    return null;
  }
}
