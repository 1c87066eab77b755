"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { CopyIcon, MailCheckIcon, MailWarningIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { inviteMember } from "../actions";
import type { InviteEmailStatus } from "../invite-email";
import { inviteMemberSchema, type INVITABLE_ROLES, type InviteMemberInput } from "../schema";

type InvitableRole = (typeof INVITABLE_ROLES)[number];

interface Created {
  email: string;
  link: string;
  emailStatus: InviteEmailStatus;
}

/**
 * Invite by e-mail with a role. The link is always shown afterwards: without an e-mail
 * provider it is the only way in, and many owners would rather send it over WhatsApp.
 */
export function InviteMemberForm({ businessId, roles }: { businessId: string; roles: readonly InvitableRole[] }) {
  const t = useTranslations("settings.members");
  const tRoles = useTranslations("roles");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<Created | null>(null);
  const defaultRole: InvitableRole = roles.includes("staff") ? "staff" : (roles[0] ?? "viewer");
  const form = useForm({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: { businessId, email: "", role: defaultRole } satisfies InviteMemberInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await inviteMember(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      toast.success(t("invited", { email: result.data.email }));
      setCreated(result.data);
      form.reset({ businessId, email: "", role: values.role });
      router.refresh();
    }),
  );

  const copy = async (link: string) => {
    await navigator.clipboard.writeText(link);
    toast.success(t("linkCopied"));
  };

  if (created) {
    const statusText =
      created.emailStatus === "sent"
        ? t("emailSent", { email: created.email })
        : created.emailStatus === "failed"
          ? t("emailFailed", { email: created.email })
          : t("emailNotConfigured", { email: created.email });
    return (
      <div className="grid gap-4" data-testid="invite-result">
        <Alert variant={created.emailStatus === "sent" ? "success" : "info"}>
          {created.emailStatus === "sent" ? <MailCheckIcon /> : <MailWarningIcon />}
          <AlertDescription data-testid="invite-email-status" data-status={created.emailStatus}>
            {statusText}
          </AlertDescription>
        </Alert>
        <div className="grid gap-2">
          <label htmlFor="invite-link" className="text-sm font-medium">
            {t("inviteLink")}
          </label>
          <div className="flex gap-2">
            <Input id="invite-link" readOnly value={created.link} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
            <Button type="button" variant="secondary" onClick={() => copy(created.link)} data-testid="invite-copy">
              <CopyIcon />
              <span className="sr-only sm:not-sr-only">{t("copyLink")}</span>
            </Button>
          </div>
          <p className="text-xs text-muted-foreground">{t("inviteLinkHint", { email: created.email })}</p>
        </div>
        <div>
          <Button type="button" variant="outline" onClick={() => setCreated(null)} data-testid="invite-another">
            {t("inviteAnother")}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start" noValidate data-testid="invite-form">
        <div className="sm:col-span-3">
          <FormError control={form.control} />
        </div>
        <TextField control={form.control} name="email" label={t("inviteEmail")} type="email" inputMode="email" autoComplete="off" />
        <FormField
          control={form.control}
          name="role"
          render={({ field }) => (
            <FormItem>
              <FormLabel>{t("inviteRole")}</FormLabel>
              <Select value={field.value} onValueChange={field.onChange}>
                <FormControl>
                  <SelectTrigger className="w-full" data-testid="input-role">
                    <SelectValue />
                  </SelectTrigger>
                </FormControl>
                <SelectContent>
                  {roles.map((role) => (
                    <SelectItem key={role} value={role} data-testid={`invite-role-${role}`}>
                      {tRoles(role)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              {/* What the chosen role may do, so the owner need not guess. */}
              <FormDescription>{tRoles(`${field.value}Hint`)}</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <Button type="submit" disabled={pending} className="sm:mt-[1.375rem]" data-testid="invite-submit">
          {pending ? tc("processing") : t("inviteSubmit")}
        </Button>
      </form>
    </Form>
  );
}
