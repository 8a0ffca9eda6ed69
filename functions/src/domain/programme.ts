/**
 * The programme's reference data, as the secretariat keeps it in Firestore:
 * settings, cycles, member municipalities and topics (docs/design.md §3).
 * Documents are parsed here so that a typo in the console becomes a clear
 * error in the logs instead of a silent misbehaviour.
 */
import { z } from "zod";
import { defaultAvailabilitySlots, SlotId } from "./slots";
import { isTimeZone } from "./time";

export const meetingModes = ["presencial", "virtual"] as const;
export const MeetingMode = z.enum(meetingModes);
export type MeetingMode = z.infer<typeof MeetingMode>;

const weight = (points: number) => z.number().int().min(0).max(100).default(points);

/**
 * Points each factor of a pair's compatibility is worth (docs/design.md §5; "How a pair
 * is scored"). Whole numbers, so the exact solver stays exact.
 */
export const MatchingWeights = z
  .object({
    /** Per topic both chose. */
    sharedTopic: weight(10),
    /** Per meeting mode both accept. */
    sharedMode: weight(1),
    /** Per availability slot both ticked, counting at most `slotsCounted`. */
    sharedSlot: weight(3),
    slotsCounted: z.number().int().min(1).max(14).default(3),
    /** For texts that read exactly alike; in proportion for less (0–1 similarity). */
    textSimilarity: weight(12),
    sameComarca: weight(4),
    sameProvince: weight(2),
  })
  .strict();
export type MatchingWeights = z.infer<typeof MatchingWeights>;
export const defaultMatchingWeights = MatchingWeights.parse({});

/** Resend keeps a sending domain in the region chosen when the domain is added (docs/design.md §13). */
export const emailRegions = ["eu-west-1", "us-east-1", "sa-east-1", "ap-northeast-1"] as const;

/**
 * What the privacy notice says (docs/design.md §13): the secretariat keeps it true in
 * `settings/programme.privacy`. A misspelt field is refused, not ignored.
 */
export const PrivacySettings = z
  .object({
    controllerName: z.string().trim().min(1).default("Xarxa de Municipis per l'Economia Social i Solidària (XMESS)"),
    /** Postal address of the controller; the notice says it is missing until it is filled in. */
    controllerAddress: z.string().trim().min(1).optional(),
    /** Where people exercise their rights; the secretariat's address when absent. */
    contactEmail: z.email().optional(),
    /** The data protection officer's name and address, if the controller has one. */
    dpoContact: z.string().trim().min(1).optional(),
    legalBasis: z
      .string()
      .trim()
      .min(1)
      .default(
        "El compliment d'una missió realitzada en interès públic per les administracions que formen la xarxa (article 6.1.e del Reglament general de protecció de dades), per gestionar els serveis que la persona sol·licita; i el consentiment (article 6.1.a) per publicar el nom de qui signa una fitxa.",
      ),
    emailRegion: z.enum(emailRegions).default("eu-west-1"),
  })
  .strict();
export type PrivacySettings = z.infer<typeof PrivacySettings>;

