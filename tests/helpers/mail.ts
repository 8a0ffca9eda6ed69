/** The capture server's test API (scripts/mail-capture.ts). */
import type { CapturedEmail, Fault, SendRequest } from "../../scripts/mail-capture.ts";
import { randomUUID } from "node:crypto";
import { FieldPath } from "firebase-admin/firestore";
import { db, urls, waitFor } from "./emulator.ts";

export async function captured(): Promise<CapturedEmail[]> {
  return (await (await fetch(`${urls.mail}/_captured`)).json()) as CapturedEmail[];
}

export async function capturedFor(mailId: string): Promise<CapturedEmail[]> {
  return (await captured()).filter((email) => email.idempotencyKey?.startsWith(mailId));
}

export async function sendRequests(): Promise<SendRequest[]> {
  return (await (await fetch(`${urls.mail}/_requests`)).json()) as SendRequest[];
}

export async function injectFault(fault: Fault): Promise<void> {
  const response = await fetch(`${urls.mail}/_faults`, { method: "POST", body: JSON.stringify(fault) });
  if (!response.ok) throw new Error("Could not inject the fault");
}

export async function deliveryOf(mailId: string) {
  return (await db.collection("mail").doc(mailId).get()).get("delivery") as
    | {
        state: string;
        attempts: number;
        error: string | null;
        providerId: string | null;
        idempotencyKey?: string;
        /** What Resend's events recorded (docs/design.md §14). */
        events?: { type: string }[];
        deliveredAt?: unknown;
        bouncedAt?: unknown;
        suppressedRecipients?: string[];
      }
    | undefined;
}

/**
 * The mail of a cancellation, deletion or withdrawal waits out the mass-change
 * window (docs/design.md §15): this waits until it is queued, then delivers it as
 * the sweep will once the window has passed — with the clock moved past it —
 * and returns what was captured. Use-case tier only (it calls the use case in-process).
 */
export async function expectCapturedAfterGuardWindow(mailId: string): Promise<CapturedEmail> {
  await waitForDelivery(mailId, ["RETRY"]);
  const [{ deliverMail }, { massChangeWindowMs }, { localResendRateLimit }] = await Promise.all([
    import("../../functions/src/usecases/mailDelivery.ts"),
    import("../../functions/src/domain/massChange.ts"),
    import("../../scripts/emulators.ts"),
  ]);
  const later = () => new Date(Date.now() + massChangeWindowMs);
  await deliverMail(mailId, { apiKey: "re_test", perSecond: localResendRateLimit, clock: later });
  const [email] = await expectCaptured(mailId, 1);
  return email!;
}

/** Waits until a mail document's delivery reaches one of `states`. */
export function waitForDelivery(mailId: string, states: string[] = ["SUCCESS"], timeoutMs = 90_000) {
  return waitFor(
    async () => {
      const delivery = await deliveryOf(mailId);
      return delivery && states.includes(delivery.state) ? delivery : null;
    },
    `mail/${mailId} to reach ${states.join("|")}`,
    timeoutMs,
  );
}

/** Outbox documents whose id starts with `prefix` and whose delivery has not ended yet. */
async function unfinishedMail(prefix: string): Promise<number> {
  const docs = await db
    .collection("mail")
    .where(FieldPath.documentId(), ">=", prefix)
    .where(FieldPath.documentId(), "<", `${prefix}\uf8ff`)
    .get();
  return docs.docs.filter((doc) => !["SUCCESS", "ERROR"].includes(doc.get("delivery.state") as string)).length;
}

/** Waits until exactly `n` captured emails have ids starting with `mailId`, and returns them. */
export async function expectCaptured(mailId: string, n: number): Promise<CapturedEmail[]> {
  const found = await waitFor(async () => {
    const emails = await capturedFor(mailId);
    return emails.length >= n ? emails : null;
  }, `${n} captured emails for ${mailId}`);
  // Every outbox document with this prefix finished (SUCCESS or ERROR are final): no send is still to come.
  await waitFor(async () => (await unfinishedMail(mailId)) === 0, `mail ${mailId}* to finish`);
  const settled = await capturedFor(mailId);
  if (settled.length !== n) throw new Error(`Expected ${n} emails for ${mailId}, got ${settled.length}`);
  return found;
}

/**
 * Records every delivery state a mail document passes through, from now on,
 * so a test can assert the whole sequence (and so that nothing happened).
 */
export async function observeDelivery(mailId: string) {
  const states: string[] = [];
  let first: () => void;
  const ready = new Promise<void>((resolve) => (first = resolve));
  const unsubscribe = db
    .collection("mail")
    .doc(mailId)
    .onSnapshot((snap) => {
      const state = snap.get("delivery.state") as string | undefined;
      if (state && states.at(-1) !== state) states.push(state);
      first();
    });
  await ready;
  return {
    stop: () => {
      unsubscribe();
      return [...states];
    },
  };
}

/** Queues a test email to `to` as the functions do (PENDING), and returns its id. */
export async function queueTestMail(to: string | string[], id = `test-${randomUUID()}`): Promise<string> {
  await db.doc(`mail/${id}`).set({
    to: Array.isArray(to) ? to : [to],
    from: "XMESS <mentories@xmess.example>",
    template: "test",
    subject: "Proposta de mentoria",
    text: "Hola",
    createdAt: new Date(),
    delivery: { state: "PENDING", attempts: 0 },
  });
  return id;
}
