/**
 * Records one verified Resend event (docs/design.md §14) in one transaction: the
 * replay guard, the event on its `mail` document, and for a bounce or a
 * complaint the suppression and the secretariat's notice.
 */
import { z } from "zod";
import { decideEvent, exemptedProblem, type EmailEvent } from "../domain/emailEvents";
import { logs } from "../logs";
import { queueMail } from "../store/outbox";
import { readSettings } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction } from "../store/repository";
import { suppressionNotice } from "../views/deliveryEmails";

/** Receipts are kept this long (TTL on `emailEvents.expiresAt`): longer than Resend retries a delivery. */
const receiptDays = 30;

const MailForEvent = z.object({
  subject: z.string().optional(),
  delivery: z
    .object({ events: z.array(z.unknown()).default([]) })
    .loose()
    .optional(),
});

export type EventOutcome = "recorded" | "replayed" | "ignored";

export async function recordEmailEvent(receiptId: string, event: EmailEvent, now: Date): Promise<EventOutcome> {
  const settings = await readSettings();
  const outcome = await inTransaction(async (tx) => {
    if (await tx.exists("emailEvents", receiptId)) return { outcome: "replayed" as const };
    // The tag we send names the outbox document; older messages are found by Resend's id.
    const tagged = event.data.tags?.mail_id;
    const mailId =
      tagged ?? (await tx.query(queries.mailByProviderId(event.data.email_id), z.object({})))[0]?.id ?? null;
    const mail = mailId ? await tx.read("mail", mailId, MailForEvent) : null;
    const decision = decideEvent(event, mail ? mailId : null, settings ? [settings.secretariatEmail] : []);
    const suppressions = decision?.suppressions ?? [];
    const known = await tx.existing(
      "suppressions",
      suppressions.map((s) => s.email),
    );
    // Every read above, every write below (Firestore transactions); queueMail reads first, then writes.
    const fresh = suppressions.filter((s) => !known.has(s.email));
    if (settings && fresh.length > 0) {
      const notices = fresh.map((s) => suppressionNotice(s, mail?.subject ?? null, settings));
      await queueMail(tx, notices, settings, now);
    }
    tx.create("emailEvents", receiptId, {
      type: event.type,
      emailId: event.data.email_id,
      mailId: mail ? mailId : null,
      receivedAt: now,
      expiresAt: new Date(now.getTime() + receiptDays * 24 * 60 * 60_000),
    });
    if (!decision) return { outcome: "ignored" as const };
    if (mail && mailId) {
      tx.update("mail", mailId, {
        "delivery.events": [...(mail.delivery?.events ?? []), decision.entry],
        ...Object.fromEntries(Object.entries(decision.stamp).map(([key, value]) => [`delivery.${key}`, value])),
        // The digest lists documents with a problem: the secretariat hears of its own address this way.
        ...(decision.exempted.length > 0 ? { problem: exemptedProblem(decision.exempted) } : {}),
      });
    }
    if (decision.exempted.length > 0) logs.secretariatAddressNotSuppressed(mailId, event.type);
    for (const suppression of suppressions) tx.set("suppressions", suppression.email, suppression);
    return { outcome: "recorded" as const, mailId, suppressed: suppressions.length };
  });
  if (outcome.outcome === "recorded") logs.emailEventRecorded(event.type, outcome.mailId, outcome.suppressed);
  return outcome.outcome;
}
