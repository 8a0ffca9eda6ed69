/**
 * The use-case tier's transport, in the test's own process, in place of the
 * Functions emulator: the functions `functions/src/index.ts` exports are
 * called directly — HTTP ones behind Hosting's rewrites and the body parsing
 * Cloud Functions does, Firestore ones with an event built from this file's
 * writes, scheduled ones by their handler. Firestore is the real emulator,
 * on a project of this file's own; email goes through the real Resend SDK to
 * a capture server of this file's own.
 */
import path from "node:path";
import type { AddressInfo } from "node:net";
import express, { type Request } from "express";
import type { DocumentSnapshot, Firestore, QueryDocumentSnapshot } from "firebase-admin/firestore";
import { root } from "../../scripts/emulators.ts";
import { functionFor, hosting } from "./hosting.ts";

type Exported = Record<string, unknown>;
type Endpoint = {
  eventTrigger?: { eventFilterPathPatterns?: { document?: string }; retry?: boolean };
  scheduleTrigger?: unknown;
  maxInstances?: unknown;
  concurrency?: unknown;
};
type EventFunction = { __endpoint?: Endpoint; run: (event: unknown) => Promise<unknown> };
type HttpFunction = (req: Request, res: express.Response) => unknown;

const endpointOf = (value: unknown) => (value as { __endpoint?: Endpoint } | undefined)?.__endpoint;

/** The Firestore triggers on each collection, read from the functions as firebase-tools reads them. */
export function triggerRoutes(functions: Exported): Map<string, EventFunction[]> {
  const routes = new Map<string, EventFunction[]>();
  for (const value of Object.values(functions)) {
    const document = endpointOf(value)?.eventTrigger?.eventFilterPathPatterns?.document;
    if (!document) continue;
    const collection = document.split("/")[0]!;
    routes.set(collection, [...(routes.get(collection) ?? []), value as EventFunction]);
  }
  return routes;
}

/** How often each function ran (a request, or an event delivery): the cost model counts them (bench/year.costs.ts). */
export const invocations = new Map<unknown, number>();

/**
 * Runs a function's work when it has a free instance: as many at once as
 * `maxInstances` × `concurrency` (1 for our 256 MiB functions) let production
 * run, the rest waiting their turn — so a burst contends in Firestore as it
 * would there, not thirty transactions on one document at once.
 */
class Instances {
  private readonly running = new Map<unknown, number>();
  private readonly waiting = new Map<unknown, (() => void)[]>();

  async run<T>(fn: unknown, work: () => T | Promise<T>): Promise<T> {
    invocations.set(fn, (invocations.get(fn) ?? 0) + 1);
    const endpoint = endpointOf(fn);
    // An option left unset is a ResetValue object, not a number: the platform's default then.
    const option = (value: unknown, unset: number) => (typeof value === "number" ? value : unset);
    const limit = option(endpoint?.maxInstances, 100) * option(endpoint?.concurrency, 1);
    if ((this.running.get(fn) ?? 0) >= limit) {
      await new Promise<void>((resolve) => this.waiting.set(fn, [...(this.waiting.get(fn) ?? []), resolve]));
    }
    this.running.set(fn, (this.running.get(fn) ?? 0) + 1);
    try {
      return await work();
    } finally {
      this.running.set(fn, this.running.get(fn)! - 1);
      this.waiting.get(fn)?.shift()?.();
    }
  }
}

