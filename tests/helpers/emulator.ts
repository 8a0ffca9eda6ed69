/**
 * Talking to the system under test: in the journeys tier the emulator suite
 * (Hosting, Functions, Firestore) and the shared capture server; in the
 * use-case tier this file's own in-process harness (tests/helpers/harness.ts)
 * and its own Firestore project. Tests call the same helpers in both.
 */
import { randomUUID } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import { ports, projectId as suiteProject, urls as suiteUrls } from "../../scripts/emulators.ts";
import { demoSettings } from "../../scripts/demo-data.ts";
import { emulatorFirestore, seedDemoData } from "../../scripts/seed.ts";
import { harness } from "./harness.ts";

const inProcess = harness();
/** This file's Firestore project: its own in the use-case tier, the suite's in journeys. */
export const projectId = process.env.GCLOUD_PROJECT ?? suiteProject;
export const urls = inProcess ? { ...suiteUrls, site: inProcess.siteUrl, mail: inProcess.mailUrl } : suiteUrls;
export const db: Firestore = emulatorFirestore();

/** Empties this file's project. The emulator sometimes refuses for a moment (409, 500): try again shortly. */
export async function clearFirestore(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const cleared = await fetch(`${urls.firestore}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
      method: "DELETE",
    });
    if (cleared.ok) return;
    // 409: a transaction is still open; 500: the emulator clearing another file's project at the same moment.
    if (![409, 500].includes(cleared.status) || attempt === 20) {
      throw new Error(`Could not clear Firestore: ${cleared.status} ${await cleared.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
}

/** One request with many deletes: what the Firestore console sends when several documents are deleted at once. */
export async function consoleBulkDelete(paths: readonly string[]): Promise<void> {
  const documents = `projects/${projectId}/databases/(default)/documents`;
  const response = await fetch(`${urls.firestore}/v1/${documents}:commit`, {
    method: "POST",
    headers: { authorization: "Bearer owner", "content-type": "application/json" },
    body: JSON.stringify({ writes: paths.map((path) => ({ delete: `${documents}/${path}` })) }),
  });
  if (response.status !== 200) throw new Error(`The bulk delete answered ${response.status}: ${await response.text()}`);
}

/** Empties Firestore and the captured mail, then writes the demo data. */
export async function resetAll(settings: Partial<ReturnType<typeof demoSettings>> = {}): Promise<void> {
  // In-process, nothing reacts to the clearing and the seeding; the next test starts from them.
  await inProcess?.pump.stop();
  await clearFirestore();
  await fetch(`${urls.mail}/_captured`, { method: "DELETE" });
  await seedDemoData(db, new Date(), { ...demoSettings(urls.site), ...settings });
  await inProcess?.pump.start();
}

/** Polls until `probe` gives a value. Generous: a busy 2-core emulator can lag far behind a burst of events. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The intake's counters run on the real clock in fixed windows: an hour per
 * client, and a Madrid calendar day per address (Madrid's offset is whole
 * hours, so its days too begin on the hour). A burst that straddled an edge
 * would be counted in two windows; this starts it after the edge instead,
 * waiting only in the last `marginMs` of an hour.
 */
export async function clearOfCounterWindows(marginMs = 60_000): Promise<void> {
  const untilNextHour = 3_600_000 - (Date.now() % 3_600_000);
  if (untilNextHour < marginMs) await new Promise((resolve) => setTimeout(resolve, untilNextHour + 1_000));
}

export async function count(collection: string): Promise<number> {
  return (await db.collection(collection).count().get()).data().count;
}

/**
 * Posts to the applications API through Hosting, as a browser does, or
 * `direct` to the function: the Hosting emulator's proxy gives up after 60 s,
 * which a burst of cold emulator workers on 2 cores can exceed.
 */
export async function postApplication(
  body: unknown,
  options: {
    form?: boolean;
    headers?: Record<string, string>;
    raw?: string;
    contentType?: string;
    direct?: boolean;
  } = {},
) {
  const contentType = options.contentType ?? (options.form ? "application/x-www-form-urlencoded" : "application/json");
  const payload =
    options.raw ??
    (options.form
      ? new URLSearchParams(
          Object.entries(body as Record<string, unknown>).flatMap(([key, value]) =>
            (Array.isArray(value) ? value : [value]).map((v) => [key, String(v)]),
          ),
        ).toString()
      : JSON.stringify(body));
  const send = () =>
    fetch(options.direct && !inProcess ? `${urls.functions}/applicationsApi` : `${urls.site}/api/applications`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        accept: options.form ? "text/html" : "application/json",
        ...options.headers,
      },
      body: payload,
    });
  let response = await send();
  let text = await response.text();
  // The Functions emulator itself sometimes loses a request to a cold worker in a burst on 2
  // cores (it answers 500 with the socket error, e.g. {"code":"EPIPE","syscall":"write"}):
  // send it again, as any client would. Our own failures answer {"error": …} and are kept.
  if (response.status === 500 && /"syscall"|socket hang up/.test(text)) {
    response = await send();
    text = await response.text();
  }
  let json: Record<string, unknown> | null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}

