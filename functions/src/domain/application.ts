/**
 * Intake: what a valid application is (docs/design.md §4, contract), how a form post
 * becomes one, and what storing it means. Messages are Catalan because people
 * read them beside the form field they concern.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ApplicationWindow, Cycle, Member, ProgrammeSettings, Topic } from "./programme";
import {
  emailAddress,
  emailMessage,
  fieldErrors,
  oneLineText,
  optionalText,
  requiredText,
  wholeNumber,
} from "./fields";
import { MeetingMode, meetingModes } from "./programme";
import { inWeekOrder, slotId } from "./slots";

export const applicationKinds = ["mentee", "mentor", "advisory"] as const;
export const ApplicationKind = z.enum(applicationKinds);
export type ApplicationKind = z.infer<typeof ApplicationKind>;

export const applicationStatuses = ["unconfirmed", "received", "matched", "waitlisted", "withdrawn"] as const;
export const ApplicationStatus = z.enum(applicationStatuses);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export function isMentoringKind(kind: ApplicationKind): kind is "mentee" | "mentor" {
  return kind !== "advisory";
}

/** What each field asks of a person, in Catalan; the form shows the same text. */
export function fieldMessages(kind: ApplicationKind) {
  return {
    kind: "Tria el tipus de sol·licitud: rebre mentoria, oferir mentoria o assessorament.",
    name: "Escriu el teu nom i cognoms.",
    email: emailMessage,
    position: "Escriu el teu càrrec.",
    municipality: "Tria el teu municipi.",
    topics: "Tria com a mínim un tema.",
    description: {
      mentee: "Explica quines necessitats tens i què esperes de la mentoria.",
      mentor: "Explica la teva experiència en la promoció de l'economia social i solidària.",
      advisory: "Explica la pregunta o la necessitat concreta de l'assessorament.",
    }[kind],
    slots: "Marca com a mínim una franja en què et vagi bé trobar-te.",
    capacity: "Indica quantes persones pots acompanyar alhora, d'1 a 3.",
    modes: "Tria com a mínim una modalitat de trobada.",
    consent: "Cal que acceptis l'avís de privacitat per enviar la sol·licitud.",
    website: "Deixa aquest camp en blanc.",
  };
}

export const fieldLimits = {
  name: 120,
  position: 120,
  description: 3000,
  availability: 1000,
  topics: 25,
} as const;

function schemaFor(kind: ApplicationKind) {
  const mentoring = isMentoringKind(kind);
  const m = fieldMessages(kind);
  return z.object({
    kind: ApplicationKind,
    name: oneLineText(fieldLimits.name, m.name),
    email: emailAddress(m.email),
    position: oneLineText(fieldLimits.position, m.position),
    municipality: z.string({ error: m.municipality }).trim().min(1, { error: m.municipality }),
    topics: z
      .array(z.string().trim().min(1), { error: m.topics })
      .min(1, { error: m.topics })
      .max(fieldLimits.topics, { error: "Has triat massa temes." })
      .transform((ids) => [...new Set(ids)].sort()),
    description: requiredText(fieldLimits.description, m.description),
    modes: z
      .array(z.enum(meetingModes, { error: m.modes }), { error: m.modes })
      .min(1, { error: m.modes })
      .transform((modes) => [...new Set(modes)].sort()),
    capacity: kind === "mentor" ? wholeNumber(1, 3, m.capacity) : z.undefined().optional().catch(undefined),
    availability: mentoring ? optionalText(fieldLimits.availability) : z.undefined().optional().catch(undefined),
    slots: mentoring
      ? z
          .array(slotId(m.slots), { error: m.slots })
          .min(1, { error: m.slots })
          .max(21, { error: m.slots })
          .transform(inWeekOrder)
      : z.undefined().optional().catch(undefined),
    consent: z.literal(true, { error: m.consent }),
    /** The honeypot: people never see it; a bot that fills it is answered as if it had succeeded. */
    website: z.string().optional().catch(undefined),
  });
}

export type ApplicationInput = z.infer<ReturnType<typeof schemaFor>>;

/** Field name → Catalan message, the `fields` of a 400 answer. */
export type FieldErrors = Record<string, string>;

export type ParseResult = { ok: true; input: ApplicationInput } | { ok: false; fields: FieldErrors };

