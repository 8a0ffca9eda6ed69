/**
 * The email outbox (docs/design.md §8, contract): what a `mail` document holds and the
 * delivery state machine PENDING → PROCESSING → SUCCESS | RETRY | ERROR, in the
 * vocabulary of Firebase's "Trigger Email" extension; HELD while the secretariat
 * decides on a mass change, and DROPPED when it decided against sending (docs/design.md §15).
 */
import { createHash } from "node:crypto";
import { z } from "zod";

export const deliveryStates = ["PENDING", "PROCESSING", "SUCCESS", "RETRY", "ERROR", "HELD", "DROPPED"] as const;
export const DeliveryState = z.enum(deliveryStates);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const Delivery = z.object({
  state: DeliveryState,
  attempts: z.number().int().min(0).default(0),
  error: z.string().nullable().default(null),
  providerId: z.string().nullable().default(null),
  startTime: z.date().nullable().default(null),
  endTime: z.date().nullable().default(null),
  /** Until when the current PROCESSING claim holds; past it, the sweep takes over. */
  leaseExpireTime: z.date().nullable().default(null),
  /** Set only by automatic retries: a RETRY without it was asked for by a person. */
  nextAttemptAt: z.date().nullable().default(null),
  idempotencyKey: z.string().nullable().default(null),
  /** The `holds/{id}` a HELD or DROPPED message waits on or was dropped by (docs/design.md §15). */
  holdId: z.string().nullable().optional(),
  /** Recipients left out because their address is suppressed; the others got the mail (docs/design.md §14). */
  suppressedRecipients: z.array(z.string()).optional(),
});
export type Delivery = z.infer<typeof Delivery>;

/**
 * A message a cancellation, deletion or withdrawal queued (docs/design.md §15): it
 * waits out the mass-change window after that change, and is held if the change
 * turns out to be one of many.
 */
export const MailGuard = z.object({ change: z.string().min(1), at: z.date() });
export type MailGuard = z.infer<typeof MailGuard>;

const recipients = z
  .union([z.string(), z.array(z.string())])
  .transform((to) => (Array.isArray(to) ? to : [to]))
  .pipe(z.array(z.email()).min(1).max(50));

export const Mail = z
  .object({
    to: recipients,
    from: z.string().optional(),
    replyTo: z.string().optional(),
    template: z.string().optional(),
    subject: z.string().min(1),
    text: z.string().optional(),
    html: z.string().optional(),
    attachments: z.array(z.object({ filename: z.string(), content: z.string(), contentType: z.string() })).optional(),
    guard: MailGuard.optional(),
    createdAt: z.date().optional(),
    delivery: Delivery.optional(),
  })
  .refine((mail) => mail.text || mail.html, { message: "A mail needs text or html." });
export type Mail = z.infer<typeof Mail>;

/** An email to queue: becomes `mail/{id}` with `delivery.state` PENDING. */
export interface MailDraft {
  id: string;
  to: string[];
  template: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Base64 content, e.g. calendar invitations. */
  attachments?: { filename: string; content: string; contentType: string }[];
  /** Set by the outbox for the mail of a guarded change: see `MailGuard`. */
  guard?: MailGuard;
}

export const deliveryPolicy = {
  /** Longer than the delivery function's timeout, so a live claim never lapses. */
  leaseMs: 10 * 60_000,
  maxAttempts: 8,
  firstBackoffMs: 1_000,
  maxBackoffMs: 60 * 60_000,
  /** Waits up to this long inside one invocation; longer waits go to the sweep. */
  maxInlineWaitMs: 10_000,
  /** Waits up to this long for a turn in the team's send budget; a later turn queues the message. */
  maxSlotWaitMs: 60_000,
  /**
   * A PENDING message no trigger has claimed after this long lost its event
   * (a v2 Firestore trigger is not retried by default): the sweep sends it.
   */
  unclaimedAfterMs: 2 * 60_000,
} as const;
export type DeliveryPolicy = typeof deliveryPolicy;

/** Messages queued before this and still PENDING lost their trigger event. */
export function unclaimedBefore(now: Date, policy: DeliveryPolicy = deliveryPolicy): Date {
  return new Date(now.getTime() - policy.unclaimedAfterMs);
}

function isDueRetry(delivery: Delivery, now: Date): boolean {
  return delivery.state === "RETRY" && (!delivery.nextAttemptAt || delivery.nextAttemptAt <= now);
}

