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
const shell = ["**/store/*", "**/usecases/*", "**/http/*", "**/triggers/*", "**/jobs/*", "**/firebase", "**/resend"];
const noDb = {
  group: ["**/firebase", "firebase-admin/firestore"],
  importNames: ["db", "getFirestore", "Firestore"],
  message: "Shells reach Firestore through store/.",
};
const noClock = (layer) =>
  [
    "NewExpression[callee.name='Date'][arguments.length=0]",
    "CallExpression[callee.object.name='Date'][callee.property.name='now']",
  ].map((selector) => ({ selector, message: `${layer} has no clock: take \`now\`.` }));

/** One layer's import boundary (docs/design.md §2): the lint fails the build when it is crossed. */
const boundary = (files, patterns, extraRules = {}) => ({
  files: files.map((folder) => `functions/src/${folder}/**/*.ts`),
  rules: { "no-restricted-imports": ["error", { patterns }], ...extraRules },
});

export default tseslint.config(
  { ignores: ["node_modules/", "functions/lib/", "functions/.transpiled/", ".emulator/", "**/*.d.ts"] },
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
  boundary(
    ["views"],
    [
      { group: [...firebase, "resend", ...nodeIo], message: "views/ is pure: no Firebase, no I/O." },
      { group: shell, message: "views/ never calls the shell." },
    ],
    { "no-restricted-syntax": ["error", ...noClock("views/")] },
  ),
  boundary(
    ["domain"],
    [
      { group: [...firebase, "resend", ...nodeIo], message: "domain/ is pure: no Firebase, no I/O." },
      { group: [...shell, "**/views/*"], message: "domain/ depends on nothing but itself." },
    ],
    { "no-restricted-syntax": ["error", ...noClock("domain/")] },
  ),
  boundary(
    ["store"],
    [
      {
        group: ["**/views/*", "**/usecases/*", "**/http/*", "**/triggers/*", "**/jobs/*"],
        message: "store/ is typed Firestore access only: no text, no use cases.",
      },
    ],
    { "no-restricted-syntax": ["error", ...noClock("store/")] },
  ),
  boundary(
    ["http", "jobs"],
    [noDb, { group: ["**/triggers/*"], message: "A job or handler never imports a trigger: share a use case." }],
  ),
  boundary(
    ["usecases"],
    [noDb, { group: ["**/triggers/*"], message: "A use case never imports a trigger: share a use case." }],
    // The shell reads the clock once per request or event and passes `now` (or, for delivery, a Clock) down.
    { "no-restricted-syntax": ["error", ...noClock("usecases/")] },
  ),
  boundary(
    ["triggers"],
    [
      noDb,
      { group: ["**/jobs/*", "**/http/*"], message: "A trigger never imports a job or a handler: share a use case." },
    ],
  ),
  {
    files: ["hosting/js/**/*.js"],
    languageOptions: { ecmaVersion: 5, sourceType: "script", globals: { window: "readonly", document: "readonly" } },
  },
);
