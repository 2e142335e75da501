import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // One transaction style (lib/db/transaction.ts): postgres.js's begin/reserve, and drizzle's
    // transaction built on them, wedge the pool when a connection dies (issue: nothing stops
    // Caseline).
    files: ["app/**/*.{ts,tsx}", "lib/**/*.ts", "components/**/*.{ts,tsx}", "scripts/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(transaction|begin|reserve)$/][callee.object.type!='Identifier']",
          message: "Use transaction() from @/lib/db/client: postgres.js's begin/reserve do not survive a lost connection.",
        },
        {
          selector: "CallExpression[callee.property.name=/^(begin|reserve)$/]",
          message: "Use transaction() from @/lib/db/client: postgres.js's begin/reserve do not survive a lost connection.",
        },
      ],
    },
  },
  globalIgnores([".next/**", ".data/**", "node_modules/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
]);