/** Whether the write that produced this delivery state asks for an attempt now. */
export function wantsDelivery(delivery: Delivery | undefined, now: Date): boolean {
  return !delivery || delivery.state === "PENDING" || isDueRetry(delivery, now);
}

/**
 * Takes a message for sending, or returns null when it is not ours to send:
 * already sent, failed for good, waiting for a later retry, or claimed by a
 * live attempt. Run inside a transaction, so two deliveries cannot both claim.
 */
export function claimDelivery(
  mailId: string,
  delivery: Delivery | undefined,
  now: Date,
  policy: DeliveryPolicy = deliveryPolicy,
): Delivery | null {
  const current = delivery ?? Delivery.parse({ state: "PENDING" });
  const leaseLapsed = current.state === "PROCESSING" && (!current.leaseExpireTime || current.leaseExpireTime <= now);
  if (current.state !== "PENDING" && !isDueRetry(current, now) && !leaseLapsed) return null;
  // A RETRY set by hand is a fresh send: Resend would answer a reused
  // idempotency key from its 24-hour cache without sending again.
  const resendByHand = current.state === "RETRY" && !current.nextAttemptAt && current.attempts > 0;
  return {
    ...current,
    state: "PROCESSING",
    startTime: now,
    endTime: null,
    leaseExpireTime: new Date(now.getTime() + policy.leaseMs),
    nextAttemptAt: null,
    attempts: resendByHand ? 0 : current.attempts,
    idempotencyKey: resendByHand ? `${mailId}-resend-${now.getTime()}` : (current.idempotencyKey ?? mailId),
  };
}

export type SendResult =
  | { ok: true; providerId: string }
  | {
      ok: false;
      /** HTTP status, or null when the provider could not be reached. */
      status: number | null;
      name: string;
      message: string;
      retryAfterMs: number | null;
    };

export function isTransient(result: Extract<SendResult, { ok: false }>): boolean {
  if (result.status === null || result.status === 429 || result.status >= 500) return true;
  return result.status === 409 && result.name === "concurrent_idempotent_requests";
}

export function backoffMs(attempts: number, policy: DeliveryPolicy = deliveryPolicy): number {
  return Math.min(policy.maxBackoffMs, policy.firstBackoffMs * 2 ** Math.max(0, attempts - 1));
}

export type NextStep = { step: "finish"; delivery: Delivery } | { step: "wait"; ms: number; delivery: Delivery };

/**
 * What to do after one send attempt of a claimed message. `delivery` is the
 * claimed state; the attempt is counted here.
 */
export function afterAttempt(
  delivery: Delivery,
  result: SendResult,
  now: Date,
  policy: DeliveryPolicy = deliveryPolicy,
): NextStep {
  const attempted = { ...delivery, attempts: delivery.attempts + 1 };
  const finished = { endTime: now, leaseExpireTime: null, nextAttemptAt: null } as const;
  if (result.ok) {
    return {
      step: "finish",
      delivery: { ...attempted, ...finished, state: "SUCCESS", providerId: result.providerId, error: null },
    };
  }
  const reason = `${result.status ?? "sense resposta"} ${result.name}: ${result.message}`;
  if (!isTransient(result) || attempted.attempts >= policy.maxAttempts) {
    const error = isTransient(result) ? `${attempted.attempts} intents fallits; l'últim: ${reason}` : reason;
    return { step: "finish", delivery: { ...attempted, ...finished, state: "ERROR", error } };
  }
  const wait = Math.min(policy.maxBackoffMs, Math.max(result.retryAfterMs ?? 0, backoffMs(attempted.attempts, policy)));
  if (wait <= policy.maxInlineWaitMs) return { step: "wait", ms: wait, delivery: { ...attempted, error: reason } };
  return {
    step: "finish",
    delivery: {
      ...attempted,
      state: "RETRY",
      error: reason,
      endTime: now,
      leaseExpireTime: null,
      nextAttemptAt: new Date(now.getTime() + wait),
    },
  };
}

/**
 * Why a message waits, not an attempt (nothing was sent): the per-second turns,
 * the plan's daily quota, or the mass-change window after the change that queued it.
 */
const queuedReasons = {
  second: "En cua: el límit d'enviaments per segon de Resend és ple; s'enviarà en el seu torn.",
  day: "En cua fins demà: s'ha arribat al límit diari de correus (settings/programme.dailyEmailLimit); s'enviarà l'endemà, sense cap intent perdut.",
  guard:
    "En espera deu minuts: els correus d'una cancel·lació, un esborrat o una baixa esperen per si el canvi forma part d'un canvi massiu (settings/programme.massChangeLimit).",
} as const;
export const dailyQuotaQueued = queuedReasons.day;