/** Validates a decoded body (JSON, or a form after `fromFormBody`). */
export function parseApplication(body: unknown): ParseResult {
  const kind = ApplicationKind.safeParse((body as { kind?: unknown } | null)?.kind);
  // An unknown kind is reported too, while the other fields are still checked
  // against the strictest common shape so the person sees every error at once.
  const schema = schemaFor(kind.success ? kind.data : "advisory");
  const result = schema.safeParse(body);
  if (result.success && kind.success) return { ok: true, input: result.data };
  const fields: FieldErrors = fieldErrors(result.error?.issues ?? []);
  if (!kind.success) fields.kind = fieldMessages("advisory").kind;
  return { ok: false, fields };
}

const asList = (value: unknown): unknown =>
  value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value];

/**
 * A url-encoded form has only strings: repeated checkboxes arrive as a string
 * or a list, a ticked box as "on". Maps it to the JSON shape.
 */
export function fromFormBody(form: Record<string, unknown>): Record<string, unknown> {
  const consent = form.consent;
  return {
    ...form,
    topics: asList(form.topics),
    modes: asList(form.modes),
    slots: asList(form.slots),
    consent: consent === "on" || consent === "true" || consent === "1" || consent === true,
    capacity: form.capacity === "" ? undefined : form.capacity,
  };
}

export type Eligibility =
  | { ok: true; cycle: Cycle | null }
  | { ok: false; error: "not_member" }
  | { ok: false; error: "closed"; next: Cycle | null }
  | { ok: false; error: "validation"; fields: FieldErrors };

/**
 * The checks that need the programme's data: membership, topics, modes, and
 * the application window when one is given (a correction has none to meet).
 */
export function checkEligibility(
  input: ApplicationInput,
  context: {
    member: Member | null;
    topics: readonly Topic[];
    settings: ProgrammeSettings;
    window?: ApplicationWindow;
  },
): Eligibility {
  if (!context.member?.active) return { ok: false, error: "not_member" };
  const fields: FieldErrors = {};
  const active = new Set(context.topics.filter((topic) => topic.active).map((topic) => topic.id));
  if (input.topics.some((id) => !active.has(id))) {
    fields.topics = "Tria els temes de la llista: algun dels temes triats no existeix o ja no està actiu.";
  }
  const allowedModes = new Set(context.settings.meetingModes);
  if (input.modes.some((mode) => !allowedModes.has(mode))) {
    fields.modes = `Tria modalitats de la llista: ${context.settings.meetingModes.join(", ")}.`;
  }
  const offeredSlots = new Set(context.settings.availabilitySlots);
  if (input.slots?.some((slot) => !offeredSlots.has(slot))) {
    fields.slots = "Marca franges de la graella: alguna de les franges triades ja no s'ofereix.";
  }
  if (Object.keys(fields).length > 0) return { ok: false, error: "validation", fields };
  if (!isMentoringKind(input.kind) || !context.window) return { ok: true, cycle: null };
  if (!context.window.open) return { ok: false, error: "closed", next: context.window.next };
  return { ok: true, cycle: context.window.cycle };
}

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/**
 * One application per person, kind and cycle: the id is derived from them, so
 * a resubmission (or ten at once) lands on the same document. Advisory
 * requests are open all year and a person may ask several questions, so their
 * id also covers the question itself: only an identical request is the same.
 */
export function applicationId(input: ApplicationInput, cycle: Cycle | null): string {
  if (cycle) return `${cycle.id}-${input.kind}-${shortHash(`${input.kind}|${cycle.id}|${input.email}`)}`;
  return `advisory-${shortHash(`advisory|${input.email}|${input.topics.join(",")}|${input.description}`)}`;
}

/**
 * Whether a stored application is the one a submission from its address is
 * about: the same kind and cycle, or for advisory the same question (as the id).
 */
export function sameRequest(
  stored: Pick<StoredApplication, "kind" | "cycle" | "topics" | "description">,
  submitted: Pick<SubmittedFields, "kind" | "topics" | "description">,
  cycle: Cycle | null,
): boolean {
  if (stored.kind !== submitted.kind) return false;
  if (cycle) return stored.cycle === cycle.id;
  return stored.topics.join(",") === submitted.topics.join(",") && stored.description === submitted.description;
}

