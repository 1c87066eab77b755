/**
 * Analisis RFM in the browser:
 *  - a fresh business sees the "never analysed" state with the run button, runs it, and the
 *    movement tab explains that a second analysis is needed;
 *  - the demo shop (the seed fills all ten segments): a first run a week ago is arranged
 *    through the service role, a lapsed customer buys today, then the owner runs the analysis
 *    in the UI; they open a segment, a heat-map cell, the movement table and the list behind
 *    one number, the customer's RFM card with its history, and export the segment as CSV.
 */
import { DEMO_BUSINESS_NAME, DEMO_EMAIL, DEMO_PASSWORD } from "../scripts/seed-demo";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { adminApi } from "./support/admin-api";
import { stackEnv } from "./support/stack";

const SEGMENTS = [
  "champions", "loyal_customers", "potential_loyalists", "new_customers", "promising",
  "need_attention", "about_to_sleep", "at_risk", "cant_lose_them", "lost",
] as const;

/** The WIB calendar date `days` ago as yyyy-mm-dd. */
function wibDate(daysAgo: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 - daysAgo * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** "Pelanggan Setia" etc. in a regex-safe form. */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function service(path: string, init: { method?: string; body?: unknown; prefer?: string } = {}): Promise<unknown> {
  const { supabaseUrl, serviceRoleKey } = await stackEnv();
  const res = await fetch(`${supabaseUrl}/rest/v1/${path}`, {
    method: init.method ?? "GET",
    headers: {
      apikey: serviceRoleKey,
      authorization: `Bearer ${serviceRoleKey}`,
      "content-type": "application/json",
      ...(init.prefer ? { prefer: init.prefer } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.ok, `${init.method ?? "GET"} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

test("a business that was never analysed: the empty state runs the first analysis", async ({ page, owner, t }) => {
  const r = t.rfm;
  await new LoginPage(page).signInToDashboard(owner.email, owner.password);
  await page.goto("/rfm");
  await expect(page.getByTestId("rfm-empty")).toContainText(r.overview.emptyTitle);
  await page.goto("/rfm/movement");
  await expect(page.getByTestId("rfm-movement-empty")).toContainText(r.movement.noRun);

  await page.goto("/rfm");
  const empty = page.getByTestId("rfm-empty");
  await empty.getByTestId("rfm-run").click();
  await expect(page.getByText(new RegExp(escape(r.run.done.replace("{count}", "0"))))).toBeVisible();
  await expect(page.getByTestId("rfm-empty")).toHaveCount(0);
  await expect(page.getByTestId("rfm-run-summary")).toHaveAttribute("data-analysis-date", wibDate(0));
  // Fewer than 50 customers: fixed bins, and the page says why.
  await expect(page.getByTestId("rfm-run-mode")).toHaveAttribute("data-reason", "auto_few_customers");
  await expect(page.getByTestId("rfm-run-mode")).toContainText(r.overview.reasons.auto_few_customers);

  await page.getByTestId("rfm-tab-movement").click();
  await expect(page.getByTestId("rfm-movement-empty")).toContainText(r.movement.onlyOne);

  // Settings: a bad bin edge is refused in Indonesian and nothing is saved; a good change is.
  await page.getByTestId("rfm-tab-settings").click();
  await expect(page.getByTestId("input-windowDays")).toHaveValue("365");
  await page.getByTestId("input-windowDays").selectOption("180");
  await page.getByTestId("input-recencyEdges-1").fill("20");
  await page.getByTestId("rfm-settings-save").click();
  await expect(page.getByTestId("field-error-recencyEdges")).toHaveText(t.rfmErrors.recencyEdgesInvalid);
  await page.reload();
  await expect(page.getByTestId("input-windowDays")).toHaveValue("365");
  await page.getByTestId("input-windowDays").selectOption("180");
  await page.getByTestId("scoring-mode-relative").check();
  await page.getByTestId("input-retentionWeeks").fill("3");
  await page.getByTestId("rfm-settings-save").click();
  await expect(page.getByTestId("field-error-retentionWeeks")).toHaveText(t.rfmErrors.retentionInvalid);
  await page.getByTestId("input-retentionWeeks").fill("52");
  await page.getByTestId("rfm-settings-save").click();
  await expect(page.getByText(r.settings.saved)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("input-windowDays")).toHaveValue("180");
  await expect(page.getByTestId("input-retentionWeeks")).toHaveValue("52");

  // The next run uses them: 180 days, relative scores because the owner chose them.
  await page.getByTestId("rfm-tab-overview").click();
  await page.getByTestId("rfm-run").click();
  await expect(page.getByTestId("rfm-run-window")).toContainText(r.overview.window.split("{days}")[0] + "180");
  await expect(page.getByTestId("rfm-run-mode")).toHaveAttribute("data-reason", "owner_relative");
});

test("the demo owner runs the analysis, opens a segment and a grid cell, sees who moved and the customer's RFM", async ({ page, t }) => {
  test.setTimeout(120_000);
  const r = t.rfm;
  const [business] = await adminApi.businessesNamed(DEMO_BUSINESS_NAME);
  expect(business).toBeDefined();
  const businessId = business?.id ?? "";

  // Arrange: last week's analysis, then one customer who was lapsed then buys today.
  const weekAgo = wibDate(7);
  const first = (await service("rpc/rfm_run", { method: "POST", body: { p_business_id: businessId, p_analysis_date: weekAgo, p_trigger: "weekly" } })) as { id: string };
  const lapsed = (await service(
    `rfm_results?select=customer_id,segment,customers(name)&run_id=eq.${first.id}&segment=in.(at_risk,cant_lose_them)&order=customer_id&limit=1`,
  )) as { customer_id: string; segment: string; customers: { name: string } }[];
  const buyer = lapsed[0];
  expect(buyer, "the seed has at-risk customers").toBeDefined();
  if (!buyer) return;
  await service("transactions", {
    method: "POST",
    prefer: "return=minimal",
    body: { business_id: businessId, customer_id: buyer.customer_id, transaction_date: wibDate(0), amount: 750000, notes: "E2E RFM" },
  });

  await new LoginPage(page).signInToDashboard(DEMO_EMAIL, DEMO_PASSWORD);
  await page.goto("/rfm");
  await expect(page.getByTestId("page-title")).toHaveText(r.title);

  // Run now: pending state, then the toast and today's run.
  const run = page.getByTestId("rfm-run");
  await run.click();
  await expect(page.getByText(new RegExp(escape(r.run.done).replace("\\{count\\}", "[\\d.]+")))).toBeVisible({ timeout: 30_000 });
  const summary = page.getByTestId("rfm-run-summary");
  await expect(summary).toHaveAttribute("data-analysis-date", wibDate(0));
  await expect(page.getByTestId("rfm-run-mode")).toHaveAttribute("data-reason", "auto_relative");
  await expect(page.getByTestId("rfm-run-window")).toContainText("365");

  // All ten segments have customers; the table and the heat map add up to the same total.
  const rows = page.getByTestId("rfm-distribution-row");
  await expect(rows).toHaveCount(10);
  const segmentRow = (s: string) => page.locator(`[data-testid="rfm-distribution-row"][data-segment="${s}"]`);
  const customersIn = async (s: string) => Number((await segmentRow(s).getByTestId("rfm-distribution-customers").textContent())?.replace(/\./g, ""));
  for (const s of SEGMENTS) expect(await customersIn(s), `customers in ${s}`).toBeGreaterThan(0);
  const cells = page.getByTestId("rfm-heat-cell");
  await expect(cells).toHaveCount(25);
  const championsCount = await customersIn("champions");

  // A segment: label, meaning, action, its customers and paging/sorting by URL.
  await segmentRow("champions").getByTestId("rfm-segment-link").click();
  await expect(page).toHaveURL(/\/rfm\/segments\/champions$/);
  await expect(page.getByTestId("page-title")).toHaveText(r.segments.champions.label);
  await expect(page.getByTestId("rfm-segment-meaning")).toHaveText(r.segments.champions.meaning);
  await expect(page.getByTestId("rfm-segment-action")).toHaveText(r.segments.champions.action);
  await expect(page.getByTestId("rfm-segment-count")).toHaveText(r.segment.count.replace("{count}", championsCount.toLocaleString("id-ID")));
  await expect(page.getByTestId("rfm-customer-row")).toHaveCount(Math.min(25, championsCount));
  await page.getByTestId("rfm-sort-name").click();
  await expect(page).toHaveURL(/sort=name/);
  const names = await page.getByTestId("rfm-customer-link").allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

  // The segment's CSV: a header and one line per customer.
  const csvHref = await page.getByTestId("rfm-export-csv").getAttribute("href");
  const csv = await page.request.get(csvHref ?? "");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines[0]).toContain("Kode RFM");
  expect(lines).toHaveLength(championsCount + 1);
  const xlsx = await page.request.get((await page.getByTestId("rfm-export-xlsx").getAttribute("href")) ?? "");
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");
  expect((await page.request.get("/rfm/segments/others/export?format=csv")).status()).toBe(400);
  expect((await page.request.get("/rfm/segments/lost/export?format=pdf")).status()).toBe(400);
  // An unknown segment is the not-found page (streamed, so the status is not asserted).
  await page.goto("/rfm/segments/others");
  await expect(page.getByTestId("not-found")).toBeVisible();

  // A heat-map cell (an R2 one: at risk or worse): only that cell's customers.
  await page.goto("/rfm");
  const cell = page.locator('[data-testid="rfm-heat-cell"][data-r="2"]:not([data-count="0"])').first();
  const [cellR, cellFm, cellSegment] = await Promise.all(["data-r", "data-fm", "data-segment"].map((a) => cell.getAttribute(a)));
  const cellCount = Number(await cell.getAttribute("data-count"));
  await cell.click();
  await expect(page).toHaveURL(new RegExp(`/rfm/segments/${cellSegment}\\?r=${cellR}&fm=${cellFm}$`));
  await expect(page.getByTestId("page-title")).toHaveText(r.segments[cellSegment as (typeof SEGMENTS)[number]].label);
  await expect(page.getByTestId("rfm-segment-cell")).toContainText(r.segment.cell.replace("{r}", String(cellR)).replace("{fm}", String(cellFm)));
  await expect(page.getByTestId("rfm-segment-count")).toHaveText(r.segment.count.replace("{count}", cellCount.toLocaleString("id-ID")));
  await expect(page.getByTestId("rfm-customer-row")).toHaveCount(Math.min(25, cellCount));
  for (const code of await page.getByTestId("rfm-customer-code").allTextContents()) expect(code.trim()).toMatch(/^2-\d-\d$/);

  // Movement since last week's run: the buyer moved out of their old segment.
  await page.getByRole("link", { name: r.segment.back }).click();
  await page.getByTestId("rfm-tab-movement").click();
  await expect(page.getByTestId("rfm-movement-matrix")).toBeVisible();
  const from = buyer.segment as (typeof SEGMENTS)[number];
  const moves = page.locator(`[data-testid="rfm-move"][data-from="${from}"]`);
  expect(await moves.count()).toBeGreaterThan(0);
  let found = false;
  for (const move of await moves.all()) {
    const to = (await move.getAttribute("data-to")) as (typeof SEGMENTS)[number];
    const n = Number(await move.getAttribute("data-count"));
    await expect(move).toHaveText(
      r.movement.move.replace("<n>{count}</n>", n.toLocaleString("id-ID")).replace("{from}", r.segments[from].label).replace("{to}", r.segments[to].label),
    );
    await move.click();
    await expect(page).toHaveURL(/\/rfm\/movement\/customers\?/);
    if ((await page.getByTestId("rfm-customer-link").filter({ hasText: buyer.customers.name }).count()) > 0) {
      found = true;
      await expect(page.getByTestId("rfm-customer-row")).toHaveCount(Math.min(25, n));
      break;
    }
    await page.goBack();
  }
  expect(found, `${buyer.customers.name} is behind one of the numbers leaving ${from}`).toBe(true);

  // The customer's page: current segment, code and the history of both runs.
  await page.getByTestId("rfm-customer-link").filter({ hasText: buyer.customers.name }).first().click();
  await expect(page).toHaveURL(new RegExp(`/customers/${buyer.customer_id}$`));
  const card = page.getByTestId("customer-rfm-card");
  await expect(card.getByTestId("customer-rfm-code")).toHaveText(/^5-\d-\d$/);
  const history = card.getByTestId("customer-rfm-history-row");
  await expect(history.and(page.locator(`[data-analysis-date="${weekAgo}"]`))).toHaveAttribute("data-segment", from);
  const current = await card.getByTestId("customer-rfm-current").getAttribute("data-segment");
  await expect(history.first()).toHaveAttribute("data-segment", current ?? "");
  await expect(card.getByTestId("customer-rfm-action")).toHaveText(r.segments[current as (typeof SEGMENTS)[number]].action);
});
