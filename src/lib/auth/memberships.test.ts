import { describe, expect, it } from "vitest";
import { pickActiveBusiness, roleAtLeast, type Membership } from "./memberships";

const a: Membership = { id: "a", name: "Batik Sari", role: "owner" };
const b: Membership = { id: "b", name: "Kopi Kita", role: "staff" };

describe("pickActiveBusiness", () => {
  it("uses the cookie only when it names one of the user's businesses", () => {
    expect(pickActiveBusiness([a, b], "b")).toBe(b);
    expect(pickActiveBusiness([a, b], "someone-elses")).toBe(a);
    expect(pickActiveBusiness([a, b], undefined)).toBe(a);
    expect(pickActiveBusiness([], "a")).toBeNull();
  });
});

describe("roleAtLeast", () => {
  it("orders owner > admin > staff > viewer", () => {
    expect(roleAtLeast("owner", "admin")).toBe(true);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect(roleAtLeast("staff", "admin")).toBe(false);
    expect(roleAtLeast("viewer", "staff")).toBe(false);
    expect(roleAtLeast("viewer", "viewer")).toBe(true);
  });
});