/** The fields a person controls; a resubmission changes only these. */
export function submittedFields(input: ApplicationInput, member: Member, topics: readonly Topic[]) {
  const labels = new Map(topics.map((topic) => [topic.id, topic.label]));
  return {
    kind: input.kind,
    person: { name: input.name, email: input.email, position: input.position },
    municipality: {
      id: member.id,
      name: member.name,
      ...(member.comarca ? { comarca: member.comarca } : {}),
      ...(member.province ? { province: member.province } : {}),
    },
    topics: input.topics,
    topicLabels: input.topics.map((id) => labels.get(id) ?? id),
    description: input.description,
    modes: input.modes,
    ...(input.kind === "mentor" ? { capacity: input.capacity } : {}),
    ...(input.availability ? { availability: input.availability } : {}),
    ...(input.slots !== undefined ? { slots: input.slots } : {}),
  };
}
export type SubmittedFields = ReturnType<typeof submittedFields>;

/** The fields a person fills in, as stored: on the application and on a change waiting for them. */
const PersonFields = z.object({
  person: z.object({ name: z.string(), email: z.string(), position: z.string() }),
  municipality: z.object({
    id: z.string(),
    name: z.string(),
    comarca: z.string().optional(),
    province: z.string().optional(),
  }),
  topics: z.array(z.string()),
  topicLabels: z.array(z.string()).default([]),
  description: z.string(),
  modes: z.array(MeetingMode),
  capacity: z.number().int().optional(),
  availability: z.string().optional(),
  /** When the person can meet (docs/design.md §4); absent on applications typed in the console. */
  slots: z.array(z.string()).optional(),
});

/** What a person sent that waits for them to confirm it (docs/design.md §4a). */
const PendingChange = PersonFields.extend({ submittedAt: z.date() });
export type PendingChange = z.infer<typeof PendingChange>;

