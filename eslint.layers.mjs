// The import rules of the layers (README, "Layers"), apart from eslint.config.mjs so that a test
// (test/lint/layers.test.ts) can run exactly these rules on a planted import without the
// type-aware setup. dpdm (`npm run lint:cycles`) fails on any cycle; these fail on an import
// that goes the wrong way even before it closes a cycle.
const documentsMessage =
  'documents/ take the model (model/) and import nothing from config/, components/, plan/ or the program (README, "Layers").';
const modelMessage = 'model/ is the bottom layer: it imports only from model/ and packages (README, "Layers").';

export const layers = [
  {
    files: ["documents/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/config", "**/config/**", "**/components", "**/components/**", "**/plan/**", "**/program"],
              message: documentsMessage,
            },
          ],
        },
      ],
    },
  },
  {
    files: ["model/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../*", "!../model", "!../model/**"], message: modelMessage }] }],
    },
  },
];
