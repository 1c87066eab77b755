import { ArrowRightIcon, BarChart3Icon, ReceiptTextIcon, UserPlusIcon, UsersIcon, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

type StepKey = "stepCustomers" | "stepTransactions" | "stepRfm" | "stepTeam";

const steps: Array<{ key: StepKey; href: string; icon: LucideIcon }> = [
  { key: "stepCustomers", href: "/customers", icon: UsersIcon },
  { key: "stepTransactions", href: "/transactions", icon: ReceiptTextIcon },
  { key: "stepRfm", href: "/rfm", icon: BarChart3Icon },
  { key: "stepTeam", href: "/settings/members", icon: UserPlusIcon },
];

/** The path from an empty business to the first useful RFM view. */
export async function NextSteps() {
  const t = await getTranslations("dashboard");
  return (
    <Card data-testid="next-steps">
      <CardHeader>
        <CardTitle>{t("nextSteps")}</CardTitle>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-2">
          {steps.map(({ key, href, icon: Icon }, index) => (
            <li key={key}>
              <Link
                href={href}
                className="flex items-center gap-3 rounded-lg border p-3 transition-colors hover:bg-accent"
                data-testid={`next-step-${index + 1}`}
              >
                <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-primary/10 text-primary">
                  <Icon className="size-4" aria-hidden="true" />
                </span>
                <span className="flex-1 text-sm">{t(key)}</span>
                <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
              </Link>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
