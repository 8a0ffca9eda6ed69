/**
 * Personal data as the law asks (docs/design.md §13): what erasure and retention
 * change in each kind of document, as field updates. Pure: the shell reads the
 * documents, applies these updates in transactions and deletes the mail.
 * Figures survive: kinds, statuses, municipalities, topics, dates, counts and
 * scores stay; names, addresses, positions and free text go.
 */
import { z } from "zod";
import { withoutSignedLinks } from "./links";
import { sameAddress } from "./matchingCandidates";
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

/**
 * What erasure does besides emptying: a person who asked to be forgotten is
 * no longer waiting nor in a mentorship. Retention, on cycles long closed,
 * changes no status.
 */
export type Purpose = "erasure" | "retention";

/**
 * Statuses of an application still waiting for something: erasure ends the
 * wait. A `matched` one keeps its status for the figures; `anonymisedAt` keeps
 * it out of every later matching (`matchingCandidates`).
 */
const liveApplicationStatuses = new Set(["unconfirmed", "received", "waitlisted"]);

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

/** What a signed link in an access report becomes: in the report it would open a page as its holder. */
export const withdrawnLinkMark = "[enllaç retirat]";

/** Every string at any depth with its signed links made unusable; other values untouched. */
function withoutLinks<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return withoutSignedLinks(v, withdrawnLinkMark);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && !(v instanceof Date))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

export interface AccessData {
  pairings: Doc[];
  sessions: Doc[];
  incidents: Doc[];
  mail: Doc[];
  [collection: string]: unknown;
}

const otherRole = (role: Role): Role => (role === "mentor" ? "mentee" : "mentor");

/**
 * What an access report may hold (docs/design.md §13): the person's own data. Mail
 * addressed to someone else goes; what the other participant of a pairing
 * wrote or is (beyond their municipality) goes; and no link in it opens any
 * page, since the secretariat forwards the report.
 */
export function ownAccessData<T extends AccessData>(data: T, email: string, roles: Readonly<Record<string, Role>>): T {
  const address = sameAddress(email);
  const toThem = (mail: Doc) =>
    Array.isArray(mail.to) && mail.to.some((to) => typeof to === "string" && sameAddress(to) === address);
  const theirs = (pairingId: unknown) => roles[String(pairingId)];
  const pairings = data.pairings.map((pairing) => {
    const role = theirs(pairing.id);
    if (!role) return pairing;
    const other = otherRole(role);
    const assessments = asMap(pairing.assessments);
    return {
      ...pairing,
      [other]: { municipality: asMap(pairing[other]).municipality ?? null },
      assessments: assessments[role] ? { [role]: assessments[role] } : {},
    };
  });
  const byOther = (record: Doc, field: string, by: unknown) => {
    const role = theirs(record.pairingId);
    return role && by === otherRole(role) ? { ...record, [field]: "" } : record;
  };
  const mail = data.mail.filter(toThem).map((m) => ({
    ...m,
    attachments: Array.isArray(m.attachments)
      ? m.attachments.map((a) => ({ filename: asMap(a).filename, contentType: asMap(a).contentType }))
      : undefined,
  }));
  return withoutLinks({
    ...data,
    pairings,
    sessions: data.sessions.map((s) => byOther(s, "notes", s.recordedBy)),
    incidents: data.incidents.map((i) => byOther(i, "text", i.reportedBy)),
    mail,
  });
}

/** Secretariat mail made from many people's data: exports, access reports, digests (docs/design.md §13). */
export const compiledMailTemplates = ["export", "privacy-access", "attention-digest"] as const;

/** Whether a mail mentions the person anywhere: subject, bodies, or an attachment's decoded content. */
export function mailMentions(mail: Doc, needles: readonly string[]): boolean {
  const wanted = needles.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 3);
  const attachments = Array.isArray(mail.attachments) ? mail.attachments : [];
  const texts = [
    mail.subject,
    mail.text,
    mail.html,
    ...attachments.map((a) => Buffer.from(String(asMap(a).content ?? ""), "base64").toString("utf8")),
  ].map((t) => String(t ?? "").toLowerCase());
  return wanted.some((needle) => texts.some((text) => text.includes(needle)));
}

/** A member's contacts without the person's address, whatever its case; null when it was not there. */
export function contactsWithout(contacts: unknown, email: string): string[] | null {
  if (!Array.isArray(contacts)) return null;
  const address = sameAddress(email);
  const kept = contacts.filter((c) => !(typeof c === "string" && sameAddress(c) === address));
  return kept.length === contacts.length ? null : kept;
}
