import { cn } from "@/components/utils";

/**
 * The mark: four petals of the kawung batik motif around a teal centre, on indigo.
 * Kawung is one of the oldest Javanese patterns; it reads as "crafted here" at a glance.
 * The same drawing is used for the favicon and the PWA icons (public/icons).
 */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" className={cn("size-8 shrink-0", className)}>
      <rect width="64" height="64" rx="14" fill="#3b3ab0" />
      <g fill="#e2b45c">
        <ellipse cx="21.5" cy="21.5" rx="6.5" ry="11" transform="rotate(-45 21.5 21.5)" />
        <ellipse cx="42.5" cy="21.5" rx="6.5" ry="11" transform="rotate(45 42.5 21.5)" />
        <ellipse cx="21.5" cy="42.5" rx="6.5" ry="11" transform="rotate(45 21.5 42.5)" />
        <ellipse cx="42.5" cy="42.5" rx="6.5" ry="11" transform="rotate(-45 42.5 42.5)" />
      </g>
      <g fill="#3b3ab0">
        <circle cx="21.5" cy="21.5" r="2" />
        <circle cx="42.5" cy="21.5" r="2" />
        <circle cx="21.5" cy="42.5" r="2" />
        <circle cx="42.5" cy="42.5" r="2" />
      </g>
      <rect x="28" y="28" width="8" height="8" rx="1.5" fill="#2fb5a4" transform="rotate(45 32 32)" />
    </svg>
  );
}

export function Logo({ className, label }: { className?: string; label: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <LogoMark />
      <span>{label}</span>
    </span>
  );
}
