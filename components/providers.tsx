"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { isTransientError } from "@/lib/http/fetch-json";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // One quick retry when the provider or the network failed; a refused request is not retried.
        retry: (failureCount, error) => failureCount < 1 && isTransientError(error),
      },
      mutations: { retry: false },
    },
  });
}

/** One QueryClient per browser tab, and the toaster. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster theme="system" richColors position="bottom-right" toastOptions={{ duration: 6_000 }} />
    </QueryClientProvider>
  );
}
