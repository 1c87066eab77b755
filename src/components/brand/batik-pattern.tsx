import { useId } from "react";
import { cn } from "@/components/utils";

/**
 * A faint kawung tile used as background texture on the landing and auth pages.
 * Drawn with currentColor so one text colour class sets its tint in light and dark mode.
 */
export function BatikPattern({ className }: { className?: string }) {
  // useId output may contain characters that break url(#...) references.
  const id = `batik${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <svg aria-hidden="true" className={cn("pointer-events-none absolute inset-0 size-full", className)}>
      <defs>
        <pattern id={id} width="48" height="48" patternUnits="userSpaceOnUse">
          <g fill="none" stroke="currentColor" strokeWidth="1.2">
            <ellipse cx="12" cy="12" rx="5" ry="9" transform="rotate(-45 12 12)" />
            <ellipse cx="36" cy="12" rx="5" ry="9" transform="rotate(45 36 12)" />
            <ellipse cx="12" cy="36" rx="5" ry="9" transform="rotate(45 12 36)" />
            <ellipse cx="36" cy="36" rx="5" ry="9" transform="rotate(-45 36 36)" />
          </g>
          <circle cx="24" cy="24" r="2" fill="currentColor" />
          <circle cx="0" cy="0" r="2" fill="currentColor" />
          <circle cx="48" cy="0" r="2" fill="currentColor" />
          <circle cx="0" cy="48" r="2" fill="currentColor" />
          <circle cx="48" cy="48" r="2" fill="currentColor" />
        </pattern>
      </defs>
      <rect width="100%" height="100%" fill={`url(#${id})`} />
    </svg>
  );
}
