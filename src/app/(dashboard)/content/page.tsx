import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ComingSoon } from "@/features/shell/components/coming-soon";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("shell.nav");
  return { title: t("content") };
}

export default function ContentPage() {
  return <ComingSoon area="content" />;
}
