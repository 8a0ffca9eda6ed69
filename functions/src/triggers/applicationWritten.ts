/**
 * Any change to an application, from a form or the console: a withdrawal
 * set in the console takes effect; a mentor confirmed after the cycle's
 * matching gives a second chance; a corrected name or address reaches its
 * copies (a new address revokes earlier links), and one typed with capitals
 * is stored as intake stores it; a raised `linkVersion` sends the new link; the cycle's
 * report is marked out of date. Each is a reaction of its own. Advisory grouping is a function of its own (advisoryRequestWritten.ts).
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { PersonCopy, personChanged } from "../domain/corrections";
import { sameAddress } from "../domain/matchingCandidates";
import { reportedApplicationFields } from "../domain/reports";
import { readSettings } from "../store/programme";
import { normaliseAddress, propagateCorrection } from "../usecases/corrections";
import { markReportsDirty } from "../usecases/reports";
import { sendReplacedApplicationLink } from "../usecases/personLinks";
import { requestLateMentorRun } from "../usecases/secondChances";
import { settleConsoleWithdrawal } from "../usecases/withdrawal";
import { react, writtenOf, type Reaction, type LinkedContext, type Written, type WrittenEvent } from "./reactions";
import { linkVersionRaised, reportCycleOf, statusOf } from "./snapshots";

const personOf = (snap: DocumentSnapshot | undefined) => {
  const parsed = PersonCopy.safeParse(snap?.get("person"));
  return parsed.success ? parsed.data : null;
};

/** Unconfirmed applications are nobody's yet: they count nowhere (docs/design.md §4a). */
const counted = (snap: DocumentSnapshot | undefined) =>
  snap && snap.get("status") !== "unconfirmed"
    ? JSON.stringify(reportedApplicationFields.map((field) => snap.get(field) ?? null))
    : null;

const kind = ({ before, after }: Written) => (after ?? before)?.get("kind") as unknown;

const reactions: Reaction<Written>[] = [
  {
    name: "markReportsDirty",
    when: ({ before, after }) => counted(before) !== counted(after),
    run: async ({ before, after }, { now }) =>
      markReportsDirty([await reportCycleOf(before), await reportCycleOf(after)], now),
  },
  {
    name: "settleConsoleWithdrawal",
    when: ({ after }) => statusOf(after) === "withdrawn",
    run: async (w, { linkKey, now }) => {
      const settings = await readSettings();
      if (settings) await settleConsoleWithdrawal(w.id, { linkKey, settings, now });
    },
  },
  {
    name: "requestLateMentorRun",
    when: (w) =>
      kind(w) === "mentor" &&
      statusOf(w.after) === "received" &&
      statusOf(w.before) !== "received" &&
      statusOf(w.before) !== "matched",
    run: (w, { now }) => requestLateMentorRun(w.id, now),
  },
  {
    name: "propagateCorrection",
    when: ({ before, after }) => {
      const [was, is] = [personOf(before), personOf(after)];
      return !!was && !!is && personChanged(was, is);
    },
    run: async (w, { linkKey, now }) => {
      const linkVersion = Number(w.before?.get("linkVersion") ?? 0);
      const before = { ...personOf(w.before)!, linkVersion: Number.isInteger(linkVersion) ? linkVersion : 0 };
      await propagateCorrection(w.id, before, { settings: await readSettings(), linkKey, now });
    },
  },
  {
    name: "sendReplacedLinks",
    when: ({ before, after }) => linkVersionRaised(before, after),
    run: async (w, { linkKey, now }) => {
      const settings = await readSettings();
      if (settings) await sendReplacedApplicationLink(w.id, { linkKey, settings, now });
    },
  },
  {
    // One typed in the console with capitals: stored as intake stores it, so every lookup finds it.
    name: "normaliseAddress",
    when: ({ before, after }) => {
      const is = personOf(after);
      return !personOf(before) && !!is && is.email !== sameAddress(is.email);
    },
    run: (w) => normaliseAddress(w.id),
  },
];

export async function onApplicationWritten(event: WrittenEvent, context: LinkedContext): Promise<void> {
  const written = writtenOf(event);
  if (written) await react("onApplicationWritten", written, reactions, context);
}
