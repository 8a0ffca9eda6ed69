/**
 * The September call (docs/design.md §11), from the daily job: when a cycle's window
 * opens, every active member's contacts get the call for applications, and in
 * its last week the reminder — one email per member and kind (deterministic
 * ids), and the cycle marked once all are queued. With the call, last
 * cycle's people are invited back (docs/design.md §17, usecases/renewal.ts).
 */
import { z } from "zod";
import { addDays } from "../domain/time";
import { callReminderDays, callsDue, contactsOf, Cycle, type ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { readActiveMembers } from "../store/programme";
import { queries } from "../store/queries";
import { renewalsDue } from "../domain/renewal";
import { inTransaction, store, type ReadCounter } from "../store/repository";
import { callEmail } from "../views/callEmails";
import { eachIsolated } from "./eachIsolated";
import { sendRenewals } from "./renewal";

const CycleWithCalls = Cycle.extend({
  callSentAt: z.date().optional(),
  reminderSentAt: z.date().optional(),
  renewalsSentAt: z.date().optional(),
});

export async function sendCalls(
  settings: ProgrammeSettings,
  linkKey: string,
  now: Date,
  reads?: ReadCounter,
): Promise<string[]> {
  const cycles = await store.query(queries.cyclesOpenAfter(now), CycleWithCalls, reads);
  const sent: string[] = [];
  for (const { data: cycle } of cycles) {
    if (renewalsDue(cycle, now)) {
      const invited = await sendRenewals(cycle, { settings, linkKey, now }, reads);
      if (invited) sent.push(`${cycle.id}:renewal:${invited}`);
    }
    const due = callsDue(cycle, now, addDays(cycle.applicationsCloseAt, -callReminderDays, settings.timezone));
    if (due.length === 0) continue;
    const members = (await readActiveMembers()).filter((m) => contactsOf(m).length > 0);
    for (const kind of due) {
      const failures = await eachIsolated(
        "member",
        members.map((m) => m.id),
        async (memberId) => {
          const member = members.find((m) => m.id === memberId)!;
          await inTransaction(async (tx) => {
            await queueMail(tx, [callEmail(cycle, member, contactsOf(member), kind, settings)], settings, now);
          });
        },
      );
      // Marked only when every member's email is queued: a failed one is tried again tomorrow.
      if (failures === 0) {
        await store.update("cycles", cycle.id, { [kind === "call" ? "callSentAt" : "reminderSentAt"]: now });
        sent.push(`${cycle.id}:${kind}:${members.length}`);
      }
    }
  }
  return sent;
}
