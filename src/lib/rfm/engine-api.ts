/**
 * Request shapes of /api/rfm/* (query strings and bodies), shared by the route handlers and
 * their tests. Shape errors use the `validation` keys like the other APIs; RFM-specific ones
 * (unknown segment, bad run id) carry rfmErrors texts.
 */
import { z } from "zod";
import { vk } from "@/i18n/validation";
import { SEGMENTS } from "./segments";
import { rfmErrorText, rfmSettingsPatchSchema } from "./settings";

const issue = (key: Parameters<typeof rfmErrorText>[0]) => ({ message: rfmErrorText(key).id, params: { i18n: rfmErrorText(key) } });

const runId = z.string().refine((v) => z.uuid().safeParse(v).success, issue("runIdInvalid"));
/** Optional: a business other than the active one (the handler checks the role there; 404 for a stranger's). */
const business = { businessId: z.uuid(vk("invalid")).optional() };
const score = z.coerce.number(vk("invalid")).int(vk("invalid")).min(1, vk("invalid")).max(5, vk("invalid"));

export const analysisQuery = z.object({ ...business, runId: runId.optional() });

export const calculateBody = z
  .object({
    ...business,
    /** Back-dated runs (history); today in the business's time zone when absent. */
    analysisDate: z.iso.date(issue("dateInvalid")).optional(),
  })
  .default({});

export const segmentParams = z.object({
  segment: z.string().refine((v) => (SEGMENTS as readonly string[]).includes(v), issue("segmentUnknown")),
});

export const SEGMENT_API_SORTS = ["name", "recency", "frequency", "monetary", "last_purchase_date"] as const;

export const segmentQuery = z
  .object({
    ...business,
    runId: runId.optional(),
    r: score.optional(),
    fm: score.optional(),
    sort: z.enum(SEGMENT_API_SORTS, issue("sortInvalid")).default("monetary"),
    order: z.enum(["asc", "desc"], vk("invalid")).default("desc"),
    page: z.coerce.number(vk("invalid")).int(vk("invalid")).min(1, vk("invalid")).max(100_000, vk("invalid")).default(1),
    limit: z.coerce.number(vk("invalid")).int(vk("invalid")).min(1, vk("invalid")).max(100, vk("invalid")).default(25),
  })
  .superRefine((q, ctx) => {
    // One grid cell needs both coordinates.
    if ((q.r === undefined) !== (q.fm === undefined)) ctx.addIssue({ code: "custom", path: [q.r === undefined ? "r" : "fm"], message: vk("invalid") });
  });

export const runsQuery = z.object({
  ...business,
  limit: z.coerce.number(vk("invalid")).int(vk("invalid")).min(1, vk("invalid")).max(200, vk("invalid")).default(20),
});

export const movementQuery = z.object({ ...business, from: runId.optional(), to: runId.optional() });

export const businessQuery = z.object(business);

/** PUT /api/rfm/settings: the form's fields (any subset) plus the optional business. */
export const settingsBody = rfmSettingsPatchSchema.extend(business);
