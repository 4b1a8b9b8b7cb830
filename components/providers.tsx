"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { ApiRequestError, isTransientError } from "@/lib/http/client/fetch-json";

function makeQueryClient(navigate: (path: string) => void): QueryClient {
  // The session ended (expired, signed out elsewhere, user disabled): to the sign-in page, then back here.
  const signInAgainWhenUnauthenticated = (error: unknown) => {
    if (!(error instanceof ApiRequestError) || error.code !== "unauthenticated") return;
    navigate(`/sign-in?next=${encodeURIComponent(`${window.location.pathname}${window.location.search}`)}`);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: signInAgainWhenUnauthenticated }),
    mutationCache: new MutationCache({ onError: signInAgainWhenUnauthenticated }),
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
  const t = useTranslations("Toasts");
  const router = useRouter();
  const [queryClient] = useState(() => makeQueryClient((path) => router.replace(path)));
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster
        theme="system"
        richColors
        position="bottom-right"
        containerAriaLabel={t("region")}
        toastOptions={{ duration: 6_000, closeButtonAriaLabel: t("close") }}
      />
    </QueryClientProvider>
  );
}
