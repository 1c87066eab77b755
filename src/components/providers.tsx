"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { useState, type ReactNode } from "react";
import { Toaster } from "@/components/ui/sonner";

/** Client-side providers shared by every page: theme, query cache, toasts. */
export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab; created lazily so server renders never share it.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Phones on slow connections: avoid refetch storms when the app regains focus.
          queries: { staleTime: 60_000, refetchOnWindowFocus: false },
        },
      }),
  );
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <QueryClientProvider client={queryClient}>
        {children}
        <Toaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
