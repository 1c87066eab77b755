import { getLocale } from "next-intl/server";
import { Suspense } from "react";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { getSupabase } from "@/lib/auth/session";
import { getCustomerRfm, getCustomerRfmHistory } from "@/lib/rfm/queries";
import { CustomerRfmView } from "./customer-rfm-view";

/**
 * The RFM card of the customer page, self-contained (it loads its own data) so the page
 * needs one line, and streamed behind a Suspense boundary so it never delays the rest of the
 * page. Reads run as the signed-in user: RLS and the viewer+ check apply.
 */
export function CustomerRfmCard({ businessId, customerId }: { businessId: string; customerId: string }) {
  return (
    <Suspense
      fallback={
        <Card className="lg:col-span-3" aria-busy="true">
          <CardHeader><Skeleton className="h-5 w-32" /></CardHeader>
          <CardContent><Skeleton className="h-16 w-full" /></CardContent>
        </Card>
      }
    >
      <CustomerRfmLoaded businessId={businessId} customerId={customerId} />
    </Suspense>
  );
}

async function CustomerRfmLoaded({ businessId, customerId }: { businessId: string; customerId: string }) {
  const supabase = await getSupabase();
  const [current, history, locale, anyRun] = await Promise.all([
    getCustomerRfm(supabase, { businessId, customerId }),
    getCustomerRfmHistory(supabase, { businessId, customerId }),
    getLocale(),
    supabase.from("rfm_runs").select("id").eq("business_id", businessId).limit(1),
  ]);
  return (
    <CustomerRfmView
      current={current}
      history={history}
      hasRun={(anyRun.data ?? []).length > 0}
      locale={locale === "en" ? "en" : "id"}
    />
  );
}