export const StoredApplication = PersonFields.extend({
  kind: ApplicationKind,
  cycle: z.string().optional(),
  status: ApplicationStatus,
  revision: z.number().int().default(1),
  /** An unconfirmed application is gone once this passes (a TTL policy deletes it later). */
  expiresAt: z.date().nullable().optional(),
  confirmedAt: z.date().nullable().optional(),
  withdrawnAt: z.date().nullable().optional(),
  /** Set by erasure or retention (docs/design.md §13): nobody left to match or write to. */
  anonymisedAt: z.date().nullable().optional(),
  pendingChange: PendingChange.nullable().optional(),
  /** Raised by one in the console to revoke every link to this application issued before. */
  linkVersion: z.number().int().min(0).optional(),
  /** Why the matching left a mentee waiting, in Catalan (docs/design.md §16). */
  waitlistReason: z.string().optional(),
  /** The application of last cycle this one was renewed from (docs/design.md §17). */
  renewedFrom: z.string().optional(),
  /** Advisory requests: the group they joined and why. */
  groupId: z.string().optional(),
  groupReason: z.string().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type StoredApplication = z.infer<typeof StoredApplication>;

/** TTL deletion is late in production and absent in the emulator: every reader asks this instead. */
export function isGone(application: Pick<StoredApplication, "status" | "expiresAt">, now: Date): boolean {
  return application.status === "unconfirmed" && !!application.expiresAt && application.expiresAt <= now;
}

export type IntakeDecision =
  | { action: "create"; application: StoredApplication }
  | { action: "pending"; application: StoredApplication }
  | { action: "remind"; application: StoredApplication };

/**
 * What a valid submission does (docs/design.md §4a). Nobody has proved they own the
 * address yet, so nothing that exists changes: a new application waits
 * `unconfirmed` until its owner confirms or it expires; for an existing one
 * the submission waits aside as `pendingChange`; an identical one only asks
 * for the confirmation email again (the person may have lost it).
 */
export function decideIntake(
  submitted: SubmittedFields,
  cycle: Cycle | null,
  existing: StoredApplication | null,
  now: Date,
  expiresAt: Date,
): IntakeDecision {
  if (!existing || isGone(existing, now)) {
    return {
      action: "create",
      application: {
        ...submitted,
        ...(cycle ? { cycle: cycle.id } : {}),
        status: "unconfirmed",
        revision: 1,
        expiresAt,
        createdAt: now,
        updatedAt: now,
      },
    };
  }
  const { kind: _kind, ...fields } = submitted;
  // Someone who withdrew and applies again with the same data wants back in: that too waits for them.
  const reapplying = existing.status === "withdrawn";
  if (sameFields(currentFields(existing, fields), fields) && !existing.pendingChange && !reapplying) {
    return { action: "remind", application: existing };
  }
  return { action: "pending", application: { ...existing, pendingChange: { ...fields, submittedAt: now } } };
}

function currentFields(existing: StoredApplication, like: object) {
  return Object.fromEntries(Object.keys(like).map((key) => [key, existing[key as keyof StoredApplication]]));
}

export type OwnerDecision =
  | { outcome: "changed"; application: StoredApplication; confirmed: boolean }
  | { outcome: "unchanged" | "refused" | "stale"; application: StoredApplication };

/**
 * Names the pending change a page showed (docs/design.md §4a): the page sends it
 * back with its confirmation, so a change submitted meanwhile is never
 * confirmed unseen.
 */
export const pendingVersion = (pending: Pick<PendingChange, "submittedAt">) => String(pending.submittedAt.getTime());

/** Statuses in which the owner may still correct their application. */
export const correctableStatuses: readonly ApplicationStatus[] = ["received", "waitlisted"];

/**
 * Where a change sent with the form may still be confirmed: the statuses a
 * correction on the page allows, a return after a withdrawal, and before
 * the first confirmation. A matched application changes only through the secretariat.
 */
export const pendingChangeApplies = (status: ApplicationStatus) =>
  status === "unconfirmed" || status === "withdrawn" || correctableStatuses.includes(status);

/**
 * The owner confirms on their page: an unconfirmed application becomes
 * `received` and a pending change is applied (`revision` + 1). Confirming
 * twice changes nothing.
 */
export function confirmApplication(existing: StoredApplication, now: Date, shown?: string): OwnerDecision {
  const { pendingChange } = existing;
  if (existing.status !== "unconfirmed" && !pendingChange) return { outcome: "unchanged", application: existing };
  if (pendingChange) {
    if (!pendingChangeApplies(existing.status)) return { outcome: "refused", application: existing };
    if (shown !== pendingVersion(pendingChange)) return { outcome: "stale", application: existing };
  }
  const { submittedAt: _submittedAt, ...change } = pendingChange ?? {};
  const reopened = existing.status === "unconfirmed" || existing.status === "withdrawn";
  return {
    outcome: "changed",
    confirmed: true,
    application: {
      ...existing,
      ...change,
      status: reopened ? "received" : existing.status,
      revision: pendingChange ? existing.revision + 1 : existing.revision,
      pendingChange: null,
      expiresAt: null,
      ...(reopened ? { withdrawnAt: null } : {}),
      confirmedAt: now,
      updatedAt: now,
    },
  };
}

/** The owner corrects their application on their page; the address and the kind stay. */
export function correctApplication(existing: StoredApplication, submitted: SubmittedFields, now: Date): OwnerDecision {
  if (!correctableStatuses.includes(existing.status)) return { outcome: "refused", application: existing };
  const { kind: _kind, ...fields } = submitted;
  const corrected = { ...fields, person: { ...fields.person, email: existing.person.email } };
  if (sameFields(currentFields(existing, corrected), corrected)) return { outcome: "unchanged", application: existing };
  return {
    outcome: "changed",
    confirmed: false,
    application: { ...existing, ...corrected, revision: existing.revision + 1, pendingChange: null, updatedAt: now },
  };
}

/** The owner discards a change sent with their address that they do not want (docs/design.md §4a). */
export function discardPendingChange(existing: StoredApplication, now: Date): OwnerDecision {
  if (!existing.pendingChange) return { outcome: "unchanged", application: existing };
  return { outcome: "changed", confirmed: false, application: { ...existing, pendingChange: null, updatedAt: now } };
}

/** The owner withdraws (docs/design.md §10); what follows for pairings and groups is the use case's. */
export function withdrawApplication(existing: StoredApplication, now: Date): OwnerDecision {
  if (existing.status === "withdrawn") return { outcome: "unchanged", application: existing };
  if (existing.status === "unconfirmed") return { outcome: "refused", application: existing };
  return {
    outcome: "changed",
    confirmed: false,
    application: { ...existing, status: "withdrawn", withdrawnAt: now, pendingChange: null, updatedAt: now },
  };
}

function sameFields(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
