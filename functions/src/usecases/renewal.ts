/**
 * Renewal (docs/design.md §17): the invitations back, sent with the September
 * call by the daily job, and the one button on last cycle's applicant page
 * that makes this cycle's application, confirmed, once per person and cycle.
 */
import { isGone, StoredApplication } from "../domain/application";
import { applicationLink } from "../domain/links";
import { sameAddress } from "../domain/matchingCandidates";
import { applicationWindow, Cycle, Member, type ProgrammeSettings, type Topic } from "../domain/programme";
import { isRenewable, previousCycleId, renewedApplication } from "../domain/renewal";
import { queueMail } from "../store/outbox";
import { readActiveTopics, readUpcomingCycles } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, store, type ReadCounter, type Tx } from "../store/repository";
import { renewalEmail } from "../views/callEmails";
import { applicationEmails } from "../views/emails";
import { eachIsolated } from "./eachIsolated";

type Context = { settings: ProgrammeSettings; linkKey: string; now: Date };

/**
 * Invites last cycle's mentors and its unmatched mentees back, once the
 * cycle's window is open; the cycle is marked `renewalsSentAt` once every
 * invitation is queued (a failed one is tried again the next day).
 */
export async function sendRenewals(cycle: Cycle, context: Context, reads?: ReadCounter): Promise<number | null> {
  const { settings, linkKey, now } = context;
  const previous = await store.query(queries.applicationsOfCycle(previousCycleId(cycle)), StoredApplication, reads);
  const invited = previous.filter(({ data }) => isRenewable(data, cycle)).map(({ id }) => id);
  const failures = await eachIsolated("renewal", invited, (id) =>
    inTransaction(async (tx) => {
      const application = await tx.read("applications", id, StoredApplication);
      if (!application || !isRenewable(application, cycle)) return;
      const link = applicationLink({ ...application, id }, linkKey, settings.publicBaseUrl, now);
      await queueMail(tx, [renewalEmail({ ...application, id }, cycle, link, settings)], settings, now);
    }),
  );
  if (failures > 0) return null;
  await store.update("cycles", cycle.id, { renewalsSentAt: now });
  return invited.length;
}

export type RenewalOutcome =
  | { outcome: "created" | "exists"; id: string; application: StoredApplication; cycle: Cycle }
  | { outcome: "notOffered" };

const notOffered = { outcome: "notOffered" } as const;

/** The cycle whose window is open now, if any. */
async function openCycle(now: Date): Promise<Cycle | null> {
  const window = applicationWindow(await readUpcomingCycles(now), now);
  return window.open ? window.cycle : null;
}

/**
 * What last cycle's application may renew into in `cycle`: this cycle's
 * application as the button would make it, and the one already there if the
 * person renewed or applied (an address corrected away is not theirs: nothing offered).
 * Read through `reader`: the button's transaction, or plain reads for the page.
 */
async function renewalFor(
  reader: Pick<Tx, "read">,
  previous: StoredApplication & { id: string },
  offer: { cycle: Cycle; topics: readonly Topic[] },
  settings: ProgrammeSettings,
  now: Date,
) {
  const { cycle, topics } = offer;
  if (isGone(previous, now) || !isRenewable(previous, cycle)) return null;
  const member = await reader.read("members", previous.municipality.id, Member);
  const renewal = renewedApplication(previous, cycle, { member, topics, settings }, now);
  if (!renewal.ok) return null;
  const existing = await reader.read("applications", renewal.id, StoredApplication);
  const live = existing && !isGone(existing, now) ? existing : null;
  if (live && sameAddress(live.person.email) !== sameAddress(previous.person.email)) return null;
  return { renewal, existing: live };
}

/**
 * Whether last cycle's applicant page offers renewal, and whether it was already
 * used: from the application and topics the page has already read.
 */
export async function renewalOffer(
  previous: StoredApplication & { id: string },
  topics: readonly Topic[],
  context: Context,
): Promise<RenewalOutcome> {
  const cycle = await openCycle(context.now);
  if (!cycle) return notOffered;
  const found = await renewalFor(store, previous, { cycle, topics }, context.settings, context.now);
  if (!found) return notOffered;
  const { renewal, existing } = found;
  return existing
    ? { outcome: "exists", id: renewal.id, application: existing, cycle }
    : { outcome: "created", id: renewal.id, application: renewal.application, cycle };
}

/**
 * The button: this cycle's application from last year's, confirmed, with the
 * emails a confirmation sends (the owner's page, the secretariat's notice).
 * Pressed again, or after applying with the form, it is the one already there.
 */
export async function renewApplication(previousId: string, context: Context): Promise<RenewalOutcome> {
  const { settings, linkKey, now } = context;
  // The window and the topics are read once, outside the transaction (it may run again).
  const cycle = await openCycle(now);
  if (!cycle) return notOffered;
  const topics = await readActiveTopics();
  return inTransaction(async (tx) => {
    const previous = await tx.read("applications", previousId, StoredApplication);
    const found = previous && (await renewalFor(tx, { ...previous, id: previousId }, { cycle, topics }, settings, now));
    if (!found) return notOffered;
    const { renewal, existing } = found;
    if (existing) return { outcome: "exists", id: renewal.id, application: existing, cycle };
    const link = applicationLink({ id: renewal.id }, linkKey, settings.publicBaseUrl, now);
    await queueMail(tx, applicationEmails(renewal.id, renewal.application, cycle, settings, link), settings, now);
    tx.set("applications", renewal.id, renewal.application);
    return { outcome: "created", id: renewal.id, application: renewal.application, cycle };
  });
}
