import {
  BarChart3Icon,
  BriefcaseBusinessIcon,
  FileUpIcon,
  LayoutDashboardIcon,
  MegaphoneIcon,
  PenLineIcon,
  ReceiptTextIcon,
  ServerCrashIcon,
  SettingsIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";

export type NavKey =
  | "dashboard"
  | "customers"
  | "transactions"
  | "imports"
  | "rfm"
  | "content"
  | "campaigns"
  | "settings"
  | "adminBusinesses"
  | "adminJobs";

export interface NavItem {
  key: NavKey;
  href: string;
  icon: LucideIcon;
}

/** The product's main areas, in the order an owner works through them. */
export const mainNav: readonly NavItem[] = [
  { key: "dashboard", href: "/dashboard", icon: LayoutDashboardIcon },
  { key: "customers", href: "/customers", icon: UsersIcon },
  { key: "transactions", href: "/transactions", icon: ReceiptTextIcon },
  { key: "imports", href: "/imports", icon: FileUpIcon },
  { key: "rfm", href: "/rfm", icon: BarChart3Icon },
  { key: "content", href: "/content", icon: PenLineIcon },
  { key: "campaigns", href: "/campaigns", icon: MegaphoneIcon },
  { key: "settings", href: "/settings", icon: SettingsIcon },
];

/** A phone's bottom bar fits four items comfortably; the rest live behind "More". */
export const bottomNavKeys: readonly NavKey[] = ["dashboard", "customers", "rfm", "campaigns"];

/** Platform operator pages; shown only to super admins (the pages check again). */
export const adminNav: readonly NavItem[] = [
  { key: "adminBusinesses", href: "/admin/businesses", icon: BriefcaseBusinessIcon },
  { key: "adminJobs", href: "/admin/jobs", icon: ServerCrashIcon },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
