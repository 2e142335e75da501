import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Tests run server code in Node, as the server does: "server-only" is then the empty
      // module Next.js's server build resolves it to (its React Server condition).
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // One PostgreSQL for the run (embedded unless DATABASE_URL is set) …
          globalSetup: ["tests/integration/global-setup.ts"],
          // … and a fresh database of its own for every test file.
          setupFiles: ["tests/integration/fresh-database.ts"],
          testTimeout: 60_000,
          // next-auth imports "next/server" without an extension, which Node's ESM loader
          // refuses; processed by Vite it resolves as in Next.js (the action wrapper tests).
          server: { deps: { inline: ["next-auth"] } },
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
