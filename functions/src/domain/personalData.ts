/**
 * Personal data as the law asks (docs/design.md §13): what erasure and retention
 * change in each kind of document, as field updates. Pure: the shell reads the
 * documents, applies these updates in transactions and deletes the mail.
 * Figures survive: kinds, statuses, municipalities, topics, dates, counts and
 * scores stay; names, addresses, positions and free text go.
 */
import { z } from "zod";
import type { Role } from "./pairing";
import { addMonths } from "./time";

/** What a name becomes. */
export const erasedName = "Persona suprimida";
/** What a free text that mentioned the person keeps in their place. */
export const redactedMark = "[dada suprimida]";

export const privacyRequestKinds = ["erasure", "access"] as const;

export const PrivacyRequest = z.object({
  kind: z.enum(privacyRequestKinds, { error: 'kind ha de ser "erasure" o "access".' }),
  email: z.email({ error: "email ha de ser una adreça electrònica." }).transform((e) => e.trim().toLowerCase()),
  status: z.enum(["requested", "processing", "done", "failed"]).default("requested"),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `value` with every mention of `needles` (names, addresses) replaced, in
 * every string at any depth; dates and numbers untouched. Null when nothing
 * changed, so a repeated erasure writes nothing.
 */
export function redacted<T>(value: T, needles: readonly string[]): T | null {
  const wanted = needles.map((n) => n.trim()).filter((n) => n.length >= 3);
  if (wanted.length === 0) return null;
  const pattern = new RegExp(wanted.map(escapeRegExp).join("|"), "giu");
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const next = v.replace(pattern, redactedMark);
      if (next !== v) changed = true;
      return next;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const result = walk(value) as T;
  return changed ? result : null;
}

export type Doc = Record<string, unknown>;

const asMap = (value: unknown): Doc =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Doc) : {};

/** A document with `changes` applied and every remaining mention of the person replaced. */
function erased(doc: Doc, changes: Doc, needles: readonly string[], now: Date): Doc {
  const next = { ...doc, ...changes };
  return { ...(redacted(next, needles) ?? next), anonymisedAt: now };
}

/** Statuses of an application still waiting for something: erasure ends the wait. */
const liveApplicationStatuses = new Set(["unconfirmed", "received", "waitlisted"]);

/**
 * What erasure does besides emptying: a person who asked to be forgotten is
 * no longer waiting nor in a mentorship. Retention, on cycles long closed,
 * changes no status.
 */
export type Purpose = "erasure" | "retention";

/** An application: the person and what they wrote go; kind, cycle, status, municipality and topics stay. */
export function erasedApplication(doc: Doc, needles: readonly string[], now: Date, purpose: Purpose = "erasure"): Doc {
  const live = purpose === "erasure" && liveApplicationStatuses.has(String(doc.status));
  return erased(
    doc,
    {
      person: { name: erasedName, email: "", position: "" },
      description: "",
      availability: "",
      pendingChange: null,
      ...(live ? { status: "withdrawn", withdrawnAt: now } : {}),
    },
    needles,
    now,
  );
}

/** A pairing still in course or waiting: erasure ends it (nobody is left to write to). */
const livePairingStatuses = new Set(["draft", "proposed", "accepted", "active"]);

/** One side of a pairing: its person and text go; municipalities, topics, scores, counts and dates stay. */
export function erasedPairing(
  doc: Doc,
  role: Role,
  needles: readonly string[],
  now: Date,
  purpose: Purpose = "erasure",
): Doc {
  const party = asMap(doc[role]);
  const assessments = asMap(doc.assessments);
  const own = asMap(assessments[role]);
  return erased(
    doc,
    {
      [role]: { ...party, name: erasedName, email: "", position: "", description: "", availability: "" },
      ...(assessments[role] ? { assessments: { ...assessments, [role]: { ...own, comments: "" } } } : {}),
      ...(purpose === "erasure" && livePairingStatuses.has(String(doc.status))
        ? { status: "cancelled", cancelledAt: now, cancelReason: "Supressió de dades personals" }
        : {}),
    },
    needles,
    now,
  );
}

/** A meeting (`notes`) or an incident (`text`): their own text goes, the other person's is redacted. */
export function erasedRecord(
  doc: Doc,
  field: "notes" | "text",
  byThem: boolean,
  needles: readonly string[],
  now: Date,
) {
  return erased(doc, byThem ? { [field]: "" } : {}, needles, now);
}

/** The fitxa is its mentee's text: erasing the mentee takes it out of the library. */
export function erasedFitxa(doc: Doc, byThem: boolean, needles: readonly string[], now: Date): Doc {
  const own = { objectives: "", activities: "", results: "", learnings: "", links: "", authors: [], status: "draft" };
  return erased(doc, byThem ? own : {}, needles, now);
}

/** How long personal data is kept after it began: a mentorship's longest course, then `retentionYears`. */
export const retentionMonths = (settings: { maxDurationMonths: number; retentionYears: number }) =>
  settings.maxDurationMonths + 12 * settings.retentionYears;

/** When a cycle's personal data is anonymised: `retentionYears` after its mentorships end. */
export function cycleRetentionEnds(
  cycle: { startsAt: Date },
  settings: { maxDurationMonths: number; retentionYears: number; timezone: string },
): Date {
  return addMonths(cycle.startsAt, retentionMonths(settings), settings.timezone);
}
