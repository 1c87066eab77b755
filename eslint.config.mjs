import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  globalIgnores([
    ".next/**",
    ".next-test/**",
    ".next-*/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    ".data/**",
    ".tools/**",
    "test-results/**",
    "playwright-report/**",
    "src/lib/supabase/database.types.ts",
  ]),
]);
