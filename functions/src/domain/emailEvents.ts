/**
 * What Resend tells us after it accepted a message (docs/design.md §14): delivered,
 * bounced, complained about or delayed. Recorded on the `mail` document; a
 * bounce or a complaint suppresses the address, so nothing more is sent to it.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

export const recordedEventTypes = [
  "email.delivered",
  "email.bounced",
  "email.complained",
  "email.delivery_delayed",
] as const;

/** The part of a Resend event we use; other event types are acknowledged and ignored. */
export const EmailEvent = z.object({
  type: z.string(),
  created_at: z.coerce.date(),
  data: z
    .object({
      email_id: z.string().min(1),
      to: z.union([z.string(), z.array(z.string())]).optional(),
      bounce: z.object({ message: z.string().optional(), type: z.string().optional() }).loose().optional(),
      /** Resend returns the tags we sent: `mail_id` names the outbox document. */
      tags: z.record(z.string(), z.string()).optional(),
    })
    .loose(),
});
export type EmailEvent = z.infer<typeof EmailEvent>;

export const Suppression = z.object({
  email: z.string(),
  reason: z.enum(["bounced", "complained"]),
  mailId: z.string().nullable(),
  detail: z.string().nullable().default(null),
  at: z.date(),
});
export type Suppression = z.infer<typeof Suppression>;

/** An address's suppression document id: the address, normalised (Firestore ids take `@` and `.`). */
export const suppressionId = (email: string) => email.trim().toLowerCase();

/** The replay guard's id for a webhook delivery: Svix's message id, hashed to a safe document id. */
export const eventReceiptId = (svixId: string) => createHash("sha256").update(svixId).digest("hex").slice(0, 32);

const listed = (to: string | string[] | undefined) => (to === undefined ? [] : Array.isArray(to) ? to : [to]);

/**
 * The fields an event writes on its `mail` document (merged into `delivery`),
 * the addresses it suppresses, and those it would have suppressed but never
 * may (the secretariat's: silencing it would hide every later notice, this
 * one included).
 */
export function decideEvent(event: EmailEvent, mailId: string | null, neverSuppressed: readonly string[] = []) {
  if (!(recordedEventTypes as readonly string[]).includes(event.type)) return null;
  const at = event.created_at;
  const kind = event.type.slice("email.".length);
  const stamp =
    kind === "delivered"
      ? { deliveredAt: at }
      : kind === "bounced"
        ? { bouncedAt: at }
        : kind === "complained"
          ? { complainedAt: at }
          : {};
  const reason = kind === "bounced" ? "bounced" : kind === "complained" ? "complained" : null;
  const detail = event.data.bounce?.message ?? null;
  const hit: Suppression[] = reason
    ? listed(event.data.to).map((email) => ({ email: suppressionId(email), reason, mailId, detail, at }))
    : [];
  const exempt = new Set(neverSuppressed.map(suppressionId));
  return {
    entry: { type: kind, at },
    stamp,
    suppressions: hit.filter((s) => !exempt.has(s.email)),
    exempted: hit.filter((s) => exempt.has(s.email)),
  };
}

/** What the secretariat reads on a mail whose bounce or complaint was about its own address. */
export function exemptedProblem(exempted: readonly Suppression[]): string {
  const what = (s: Suppression) => (s.reason === "bounced" ? "ha rebotat" : "l'ha marcat com a brossa");
  return `${exempted.map((s) => `${s.email} ${what(s)}`).join("; ")}: és l'adreça de la secretaria, que no se suprimeix mai; comproveu settings/programme.secretariatEmail i la bústia.`;
}

/**
 * Who a mail still goes to (docs/design.md §14): a suppressed recipient is dropped,
 * the others still get it. Nobody left means the mail is not sent at all.
 */
export function deliverableRecipients(to: readonly string[], suppressions: readonly Suppression[]) {
  const out = new Set(suppressions.map((s) => s.email));
  return to.filter((address) => !out.has(suppressionId(address)));
}

/** The error a message to a suppressed address ends with, without calling Resend. */
export function suppressedError(suppressions: readonly Suppression[]): string {
  const what = (s: Suppression) => (s.reason === "bounced" ? "va rebotar" : "el va marcar com a brossa");
  return `Adreça suprimida: ${suppressions.map((s) => `${s.email} (${what(s)})`).join(", ")}. No s'ha enviat; si l'adreça ja funciona, esborreu-la de suppressions i torneu a posar delivery.state a RETRY.`;
}
