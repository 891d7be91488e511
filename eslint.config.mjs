// ESLint (flat config): the few rules that catch real defects in this codebase, not a style guide.
// - consistent-type-imports: an import used only as a type is written `import type`, so that
//   `isolatedModules` compilers drop it and a type-only edge never loads a module at run time.
// - no-floating-promises (type-aware): a Promise nobody awaits loses its rejection; the plan
//   and the pack must fail loudly, never exit 0 with work still pending.
// Import cycles are checked by dpdm (`npm run lint:cycles`), which, unlike import-x/no-cycle,
// counts `import type` edges too: a cycle through types is still a cycle between the layers.
// The layers (README, "Layers") are enforced twice: dpdm fails on any cycle, and
// no-restricted-imports below fails when the model or the document builders import upwards
// (documents/ from config/, components/ or plan/; model/ from anything but itself).
// Formatting is not linted here (see README, "Development").
import tseslint from "typescript-eslint";
import { layers } from "./eslint.layers.mjs";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "policypack/bin/**",
      "policypack/node_modules/**",
      "bin/**",
      "scripts/**",
      "test/fixtures/**",
      "plan/diff/planShapeValidator.ts", // generated: ajv's standalone code
      "eslint.config.mjs",
      "eslint.layers.mjs",
    ],
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    // "warn": a directive for a rule not enabled here (no-explicit-any) is left for later.
    linterOptions: { reportUnusedDisableDirectives: "warn" },
    rules: {
      // `typeof import("./x")` stays allowed: it types a lazy require() without loading anything.
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "separate-type-imports", disallowTypeAnnotations: false },
      ],
      "@typescript-eslint/no-floating-promises": "error",
      // The few lazy require()s (load a module only when a command needs it) are marked one by one.
      "@typescript-eslint/no-require-imports": "error",
    },
  },
  ...layers,
);
