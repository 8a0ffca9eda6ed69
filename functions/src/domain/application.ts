/**
 * Intake: what a valid application is (DESIGN §4, contract), how a form post
 * becomes one, and what storing it means. Messages are Catalan because people
 * read them beside the form field they concern.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ApplicationWindow, Cycle, Member, ProgrammeSettings, Topic } from "./programme";
import { requiredText, wholeNumber } from "./fields";
import { MeetingMode, meetingModes } from "./programme";

export const applicationKinds = ["mentee", "mentor", "advisory"] as const;
export const ApplicationKind = z.enum(applicationKinds);
export type ApplicationKind = z.infer<typeof ApplicationKind>;

export const applicationStatuses = ["received", "matched", "waitlisted", "withdrawn"] as const;
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
    email: "Escriu una adreça electrònica vàlida, com ara nom@ajuntament.cat.",
    position: "Escriu el teu càrrec.",
    municipality: "Tria el teu municipi.",
    topics: "Tria com a mínim un tema.",
    description: {
      mentee: "Explica quines necessitats tens i què esperes de la mentoria.",
      mentor: "Explica la teva experiència en la promoció de l'economia social i solidària.",
      advisory: "Explica la pregunta o la necessitat concreta de l'assessorament.",
    }[kind],
    availability: "Explica la teva disponibilitat (per exemple, dies i franges horàries).",
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
    name: requiredText(fieldLimits.name, m.name),
    email: z
      .string({ error: m.email })
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: m.email })),
    position: requiredText(fieldLimits.position, m.position),
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
    availability: mentoring
      ? requiredText(fieldLimits.availability, m.availability)
      : z.undefined().optional().catch(undefined),
    consent: z.literal(true, { error: m.consent }),
    website: z.string().max(0, { error: m.website }).optional(),
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
  const fields: FieldErrors = {};
  if (!kind.success) fields.kind = fieldMessages("advisory").kind;
  if (result.success && kind.success) return { ok: true, input: result.data };
  for (const issue of result.error?.issues ?? []) {
    const field = String(issue.path[0] ?? "form");
    fields[field] ??= issue.message;
  }
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
    consent: consent === "on" || consent === "true" || consent === "1" || consent === true,
    capacity: form.capacity === "" ? undefined : form.capacity,
  };
}

export type Eligibility =
  | { ok: true; cycle: Cycle | null }
  | { ok: false; error: "not_member" }
  | { ok: false; error: "closed"; next: Cycle | null }
  | { ok: false; error: "validation"; fields: FieldErrors };

/** The checks that need the programme's data: membership, topics, modes, window. */
export function checkEligibility(
  input: ApplicationInput,
  context: {
    member: Member | null;
    topics: readonly Topic[];
    settings: ProgrammeSettings;
    window: ApplicationWindow;
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
  if (Object.keys(fields).length > 0) return { ok: false, error: "validation", fields };
  if (!isMentoringKind(input.kind)) return { ok: true, cycle: null };
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
    ...(input.availability !== undefined ? { availability: input.availability } : {}),
  };
}
export type SubmittedFields = ReturnType<typeof submittedFields>;

export const StoredApplication = z.object({
  kind: ApplicationKind,
  cycle: z.string().optional(),
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
  status: ApplicationStatus,
  revision: z.number().int().default(1),
  /** Advisory requests: the group they joined and why. */
  groupId: z.string().optional(),
  groupReason: z.string().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type StoredApplication = z.infer<typeof StoredApplication>;

export type IntakeDecision =
  | { action: "create"; application: StoredApplication }
  | { action: "update"; application: StoredApplication }
  | { action: "unchanged"; application: StoredApplication };

/**
 * Creating, updating or leaving an application as it is. An identical
 * resubmission changes nothing (and so sends no email again); a changed one
 * bumps `revision`, which names the confirmation emails it sends.
 */
export function decideIntake(
  submitted: SubmittedFields,
  cycle: Cycle | null,
  existing: StoredApplication | null,
  now: Date,
): IntakeDecision {
  if (!existing) {
    return {
      action: "create",
      application: {
        ...submitted,
        ...(cycle ? { cycle: cycle.id } : {}),
        status: "received",
        revision: 1,
        createdAt: now,
        updatedAt: now,
      },
    };
  }
  const current = Object.fromEntries(
    Object.keys(submitted).map((key) => [key, existing[key as keyof StoredApplication]]),
  );
  if (sameFields(current, submitted)) return { action: "unchanged", application: existing };
  return {
    action: "update",
    application: { ...existing, ...submitted, revision: existing.revision + 1, updatedAt: now },
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
