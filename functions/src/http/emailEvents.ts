/**
 * POST /api/email-events: Resend's webhooks (docs/design.md §14). Nothing is read
 * from a request whose Svix signature the Resend SDK does not verify with
 * `RESEND_WEBHOOK_SECRET` — a wrong signature or a timestamp more than five
 * minutes away answers 401 and changes nothing.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { Resend } from "resend";
import { EmailEvent, eventReceiptId } from "../domain/emailEvents";
import { logs } from "../logs";
import { recordEmailEvent } from "../usecases/emailEvents";
import { isTooLarge } from "./request";

// Verifying needs only the webhook secret; the SDK's constructor insists on some API key.
const verifier = new Resend("re_verify_only").webhooks;

export async function handleEmailEvents(req: Request, res: Response, secret: string, now: Date): Promise<void> {
  if (req.method !== "POST") {
    res.set("allow", "POST");
    res.status(405).json({ error: "method_not_allowed" });
    return;
  }
  if (isTooLarge(req)) {
    res.status(413).json({ error: "too_large" });
    return;
  }
  const id = req.get("svix-id");
  const timestamp = req.get("svix-timestamp");
  const signature = req.get("svix-signature");
  const payload = req.rawBody?.toString("utf8") ?? "";
  let verified: unknown;
  try {
    if (!id || !timestamp || !signature) throw new Error("unsigned");
    verified = verifier.verify({ payload, headers: { id, timestamp, signature }, webhookSecret: secret });
  } catch (error) {
    logs.emailEventRefused(error instanceof Error ? error.message : String(error));
    res.status(401).json({ error: "invalid_signature" });
    return;
  }
  const event = EmailEvent.safeParse(verified);
  if (!event.success) {
    // Signed by Resend but not an email event we know: acknowledged, so it is not sent again.
    res.status(200).json({ status: "ignored" });
    return;
  }
  const outcome = await recordEmailEvent(eventReceiptId(id), event.data, now);
  res.status(200).json({ status: outcome });
}
