import { describe, expect, it } from "vitest";
import { formDataToObject } from "./action";

describe("formDataToObject", () => {
  it("turns fields into an object for zod", () => {
    const form = new FormData();
    form.append("name", "Sari");
    form.append("tags", "vip");
    form.append("tags", "reseller");
    form.append("ids[]", "1");
    form.append("$ACTION_ID_abc", "");
    form.append("avatar", new File([], ""));
    const doc = new File(["x"], "kontrak.pdf", { type: "application/pdf" });
    form.append("doc", doc);
    const out = formDataToObject(form);
    expect(out).toEqual({ name: "Sari", tags: ["vip", "reseller"], ids: ["1"], avatar: undefined, doc });
  });
});