export type Kind = "mentee" | "mentor" | "advisory";

/** A valid application body of each kind, with a unique person. */
export function validApplication(kind: Kind, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const unique = randomUUID().slice(0, 8);
  return {
    kind,
    name: `Marta Soler ${unique}`,
    email: `marta.${unique}@ajuntament.example`,
    position: "Tècnica de promoció econòmica",
    municipality: kind === "mentor" ? "sabadell" : "olot",
    topics: ["energia-comunitaria", "contractacio-responsable"],
    description:
      kind === "advisory"
        ? "Com podem incloure clàusules socials en el contracte de neteja?"
        : "Volem impulsar una comunitat energètica amb el veïnat.",
    modes: ["presencial", "virtual"],
    ...(kind === "mentor" ? { capacity: 2 } : {}),
    ...(kind !== "advisory" ? { slots: ["dm-mati", "dj-mati"], availability: "Millor no a l'agost." } : {}),
    consent: true,
    website: "",
    ...overrides,
  };
}

/**
 * An application as the secretariat types it in the console (a paper or phone
 * application): the stored shape, with no slots or labels unless given.
 */
export function consoleApplication(
  kind: Kind,
  person: { name: string; email: string },
  fields: Record<string, unknown> & { createdAt?: Date } = {},
): Record<string, unknown> {
  const createdAt = fields.createdAt ?? new Date();
  return {
    kind,
    status: "received",
    person: { ...person, position: "Tècnica" },
    municipality: { id: "olot", name: "Olot" },
    topics: ["energia-comunitaria"],
    description: "Volem impulsar una comunitat energètica.",
    modes: ["virtual"],
    updatedAt: createdAt,
    ...fields,
    createdAt,
  };
}

/**
 * Runs a scheduled function now. The emulator never fires v2 schedules on its
 * own, but runs one POSTed to its trigger route (docs/design.md §9), keyed
 * `{id}-{generation}`. Re-enabling triggers reloads them under the next
 * generation and keeps the old records, disabled: /backends lists one record
 * per generation, so the live key is `{id}-{records − 1}`.
 */
export async function runScheduledFunction(name: string): Promise<void> {
  if (inProcess) return inProcess.runScheduled(name);
  const functionsPort = new URL(urls.functions).port;
  const { backends } = (await (await fetch(`http://127.0.0.1:${functionsPort}/backends`)).json()) as {
    backends: { functionTriggers: { id: string; name: string; entryPoint: string }[] }[];
  };
  const records = backends.flatMap((b) => b.functionTriggers).filter((t) => t.entryPoint === name || t.name === name);
  if (records.length === 0) throw new Error(`No function ${name} in the emulator`);
  const key = `${records[0]!.id}-${records.length - 1}`;
  const response = await fetch(`http://127.0.0.1:${functionsPort}/functions/projects/${projectId}/triggers/${key}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`Running ${name} failed: ${response.status} ${await response.text()}`);
}

/**
 * Writes with the Firestore triggers off: the documents are there as if a
 * trigger had failed or never run, and nothing reacts to them until a test
 * calls a handler or a scheduled function. Triggers are back on afterwards.
 */
export async function withTriggersPaused<T>(arrange: () => Promise<T>): Promise<T> {
  await setBackgroundTriggers(false);
  try {
    return await arrange();
  } finally {
    await setBackgroundTriggers(true);
  }
}

/** Stops (or restarts) Firestore triggers, to arrange large data without firing them. */
export async function setBackgroundTriggers(enabled: boolean): Promise<void> {
  if (inProcess) return enabled ? inProcess.pump.start() : inProcess.pump.stop();
  const action = enabled ? "enableBackgroundTriggers" : "disableBackgroundTriggers";
  const response = await fetch(`http://127.0.0.1:${ports.hub}/functions/${action}`, { method: "PUT" });
  if (!response.ok) throw new Error(`Could not ${action}: ${response.status}`);
}

/**
 * The event a Firestore trigger would get for a write that left `collection/id`
 * as it is now: lets a test deliver a (repeated) event in-process, with the
 * emulator's own triggers paused, and know when its handling has finished.
 */
export async function writtenEvent(id: string, collection = "mail") {
  const after = await db.collection(collection).doc(id).get();
  return { data: { before: after, after }, params: { id } } as unknown as Parameters<
    typeof import("../../functions/src/triggers/mailDelivery.ts").onMailWritten
  >[0];
}
