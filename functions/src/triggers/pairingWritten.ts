/**
 * Any change to a pairing: one set to `proposed` (by a run's approval or by
 * hand) sends its proposal once; one cancelled or deleted is settled
 * (docs/design.md §10); any other keeps its dates and `nextDeadlineAt` true; a
 * change to what the figures read marks its cycle's report out of date; a raised
 * `linkVersion` sends both participants their new links. Each is a reaction of its own.
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { toPlain } from "../firebase";
import { Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { reportedPairingFields } from "../domain/reports";
import { readSettings } from "../store/programme";
import { settleEndedPairing } from "../usecases/cancellations";
import { syncPairing } from "../usecases/mentorship";
import { sendReplacedPairingLinks } from "../usecases/personLinks";
import { proposePairing } from "../usecases/proposals";
import { markReportsDirty } from "../usecases/reports";
import { react, writtenOf, type Reaction, type LinkedContext, type Written, type WrittenEvent } from "./reactions";
import { fieldsChanged, linkVersionRaised, statusOf } from "./snapshots";

const pairingOf = (snap: DocumentSnapshot | undefined) => {
  const parsed = snap ? Pairing.safeParse(toPlain(snap.data())) : null;
  return parsed?.success ? parsed.data : null;
};

/** Set to `proposed` (by a run's approval or by hand) and not sent yet. */
const awaitsProposal = (after: DocumentSnapshot | undefined) =>
  statusOf(after) === "proposed" && !after!.get("proposedAt");

/** Each reaction that needs the programme's settings reads them; without valid ones it waits for the retry. */
const withSettings =
  (run: (w: Written, context: LinkedContext & { settings: ProgrammeSettings }) => Promise<unknown>) =>
  async (w: Written, context: LinkedContext) => {
    const settings = await readSettings();
    if (settings) await run(w, { ...context, settings });
  };

const reactions: Reaction<Written>[] = [
  {
    name: "markReportsDirty",
    when: ({ before, after }) => fieldsChanged(before, after, reportedPairingFields),
    run: ({ before, after }, { now }) => markReportsDirty([after?.get("cycle"), before?.get("cycle")], now),
  },
  {
    name: "settleDeletedPairing",
    when: ({ before, after }) => !after && pairingOf(before) !== null,
    run: withSettings((w, context) => settleEndedPairing(w.id, pairingOf(w.before)!, "deleted", context)),
  },
  {
    name: "settleCancelledPairing",
    when: ({ before, after }) => {
      const was = pairingOf(before);
      return statusOf(after) === "cancelled" && was !== null && was.status !== "cancelled";
    },
    run: withSettings((w, context) => settleEndedPairing(w.id, pairingOf(w.before)!, "cancelled", context)),
  },
  {
    name: "sendReplacedLinks",
    when: ({ before, after }) => linkVersionRaised(before, after),
    run: withSettings((w, context) => sendReplacedPairingLinks(w.id, ["mentor", "mentee"], context)),
  },
  {
    name: "sendProposal",
    when: ({ after }) => awaitsProposal(after),
    run: withSettings((w, { linkKey, settings, now }) => proposePairing(w.id, linkKey, settings, now)),
  },
  {
    // A draft has no dates or deadlines to keep (and a hand-made one is incomplete by design).
    name: "keepDatesAndDeadlines",
    when: ({ after }) =>
      !!after && !["draft", "cancelled"].includes(statusOf(after) as string) && !awaitsProposal(after),
    run: withSettings((w, { settings, now }) => syncPairing(w.id, settings, now)),
  },
];

export async function onPairingWritten(event: WrittenEvent, context: LinkedContext): Promise<void> {
  const written = writtenOf(event);
  if (written) await react("onPairingWritten", written, reactions, context);
}
