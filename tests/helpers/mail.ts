/** The capture server's test API (scripts/mail-capture.ts). */
import type { CapturedEmail, Fault, SendRequest } from "../../scripts/mail-capture.ts";
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
    | { state: string; attempts: number; error: string | null; providerId: string | null; idempotencyKey?: string }
    | undefined;
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

/** Waits until exactly `n` captured emails have ids starting with `mailId`, and returns them. */
export async function expectCaptured(mailId: string, n: number): Promise<CapturedEmail[]> {
  const found = await waitFor(async () => {
    const emails = await capturedFor(mailId);
    return emails.length >= n ? emails : null;
  }, `${n} captured emails for ${mailId}`);
  // A short settle, so a duplicate send would be seen too.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const settled = await capturedFor(mailId);
  if (settled.length !== n) throw new Error(`Expected ${n} emails for ${mailId}, got ${settled.length}`);
  return found;
}