/** Hosting in front of the HTTP functions: static files, then the rewrites of firebase.json. */
export async function startSite(functions: Exported): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.enable("trust proxy");
  // The body parsing the Functions emulator and Cloud Functions do, with the raw body kept.
  const limit = "32mb";
  const verify = (req: Request, _res: unknown, buf: Buffer) => {
    (req as Request & { rawBody: Buffer }).rawBody = buf;
  };
  app.use(express.json({ limit, verify }));
  app.use(express.text({ limit, verify }));
  app.use(express.urlencoded({ extended: true, limit, verify }));
  app.use(express.raw({ type: "*/*", limit, verify }));
  app.use(express.static(path.join(root, hosting.public), { extensions: ["html"], redirect: false }));
  const instances = new Instances();
  app.use(async (req, res) => {
    const id = functionFor(req.path);
    const handler = id ? (functions[id] as HttpFunction | undefined) : undefined;
    if (!handler) return void res.status(404).send("Not found");
    // An instance is busy until its response is sent.
    await instances.run(handler, async () => {
      // "finish": the response is sent ("close" alone would wait for a kept-alive socket to close).
      const finished = new Promise<void>((resolve) => {
        res.once("finish", () => resolve());
        res.once("close", () => resolve());
      });
      await handler(req, res);
      await finished;
    });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** How often a failed event of a function deployed with `retry` is delivered, here, before it counts as failed. */
const retriedAttempts = 5;

/**
 * Delivers every write to a triggered collection to its function, as Cloud
 * Functions does: one event with the document before and after. Writes made
 * while it is paused are never delivered (like the emulator with its triggers
 * disabled). A function deployed with `retry` gets a failed event again, with
 * backoff, as Cloud Functions retries it; one that still throws (or has no
 * retry) is recorded in `failures`.
 */
export class TriggerPump {
  readonly failures: { path: string; error: unknown }[] = [];
  private unsubscribes: (() => void)[] = [];
  private readonly seen = new Map<string, QueryDocumentSnapshot>();
  /** The last delivery of each document: a document's events are delivered in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly instances = new Instances();

  private readonly db: Firestore;
  private readonly routes: Map<string, EventFunction[]>;

  /** A number per function, for the order of its deliveries of one document. */
  private readonly functionIds = new Map<EventFunction, number>();

  constructor(db: Firestore, routes: Map<string, EventFunction[]>) {
    this.db = db;
    this.routes = routes;
    for (const fn of [...routes.values()].flat()) this.functionIds.set(fn, this.functionIds.size);
  }

  async start(): Promise<void> {
    await Promise.all(
      [...this.routes].map(
        ([collection, functions]) =>
          new Promise<void>((resolve, reject) => {
            let first = true;
            const unsubscribe = this.db.collection(collection).onSnapshot((snap) => {
              if (first) {
                // What is there already was delivered before (or written while paused).
                first = false;
                for (const doc of snap.docs) this.seen.set(doc.ref.path, doc);
                resolve();
                return;
              }
              for (const change of snap.docChanges()) {
                const key = change.doc.ref.path;
                const before = this.seen.get(key);
                const after = change.type === "removed" ? undefined : change.doc;
                if (after) this.seen.set(key, after);
                else this.seen.delete(key);
                for (const fn of functions) this.deliver(key, fn, before, after);
              }
            }, reject);
            this.unsubscribes.push(unsubscribe);
          }),
      ),
    );
  }

  private deliver(
    key: string,
    fn: EventFunction,
    before: DocumentSnapshot | undefined,
    after: DocumentSnapshot | undefined,
  ): void {
    const event = { data: { before, after }, params: { id: key.split("/")[1] } };
    // Each function gets each document's events in order; functions run independently.
    const chain = `${this.functionIds.get(fn)}:${key}`;
    const previous = this.chains.get(chain) ?? Promise.resolve();
    const delivery = previous
      .then(() => this.withRetries(fn, () => this.instances.run(fn, () => fn.run(event))))
      .then(
        () => undefined,
        (error: unknown) => void this.failures.push({ path: key, error }),
      );
    this.chains.set(chain, delivery);
    this.inFlight.add(delivery);
    void delivery.finally(() => {
      this.inFlight.delete(delivery);
      if (this.chains.get(chain) === delivery) this.chains.delete(chain);
    });
  }

  private async withRetries(fn: EventFunction, attempt: () => Promise<unknown>): Promise<unknown> {
    const attempts = endpointOf(fn)?.eventTrigger?.retry ? retriedAttempts : 1;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (n >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** n * Math.random()));
      }
    }
  }

  /** Resolves once no event is being delivered. */
  async drained(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops listening, and waits for what was being delivered. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
    await this.drained();
    this.seen.clear();
  }
}

/** Runs a scheduled function's body, as Cloud Scheduler would. */
export async function runScheduled(functions: Exported, name: string): Promise<void> {
  const fn = functions[name] as EventFunction | undefined;
  if (!endpointOf(fn)?.scheduleTrigger) throw new Error(`No scheduled function ${name}`);
  invocations.set(fn, (invocations.get(fn) ?? 0) + 1);
  await fn!.run({ scheduleTime: new Date().toISOString() });
}
