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
export function waitForDelivery(mailId: string, states: string[] = ["SUCCESS"], timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const delivery = await deliveryOf(mailId);
      return delivery && states.includes(delivery.state) ? delivery : null;
    },
    `mail/${mailId} to reach ${states.join("|")}`,
    timeoutMs,
  );
}
