/**
 * Renewal (docs/design.md §17): with the September call, last cycle's mentors
 * and its mentees left without a mentor are invited back, and one button makes
 * this cycle's application from last year's. The new one is last year's answers
 * sent through the form's own rules, so it is exactly what the form would accept. Pure.
 */
import {
  applicationId,
  checkEligibility,
  confirmApplication,
  decideIntake,
  parseApplication,
  submittedFields,
  type ApplicationStatus,
  type StoredApplication,
} from "./application";
import type { Cycle, Member, ProgrammeSettings, Topic } from "./programme";

/** Who is invited back: mentors who offered (matched or not) and mentees nobody mentored. */
const renewableStatuses: Record<"mentor" | "mentee", readonly ApplicationStatus[]> = {
  mentor: ["received", "matched", "waitlisted"],
  mentee: ["received", "waitlisted"],
};

/** The cycle before `cycle`: cycle ids are years. */
export const previousCycleId = (cycle: Pick<Cycle, "id">) => String(Number(cycle.id) - 1);

/** The invitations back go once, while the cycle's window is open. */
export const renewalsDue = (cycle: Cycle & { renewalsSentAt?: Date | undefined }, now: Date) =>
  !cycle.renewalsSentAt && now >= cycle.applicationsOpenAt && now < cycle.applicationsCloseAt;

/** Whether an application of last cycle is invited back to `cycle`. */
export function isRenewable(
  application: Pick<StoredApplication, "kind" | "cycle" | "status" | "anonymisedAt">,
  cycle: Pick<Cycle, "id">,
): boolean {
  if (application.kind === "advisory" || application.anonymisedAt) return false;
  return (
    application.cycle === previousCycleId(cycle) && renewableStatuses[application.kind].includes(application.status)
  );
}

export type Renewal = { ok: true; id: string; application: StoredApplication } | { ok: false };

/**
 * This cycle's application from last year's, confirmed (its owner pressed the
 * button behind their own link), or nothing when last year's answers no longer
 * pass the form: the member left, or every topic, mode or time slot was retired.
 * What was retired is left out; the rest is kept.
 */
export function renewedApplication(
  previous: StoredApplication & { id: string },
  cycle: Cycle,
  context: { member: Member | null; topics: readonly Topic[]; settings: ProgrammeSettings },
  now: Date,
): Renewal {
  const { member, topics, settings } = context;
  const offered = <T>(values: readonly T[] | undefined, kept: readonly T[]) =>
    (values ?? []).filter((value) => kept.includes(value));
  const parsed = parseApplication({
    kind: previous.kind,
    name: previous.person.name,
    email: previous.person.email,
    position: previous.person.position,
    municipality: previous.municipality.id,
    topics: offered(
      previous.topics,
      topics.filter((topic) => topic.active).map((topic) => topic.id),
    ),
    description: previous.description,
    modes: offered(previous.modes, settings.meetingModes),
    capacity: previous.capacity,
    availability: previous.availability,
    slots: offered(previous.slots, settings.availabilitySlots),
    consent: true,
  });
  if (!parsed.ok) return { ok: false };
  const eligible = checkEligibility(parsed.input, { member, topics, settings, window: { open: true, cycle } });
  if (!eligible.ok) return { ok: false };
  const submitted = submittedFields(parsed.input, member!, topics);
  const created = decideIntake(submitted, cycle, null, now, now).application;
  const confirmed = confirmApplication(created, now).application;
  return { ok: true, id: applicationId(parsed.input, cycle), application: { ...confirmed, renewedFrom: previous.id } };
}
