/**
 * Runs the official Firebase emulator suite offline (docs/design.md §9). Shared by
 * `npm start`, `npm test` and `npm run bench`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const projectId = "demo-xmess";
export const region = "europe-southwest1";

const emulators = JSON.parse(readFileSync(path.join(root, "firebase.json"), "utf8")).emulators as Record<
  string,
  { port: number }
>;
export const ports = {
  firestore: emulators.firestore!.port,
  functions: emulators.functions!.port,
  hosting: emulators.hosting!.port,
  pubsub: emulators.pubsub!.port,
  hub: emulators.hub!.port,
  /** The Resend-compatible capture server (scripts/mail-capture.ts). */
  mail: 4748,
};

export const urls = {
  site: `http://127.0.0.1:${ports.hosting}`,
  functions: `http://127.0.0.1:${ports.functions}/${projectId}/${region}`,
  firestore: `http://127.0.0.1:${ports.firestore}`,
  mail: `http://127.0.0.1:${ports.mail}`,
};

function packageFiles(name: string): string[] {
  const listing = spawnSync("dpkg", ["-L", name], { encoding: "utf8" });
  return listing.status === 0 ? listing.stdout.split("\n") : [];
}

/**
 * Google's Firestore emulator ships as a Debian package whose JAR has no
 * Main-Class. A manifest-only JAR that names the main class and points its
 * Class-Path at the shipped JAR lets firebase-tools start it with `java -jar`.
 */
function firestoreLauncher(shippedJar: string): string {
  const dir = path.join(root, ".emulator");
  mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, "MANIFEST.MF");
  const launcher = path.join(dir, "firestore-launcher.jar");
  writeFileSync(
    manifest,
    [
      "Manifest-Version: 1.0",
      "Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore",
      `Class-Path: file:${shippedJar}`,
      "",
    ].join("\n"),
  );
  const jar = spawnSync("jar", ["--create", "--file", launcher, "--manifest", manifest], { encoding: "utf8" });
  if (jar.status !== 0) throw new Error(`Could not build the Firestore launcher JAR: ${jar.stderr}`);
  return launcher;
}

/**
 * Where the machine ships the emulators, use them; elsewhere set nothing and
 * firebase-tools downloads its own.
 */
export function offlineEmulatorEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  const firestoreJar = packageFiles("google-cloud-cli-firestore-emulator").find((f) =>
    f.endsWith("/cloud-firestore-emulator.jar"),
  );
  if (firestoreJar) env.FIRESTORE_EMULATOR_BINARY_PATH = firestoreLauncher(firestoreJar);
  const pubsub = packageFiles("google-cloud-cli-pubsub-emulator").find((f) => f.endsWith("/bin/cloud-pubsub-emulator"));
  if (pubsub) env.PUBSUB_EMULATOR_BINARY_PATH = pubsub;
  return env;
}

/**
 * The Firestore emulator's JAR, to start one outside the suite (the restore
 * rehearsal, docs/testing.md): the machine's shipped one, or the one
 * firebase-tools downloaded.
 */
export function firestoreEmulatorJar(): string {
  const offline = offlineEmulatorEnv().FIRESTORE_EMULATOR_BINARY_PATH;
  if (offline) return offline;
  const cache = path.join(os.homedir(), ".cache/firebase/emulators");
  const downloaded = existsSync(cache)
    ? readdirSync(cache).find((f) => /^cloud-firestore-emulator-.*\.jar$/.test(f))
    : undefined;
  if (!downloaded) throw new Error("No Firestore emulator JAR: start the suite once so firebase-tools downloads it.");
  return path.join(cache, downloaded);
}

/**
 * The rate limit the local capture server enforces as Resend does, and the
 * functions' send budget is told (tests and `npm start`; the throughput
 * benchmark uses Resend's lowest default, 2).
 */
export const localResendRateLimit = 20;

/**
 * Emulator-only configuration for the functions: `.env.local` and
 * `.secret.local` are read by the Functions emulator and never deployed.
 */
export function writeLocalFunctionsConfig(resendRequestsPerSecond = localResendRateLimit): void {
  writeFileSync(
    path.join(root, "functions/.env.local"),
    `RESEND_BASE_URL=${urls.mail}\nRESEND_REQUESTS_PER_SECOND=${resendRequestsPerSecond}\n`,
  );
  localSecrets();
}

/**
 * The emulator's secrets (functions/.secret.local, never deployed), made once
 * per checkout and kept: the Resend key the capture server accepts, the link
 * signing key, and the webhook secret the capture server signs events with.
 */
export function localSecrets(): Record<string, string> {
  const file = path.join(root, "functions/.secret.local");
  const current = existsSync(file)
    ? Object.fromEntries(
        readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => line.includes("="))
          .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      )
    : {};
  const secrets: Record<string, string> = {
    RESEND_API_KEY: "re_local_capture",
    LINK_SIGNING_KEY: randomBytes(32).toString("base64url"),
    RESEND_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
    ...current,
  };
  if (Object.keys(secrets).some((key) => !(key in current))) {
    writeFileSync(
      file,
      Object.entries(secrets)
        .map(([key, value]) => `${key}=${value}\n`)
        .join(""),
    );
  }
  return secrets;
}

/** Where the capture server posts Resend's events: the functions' endpoint, through Hosting. */
export function localWebhook(enabled: boolean) {
  return { url: `${urls.site}/api/email-events`, secret: localSecrets().RESEND_WEBHOOK_SECRET!, enabled };
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
}

export function build(): void {
  run("npm", ["run", "--silent", "build"]);
}

/** The whole suite; the use-case tier needs Firestore alone. */
export const allEmulators = "firestore,functions,hosting,pubsub";
const firebaseBin = path.join(root, "node_modules/.bin/firebase");

function emulatorEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...offlineEmulatorEnv(),
    // The Functions emulator starts one worker process per concurrent request;
    // 50 at once on 2 cores need longer than its default 30 s to load.
    FUNCTIONS_DISCOVERY_TIMEOUT: "180",
    // No Google metadata server here: don't let client libraries look for one.
    METADATA_SERVER_DETECTION: "none",
  };
}

/** Starts the emulators, runs `command` against them, stops them; resolves to its exit code. */
export function execWithEmulators(
  command: string,
  extraEnv: Record<string, string> = {},
  resendRequestsPerSecond = localResendRateLimit,
  only = allEmulators,
): Promise<number> {
  writeLocalFunctionsConfig(resendRequestsPerSecond);
  const quiet = ["--log-verbosity", "QUIET"];
  const child = spawn(firebaseBin, ["emulators:exec", ...quiet, "--project", projectId, "--only", only, command], {
    cwd: root,
    stdio: "inherit",
    env: { ...emulatorEnv(), ...extraEnv },
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

export function startEmulators(): ChildProcess {
  writeLocalFunctionsConfig();
  return spawn(firebaseBin, ["emulators:start", "--project", projectId, "--only", allEmulators], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: emulatorEnv(),
    // Its own process group: a terminal's Ctrl-C reaches `npm start` only, which stops it once.
    detached: true,
  });
}

/** Resolves once the hub reports every emulator up and the functions answer. */
export async function waitForEmulators(timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const hub = await fetch(`http://127.0.0.1:${ports.hub}/emulators`);
      const running = Object.keys((await hub.json()) as object);
      const backends = await fetch(`http://127.0.0.1:${ports.functions}/backends`);
      if (["firestore", "functions", "hosting", "pubsub"].every((e) => running.includes(e)) && backends.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The emulators did not start in time");
}
