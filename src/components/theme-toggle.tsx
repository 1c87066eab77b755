"use client";

import { MonitorIcon, MoonIcon, SunIcon } from "lucide-react";
import { useTheme } from "next-themes";
import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

const order = ["light", "dark", "system"] as const;
type ThemeChoice = (typeof order)[number];

function asChoice(value: string | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

const noop = () => () => undefined;

/** One button cycling light -> dark -> device setting; the icon shows the current choice. */
export function ThemeToggle() {
  const t = useTranslations("theme");
  const { theme, setTheme } = useTheme();
  // The stored theme is only known in the browser; render "system" until hydrated so the
  // server and first client render agree.
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  const current = hydrated ? asChoice(theme) : "system";
  const next = order[(order.indexOf(current) + 1) % order.length] ?? "system";
  const Icon = current === "light" ? SunIcon : current === "dark" ? MoonIcon : MonitorIcon;
  const label = `${t("toggle")}: ${t(current)}`;
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      data-testid="theme-toggle"
      aria-label={label}
      title={label}
      onClick={() => setTheme(next)}
    >
      <Icon className="size-5" />
    </Button>
  );
}