/** A guarded message as it is queued: a RETRY due when the mass-change window after its change has passed. */
export function guardedDelivery(guard: MailGuard, windowMs: number): Delivery {
  return Delivery.parse({
    state: "RETRY",
    error: queuedReasons.guard,
    nextAttemptAt: new Date(guard.at.getTime() + windowMs),
  });
}

/** The team's send budget has no turn for this message soon: it waits as a RETRY due at its turn (the sweep sends it). */
export function queuedForBudget(
  delivery: Delivery,
  until: Date,
  now: Date,
  reason: keyof typeof queuedReasons = "second",
): Delivery {
  return {
    ...delivery,
    state: "RETRY",
    error: queuedReasons[reason],
    endTime: now,
    leaseExpireTime: null,
    nextAttemptAt: until,
  };
}

/**
 * When a queued message's document is deleted by the TTL policy on
 * `mail.expiresAt` (docs/design.md §13): its body holds addresses, names and signed links.
 */
export const mailExpiresAt = (now: Date, retentionDays: number) =>
  new Date(now.getTime() + retentionDays * 24 * 60 * 60_000);

/** An address as an id part: the outbox id must not carry the address itself. */
const emailKey = (email: string) => createHash("sha256").update(email).digest("hex").slice(0, 16);

/** Deterministic outbox ids: the same event can never queue a second email. */
export const mailIds = {
  applicationConfirmation: (applicationId: string, revision: number) =>
    `application-${applicationId}-r${revision}-applicant`,
  applicationNotice: (applicationId: string, revision: number) =>
    `application-${applicationId}-r${revision}-secretariat`,
  applicationConfirmRequest: (applicationId: string, day: string, nth: number) =>
    `application-${applicationId}-confirm-${day}-${nth}`,
  confirmReminder: (applicationId: string) => `application-${applicationId}-confirm-reminder`,
  withdrawalNotice: (applicationId: string) => `application-${applicationId}-withdrawn-secretariat`,
  addressCorrected: (applicationId: string, linkVersion: number) =>
    `application-${applicationId}-address-v${linkVersion}`,
  cancelledToParty: (pairingId: string, applicationId: string) => `pairing-${pairingId}-cancelled-${applicationId}`,
  proposal: (pairingId: string) => `proposal-${pairingId}`,
  acceptedToMentee: (pairingId: string) => `pairing-${pairingId}-accepted-mentee`,
  acceptedNotice: (pairingId: string) => `pairing-${pairingId}-accepted-secretariat`,
  refusedNotice: (pairingId: string, outcome: "declined" | "expired") => `pairing-${pairingId}-${outcome}-secretariat`,
  waitlistedNotice: (applicationId: string) => `application-${applicationId}-waitlisted-secretariat`,
  acceptedToMentor: (pairingId: string) => `pairing-${pairingId}-accepted-mentor`,
  reminder: (pairingId: string, kind: string, to: string) => `reminder-${pairingId}-${kind}-${to}`,
  /** The check-in of month `month` (docs/design.md §17): a reminder id, so erasure finds it with the pairing's. */
  checkIn: (pairingId: string, month: number, to: string) => `reminder-${pairingId}-checkin-m${month}-${to}`,
  extensionAgreed: (pairingId: string, endsOn: string, to: string) => `extension-${pairingId}-${endsOn}-${to}`,
  incidentNotice: (incidentId: string) => `incident-${incidentId}-secretariat`,
  agreedEndConfirmed: (incidentId: string, to: string) => `incident-${incidentId}-agreed-end-${to}`,
  /** Once per address and reason: the first bounce or complaint tells the secretariat. */
  suppressionNotice: (email: string, reason: string) => `suppression-${emailKey(email)}-${reason}-secretariat`,
  advisoryReady: (groupId: string) => `advisory-${groupId}-ready-secretariat`,
  advisoryJoined: (groupId: string, applicationId: string) => `advisory-${groupId}-joined-${applicationId}`,
  privacyAccess: (requestId: string) => `privacy-${requestId}-access`,
  exportFile: (exportId: string) => `export-${exportId}`,
  /** What a run that sent pairings out means for one applicant (docs/design.md §16). */
  outcome: (runId: string, applicationId: string) => `outcome-${runId}-${applicationId}`,
  /** A person's links, asked for on /enllacos (docs/design.md §16): counted per mailbox and day, like the intake's. */
  linksAsked: (email: string, day: string, nth: number) => `links-request-${emailKey(email)}-${day}-${nth}`,
  /** New links once a raised `linkVersion` retired the old ones (docs/design.md §16). */
  linksReplaced: (collection: "applications" | "pairings", id: string, version: number, role: string) =>
    `links-${collection}-${id}-v${version}-${role}`,
  /** The secretariat's one email about a mass change (docs/design.md §15). */
  holdNotice: (holdId: string) => `hold-${holdId}-secretariat`,
  /** The invitation back to last cycle's application's owner (docs/design.md §17): once per application and cycle. */
  renewal: (cycle: string, applicationId: string) => `renew-${cycle}-${applicationId}`,
  /** One a week at most: `2026-W49`. */
  digest: (week: string) => `digest-${week}`,
  call: (cycle: string, memberId: string, kind: "call" | "reminder") =>
    kind === "call" ? `call-${cycle}-${memberId}` : `call-${cycle}-${memberId}-reminder`,
  advisoryInvitation: (groupId: string, session: number, version: string, applicationId: string) =>
    `advisory-${groupId}-s${session}-${version}-${applicationId}`,
  /** The advisor's copy (docs/design.md §17); keyed by address, so a new advisor gets the next send. */
  advisorInvitation: (groupId: string, session: number, version: string, email: string) =>
    `advisory-${groupId}-s${session}-${version}-advisor-${emailKey(email)}`,
};

