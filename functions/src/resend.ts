/** Sends one email through the Resend API (RESEND_BASE_URL points it at the local capture server). */
import { Resend } from "resend";
import type { SendResult } from "./domain/mail";

export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  replyTo?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

function retryAfterMs(headers: Record<string, string> | null | undefined): number | null {
  const value = headers?.["retry-after"] ?? headers?.["ratelimit-reset"];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Longer than Resend takes to answer, far shorter than the delivery function's timeout. */
const resendTimeoutMs = 30_000;

/** Resend's tag values allow ASCII letters, digits, `_` and `-`. */
const taggable = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Sends one email. `mailId` travels as the tag `mail_id`, so Resend's events
 * name the outbox document directly (no race with recording `providerId`).
 */
export async function sendEmail(
  apiKey: string,
  email: OutgoingEmail,
  idempotencyKey: string,
  mailId: string,
  timeoutMs = resendTimeoutMs,
): Promise<SendResult> {
  const resend = new Resend(apiKey);
  const { data, error, headers } = await resend.emails.send(
    {
      from: email.from,
      to: email.to,
      subject: email.subject,
      ...(email.html ? { html: email.html } : {}),
      text: email.text ?? "",
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      ...(email.attachments?.length ? { attachments: email.attachments } : {}),
      ...(taggable.test(mailId) ? { tags: [{ name: "mail_id", value: mailId }] } : {}),
    },
    // A provider that never answers must not hold the claim until its lease lapses: the
    // SDK reports the abort as a failed request (no status), which is retried.
    { idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
  );
  if (error || !data) {
    return {
      ok: false,
      status: error && "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : null,
      name: error?.name ?? "application_error",
      message: error?.message ?? "Resposta buida del proveïdor",
      retryAfterMs: retryAfterMs(headers),
    };
  }
  return { ok: true, providerId: data.id };
}
