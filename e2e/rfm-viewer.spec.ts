/**
 * Analisis RFM for a viewer: a member with the viewer role reads the overview and a segment
 * page of their business, but "Jalankan analisis" is disabled and says why (only staff, admins
 * and owners run it). The membership and a first run are arranged through the service role.
 */
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { adminApi } from "./support/admin-api";
import { newOwner } from "./support/data";
import { stackEnv } from "./support/stack";

async function service(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const { supabaseUrl, serviceRoleKey } = await stackEnv();
  const res = await fetch(`${supabaseUrl}/rest/v1/${path}`, {
    method: init.method ?? "GET",
    headers: { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.ok, `${init.method ?? "GET"} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

test("a viewer sees the analysis and a segment, but cannot start a run", async ({ page, owner, t }) => {
  const r = t.rfm;
  const [shop] = await adminApi.businessesNamed(owner.businessName);
  expect(shop).toBeDefined();
  // A registered user whose only membership is viewer of the owner's business: their own
  // registration business goes (taking its owner membership with it), then the viewer row.
  const viewer = newOwner("Penonton");
  const { id: viewerId } = await adminApi.createOwner(viewer);
  const [own] = await adminApi.businessesNamed(viewer.businessName);
  await service(`businesses?id=eq.${own?.id}`, { method: "DELETE" });
  await service("business_members", { method: "POST", body: { business_id: shop?.id, user_id: viewerId, role: "viewer" } });
  // One analysis of the owner's business (the service role may run any business).
  await service("rpc/rfm_run", { method: "POST", body: { p_business_id: shop?.id } });

  await new LoginPage(page).signInToDashboard(viewer.email, viewer.password);
  await page.goto("/rfm");
  await expect(page.getByTestId("rfm-run-summary")).toBeVisible();
  const run = page.getByTestId("rfm-run");
  await expect(run).toBeDisabled();
  await expect(run).toHaveAttribute("title", r.run.viewerHint);
  await expect(page.getByText(r.run.viewerHint, { exact: true })).toBeVisible();

  await page.goto("/rfm/segments/champions");
  await expect(page.getByTestId("rfm-segment-meaning")).toHaveText(r.segments.champions.meaning);
  await expect(page.getByTestId("rfm-segment-action")).toHaveText(r.segments.champions.action);
  await expect(page.getByTestId("rfm-segment-count")).toHaveText(r.segment.count.replace("{count}", "0"));
});
