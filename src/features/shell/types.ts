export type BusinessRole = "owner" | "admin" | "staff" | "viewer";

/** What the shell needs to know about one membership; mapped from the session helpers. */
export interface ShellBusiness {
  id: string;
  name: string;
  role: BusinessRole;
}

export interface ShellUser {
  id: string;
  email: string;
  fullName: string;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}
