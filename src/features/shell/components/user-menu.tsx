"use client";

import { LogOutIcon, MonitorIcon, MoonIcon, SunIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTheme } from "next-themes";
import { useTransition } from "react";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { signOut } from "@/features/auth/actions";
import { setLocale } from "@/i18n/actions";
import { locales } from "@/i18n/config";
import { initials, type ShellUser } from "../types";

/** Account menu: who is signed in, language, theme, sign out. */
export function UserMenu({ user }: { user: ShellUser }) {
  const t = useTranslations();
  const locale = useLocale();
  const { theme, setTheme } = useTheme();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const onSignOut = () =>
    startTransition(async () => {
      await signOut(undefined);
      // Hard navigation drops every cached page of the signed-in session.
      router.replace("/login");
      router.refresh();
    });

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="rounded-full" aria-label={t("shell.userMenu.label")} data-testid="user-menu-trigger">
          <Avatar className="size-9">
            <AvatarFallback>{initials(user.fullName)}</AvatarFallback>
          </Avatar>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64" data-testid="user-menu">
        <DropdownMenuLabel className="flex flex-col gap-0.5">
          <span className="truncate" data-testid="user-menu-name">
            {user.fullName}
          </span>
          <span className="truncate text-xs font-normal text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {/* Inline choices rather than sub-menus: side-opening sub-menus are awkward on a phone. */}
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">{t("locale.label")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={locale} onValueChange={(value) => startTransition(() => setLocale(value))}>
          {locales.map((l) => (
            <DropdownMenuRadioItem key={l} value={l} data-testid={`user-menu-locale-${l}`}>
              {t(`locale.${l}`)}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">{t("theme.label")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={theme ?? "system"} onValueChange={setTheme}>
          <DropdownMenuRadioItem value="light" data-testid="user-menu-theme-light">
            <SunIcon /> {t("theme.light")}
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark" data-testid="user-menu-theme-dark">
            <MoonIcon /> {t("theme.dark")}
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system" data-testid="user-menu-theme-system">
            <MonitorIcon /> {t("theme.system")}
          </DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" disabled={pending} onSelect={onSignOut} data-testid="user-menu-signout">
          <LogOutIcon />
          {t("shell.userMenu.signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