export const ProgrammeSettings = z.object({
  secretariatEmail: z.email(),
  senderEmail: z.string().min(3),
  publicBaseUrl: z.url(),
  /** Every date the programme computes is in this zone: one the zone rules do not know would stop them all. */
  timezone: z
    .string()
    .refine(isTimeZone, { error: "No és una zona horària coneguda; escriu-la com ara Europe/Madrid." })
    .default("Europe/Madrid"),
  requiredMeetings: z.number().int().min(1).default(2),
  maxDurationMonths: z.number().int().min(1).default(12),
  proposalResponseDays: z.number().int().min(1).default(10),
  meetingModes: z.array(MeetingMode).min(1).default(["presencial", "virtual"]),
  /** The availability grid the mentoring forms offer (docs/design.md §4). */
  availabilitySlots: z
    .array(SlotId)
    .min(1)
    .refine((slots) => new Set(slots).size === slots.length, { error: "Cada franja hi ha de ser una sola vegada." })
    .default(defaultAvailabilitySlots),
  matchingWeights: MatchingWeights.prefault({}),
  /** Intake submissions allowed per client address and hour (docs/design.md §4a, "Rate limit"). */
  intakeRateLimitPerHour: z.number().int().min(1).default(120),
  /** Days an unconfirmed application waits for its owner before it is gone (docs/design.md §4a). */
  confirmationDays: z.number().int().min(1).max(30).default(7),
  /** Days before an unconfirmed application expires that its owner gets one reminder (docs/design.md §16). */
  confirmationReminderDays: z.number().int().min(1).max(29).default(2),
  /** Intake emails (confirmation requests) one mailbox may receive per day (docs/design.md §4a). */
  confirmationEmailsPerDay: z.number().int().min(1).max(20).default(3),
  /**
   * Emails the provider's plan sends per day (Resend's free plan: 100). Past it,
   * mail waits for the next programme day (docs/design.md §15); raise it on a paid plan.
   */
  dailyEmailLimit: z.number().int().min(1).default(100),
  /** Stops every send while something is checked (docs/design.md §15): mail stays queued; back to false, each is sent once. */
  mailPaused: z.boolean().default(false),
  /**
   * Cancellations, deletions and withdrawals within ten minutes past which their
   * emails are held for the secretariat to release or drop (docs/design.md §15).
   */
  massChangeLimit: z.number().int().min(1).default(10),
  /** Intake emails of one day, whoever asks: past it, valid submissions are kept but not emailed (docs/design.md §4a). */
  intakeEmailsPerDay: z.number().int().min(1).default(300),
  /** What re-matching after a decline or expiry creates: a draft to review, or a proposal sent at once. */
  rematchStatus: z.enum(["draft", "proposed"]).default("draft"),
  /** Reminder to make contact when there is no meeting this many weeks after the start. */
  firstMeetingReminderWeeks: z.number().int().min(1).default(6),
  /** Reminder to both when meetings are missing this many months before the end. */
  fewMeetingsReminderMonths: z.number().int().min(1).default(3),
  /** Months after the start when each participant is asked how the mentorship goes (docs/design.md §17). */
  checkInMonths: z.array(z.number().int().min(1).max(24)).max(6).default([2, 6]),
  /** Documentation reminder this many weeks after the end; the secretariat is told after twice as long. */
  documentationReminderWeeks: z.number().int().min(1).default(4),
  /** How long a new advisory group collects requests before the secretariat schedules it. */
  advisoryWindowDays: z.number().int().min(1).default(21),
  /** Most requests one advisory group takes. */
  advisoryGroupSize: z.number().int().min(1).default(6),
  /** An advisory package: this many sessions of this many hours (4 hours = 2 × 2 h). */
  advisorySessions: z.number().int().min(1).default(2),
  advisorySessionHours: z.number().min(0.5).default(2),
  privacy: PrivacySettings.prefault({}),
  /** Days a `mail` document (body, addresses, links) is kept before a TTL policy deletes it (docs/design.md §13). */
  mailRetentionDays: z.number().int().min(1).max(3650).default(180),
  /** Years after a cycle closes before its personal data is anonymised (docs/design.md §13). */
  retentionYears: z.number().int().min(1).max(30).default(5),
});
export type ProgrammeSettings = z.infer<typeof ProgrammeSettings>;

export const Cycle = z.object({
  id: z.string().regex(/^\d{4}$/),
  applicationsOpenAt: z.date(),
  applicationsCloseAt: z.date(),
  matchingAt: z.date(),
  startsAt: z.date(),
});
export type Cycle = z.infer<typeof Cycle>;

export const Member = z.object({
  id: z.string(),
  name: z.string().min(1),
  active: z.boolean(),
  comarca: z.string().optional(),
  province: z.string().optional(),
  /** Who receives the call for applications (docs/design.md §11); a mistyped one is skipped, not fatal. */
  contacts: z.array(z.string()).optional().catch(undefined),
});
export type Member = z.infer<typeof Member>;

export const Topic = z.object({
  id: z.string(),
  label: z.string().min(1),
  active: z.boolean(),
});
export type Topic = z.infer<typeof Topic>;

export type ApplicationWindow = { open: true; cycle: Cycle } | { open: false; next: Cycle | null };

/**
 * Which mentoring cycle accepts applications at `now`. `cycles` are those whose
 * window has not closed yet; the earliest one decides.
 */
export function applicationWindow(cycles: readonly Cycle[], now: Date): ApplicationWindow {
  const upcoming = cycles
    .filter((cycle) => cycle.applicationsCloseAt.getTime() > now.getTime())
    .sort((a, b) => a.applicationsCloseAt.getTime() - b.applicationsCloseAt.getTime());
  const first = upcoming[0];
  if (!first) return { open: false, next: null };
  if (first.applicationsOpenAt.getTime() <= now.getTime()) return { open: true, cycle: first };
  return { open: false, next: first };
}

/** A week before a cycle's window closes, its members are reminded (docs/design.md §11). */
export const callReminderDays = 7;

export type CallKind = "call" | "reminder";

/**
 * Which call for applications a cycle owes at `now`: the call once its
 * window is open, the reminder in its last week; nothing once it closed or
 * once sent (`callSentAt`, `reminderSentAt` on the cycle).
 */
export function callsDue(
  cycle: Cycle & { callSentAt?: Date; reminderSentAt?: Date },
  now: Date,
  reminderFrom: Date,
): CallKind[] {
  if (now < cycle.applicationsOpenAt || now >= cycle.applicationsCloseAt) return [];
  return [
    ...(cycle.callSentAt ? [] : (["call"] as const)),
    ...(!cycle.reminderSentAt && now >= reminderFrom ? (["reminder"] as const) : []),
  ];
}

/** The addresses of a member that can be written to. */
export const contactsOf = (member: Member) =>
  [...new Set((member.contacts ?? []).map((c) => c.trim().toLowerCase()))].filter(
    (c) => z.email().safeParse(c).success,
  );
