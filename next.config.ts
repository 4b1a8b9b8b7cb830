import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const isDev = process.env.NODE_ENV === "development";

// Without nonces (they would make every page dynamic and need a proxy): Next.js's own inline
// bootstrap scripts need 'unsafe-inline' in script-src. No 'unsafe-eval' outside `next dev`, where
// React uses eval for its error overlay. Everything else comes from the dashboard itself; single
// sign-on leaves by a top-level navigation, which connect-src and form-action do not govern.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // proxy.ts reads the URL as it arrived: Next.js's normalized one has lost `?__proto__=`.
  skipProxyUrlNormalize: true,
  // Loaded from node_modules at run time, not bundled: one copy of prom-client for every route bundle
  // (pino and pino-pretty are on Next.js's own list already: pino's worker-thread files cannot be bundled).
  serverExternalPackages: ["prom-client"],
  experimental: {
    // The proxy runs for every /api request, and Next.js copies a request's body for it before the
    // route handler reads it: at most this much (instead of 10 MB), still well above the 16 KiB the
    // handlers accept, so an oversized body is still answered 413.
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

// next-intl: the request's language from lib/i18n/server/request.ts (no locale in URLs), and the catalogs
// in messages/ precompiled at build time, so the browser gets no ICU parser and only its language.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/server/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

export default withNextIntl(nextConfig);
