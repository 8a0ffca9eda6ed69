import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Node modules that reach outside the process: the pure core never imports them. */
const nodeIo = [
  "fs",
  "net",
  "http",
  "https",
  "http2",
  "child_process",
  "dgram",
  "dns",
  "tls",
  "worker_threads",
].flatMap((name) => [name, `node:${name}`, `${name}/*`, `node:${name}/*`]);
const firebase = [
  "firebase-admin",
  "firebase-admin/*",
  "firebase-functions",
  "firebase-functions/*",
  "@google-cloud/*",
];

export default tseslint.config(
  { ignores: ["node_modules/", "functions/lib/", ".emulator/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  // The layers (DESIGN §2, README "Architecture"): the lint fails the build when one is crossed.
  {
    files: ["functions/src/domain/**/*.ts", "functions/src/views/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [...firebase, "resend", ...nodeIo], message: "domain/ and views/ are pure: no Firebase, no I/O." },
            {
              group: [
                "**/store/*",
                "**/usecases/*",
                "**/http/*",
                "**/triggers/*",
                "**/jobs/*",
                "**/firebase",
                "**/resend",
              ],
              message: "domain/ and views/ never call the shell.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["functions/src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [...firebase, "resend", ...nodeIo], message: "domain/ is pure: no Firebase, no I/O." },
            {
              group: [
                "**/store/*",
                "**/usecases/*",
                "**/http/*",
                "**/triggers/*",
                "**/jobs/*",
                "**/views/*",
                "**/firebase",
                "**/resend",
              ],
              message: "domain/ depends on nothing but itself.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["functions/src/store/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/views/*", "**/usecases/*", "**/http/*", "**/triggers/*", "**/jobs/*"],
              message: "store/ is typed Firestore access only: no text, no use cases.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "store/ has no clock: take `now`.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "store/ has no clock: take `now`.",
        },
      ],
    },
  },
  {
    files: [
      "functions/src/http/**/*.ts",
      "functions/src/triggers/**/*.ts",
      "functions/src/jobs/**/*.ts",
      "functions/src/usecases/**/*.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/firebase", "firebase-admin/firestore"],
              importNames: ["db", "getFirestore", "Firestore"],
              message: "Shells reach Firestore through store/.",
            },
            { group: ["**/triggers/*"], message: "A job or handler never imports a trigger: share a use case." },
          ],
        },
      ],
    },
  },
  {
    files: ["functions/src/triggers/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/firebase", "firebase-admin/firestore"],
              importNames: ["db", "getFirestore", "Firestore"],
              message: "Shells reach Firestore through store/.",
            },
            {
              group: ["**/jobs/*", "**/http/*"],
              message: "A trigger never imports a job or a handler: share a use case.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["hosting/js/**/*.js"],
    languageOptions: { ecmaVersion: 5, sourceType: "script", globals: { window: "readonly", document: "readonly" } },
  },
);
