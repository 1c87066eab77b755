"use client";

// Next.js requires a client component default export here; the UI lives in the shell feature.
export { PageError as default } from "@/features/shell/components/page-error";
