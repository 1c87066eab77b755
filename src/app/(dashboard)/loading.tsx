import { Skeleton } from "@/components/ui/skeleton";

/** Shown while a dashboard page loads on a slow connection; the shell stays interactive. */
export default function DashboardLoading() {
  return (
    <div className="grid gap-4" aria-busy="true">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-72 max-w-full" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}