/**
 * The outbox documents about one person: ids starting with their
 * applications, their pairings (reminders, incidents…), their advisory groups
 * (invitations list every participant), their suppression or their links, and
 * their pairings' proposals.
 */
export function mailAbout(person: {
  email: string;
  applications: readonly string[];
  pairings: readonly string[];
  groups: readonly string[];
}): { prefixes: string[]; ids: string[] } {
  return {
    prefixes: [
      ...person.applications.flatMap((id) => [`application-${id}-`, `links-applications-${id}-`]),
      ...person.pairings.flatMap((id) => [
        `pairing-${id}-`,
        `reminder-${id}-`,
        `extension-${id}-`,
        `incident-${id}-`,
        `links-pairings-${id}-`,
      ]),
      ...person.groups.map((id) => `advisory-${id}-`),
      `suppression-${emailKey(person.email)}-`,
      `links-request-${emailKey(person.email)}-`,
    ],
    ids: [
      ...person.pairings.map((id) => mailIds.proposal(id)),
      // A mentoring application's id starts with its cycle; its renewal is the next one's.
      ...person.applications.flatMap((id) => {
        const cycle = /^(\d{4})-/.exec(id)?.[1];
        return cycle ? [mailIds.renewal(String(Number(cycle) + 1), id)] : [];
      }),
    ],
  };
}

/**
 * The most an attachment may hold before base64 (× 4/3): Firestore keeps a
 * document to 1 MiB, and the outbox document also holds the bodies.
 */
export const maxAttachmentBytes = 700 * 1024;

/**
 * A file of `items` rendered by `render`, cut into as few parts as halving
 * finds, each under `maxBytes` and each a whole file (a CSV with its header, a
 * JSON document): an export or report too large for one outbox document goes
 * as several emails instead of failing on every retry.
 */
export function renderedInParts<T>(
  items: readonly T[],
  render: (items: readonly T[]) => string,
  maxBytes = maxAttachmentBytes,
): string[] {
  const text = render(items);
  if (items.length <= 1 || Buffer.byteLength(text, "utf8") <= maxBytes) return [text];
  const half = Math.ceil(items.length / 2);
  return [
    ...renderedInParts(items.slice(0, half), render, maxBytes),
    ...renderedInParts(items.slice(half), render, maxBytes),
  ];
}

/** Part n of m of a file sent in several emails; the first keeps the id a single email has. */
export interface Part {
  n: number;
  of: number;
}
export const partMailId = (id: string, part: Part) => (part.n === 1 ? id : `${id}-part-${part.n}`);
export const partLabel = (part: Part) => (part.of === 1 ? "" : ` (part ${part.n} de ${part.of})`);
export const partFilename = (name: string, part: Part) =>
  part.of === 1 ? name : name.replace(/(\.[a-z]+)$/, `-${part.n}de${part.of}$1`);
