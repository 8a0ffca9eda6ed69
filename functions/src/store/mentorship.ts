/**
 * The imperative shell of the mentorship year: recounting meetings, keeping
 * `nextDeadlineAt` true, enforcing deadlines, and what participants do from
 * their page. Every change is one transaction; every email an outbox document.
 */
import { createHash } from "node:crypto";
import { participantLinkLifetimeMs, signLink } from "../domain/links";
import {
  agreeExtension,
  enforceDeadlines,
  mentorshipDates,
  meetingState,
  nextDeadlineAt,
  type Role,
} from "../domain/mentorship";
import { Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { Cycle } from "../domain/programme";
import { isoDay, localDay } from "../domain/time";
import { db, toPlain } from "../firebase";
import {
  deadlineEmails,
  extensionAgreedEmails,
  incidentNotice,
  type ParticipantLinks,
} from "../views/mentorshipEmails";
import { queueMail } from "./outbox";
import { requireSettings } from "./programme";

const pairings = () => db.collection("pairings");
const sessions = () => db.collection("sessions");

export function participantLinks(id: string, key: string, settings: ProgrammeSettings, now: Date): ParticipantLinks {
  const base = settings.publicBaseUrl.replace(/\/$/, "");
  const link = (role: Role) =>
    `${base}/mentoria/${signLink(key, { pairingId: id, role, purpose: "mentorship", expiresAt: now.getTime() + participantLinkLifetimeMs })}`;
  return { mentor: link("mentor"), mentee: link("mentee") };
}

/** Counts documents read, so the daily job can prove it reads only what is due. */
export class ReadCounter {
  count = 0;
  add(n: number): void {
    this.count += n;
  }
}

/** The dates an accepted pairing gets: from the cycle's start or the acceptance. */
export async function cycleStart(tx: FirebaseFirestore.Transaction, cycle: string): Promise<Date | null> {
  const snap = await tx.get(db.collection("cycles").doc(cycle));
  const parsed = Cycle.safeParse({ id: cycle, ...(toPlain(snap.data() ?? {}) as object) });
  return parsed.success ? parsed.data.startsAt : null;
}

/** Makes `meetingCount` and `lastMeetingAt` equal the pairing's sessions: a recount, so repeats and races are harmless. */
export async function recountMeetings(pairingId: string): Promise<void> {
  const settings = await requireSettings();
  await db.runTransaction(async (tx) => {
    const ref = pairings().doc(pairingId);
    const [snap, held] = await Promise.all([tx.get(ref), tx.get(sessions().where("pairingId", "==", pairingId))]);
    if (!snap.exists) return;
    const pairing = Pairing.parse(toPlain(snap.data()));
    const dates = held.docs.map((doc) => toPlain(doc.get("date")) as Date).filter((d) => d instanceof Date);
    const state = meetingState(pairing, dates, settings, new Date());
    const unchanged =
      state.meetingCount === pairing.meetingCount &&
      state.status === pairing.status &&
      state.lastMeetingAt?.getTime() === pairing.lastMeetingAt?.getTime() &&
      Boolean(state.requirementsMetAt) === Boolean(pairing.requirementsMetAt) &&
      state.nextDeadlineAt?.getTime() === pairing.nextDeadlineAt?.getTime();
    if (!unchanged) tx.update(ref, state);
  });
}

/**
 * Keeps a pairing's derived fields true after any write, also the
 * secretariat's hand edits: dates of an accepted pairing, and `nextDeadlineAt`.
 */
export async function syncPairing(pairingId: string): Promise<void> {
  const settings = await requireSettings();
  await db.runTransaction(async (tx) => {
    const ref = pairings().doc(pairingId);
    const snap = await tx.get(ref);
    const parsed = Pairing.safeParse(toPlain(snap.data()));
    if (!parsed.success) return;
    let pairing = parsed.data;
    const update: Record<string, unknown> = {};
    if ((pairing.status === "accepted" || pairing.status === "active") && !pairing.startsAt) {
      const dates = mentorshipDates(pairing.acceptedAt ?? new Date(), await cycleStart(tx, pairing.cycle), settings);
      Object.assign(update, dates);
      pairing = { ...pairing, ...dates };
    }
    const next = nextDeadlineAt(pairing, settings);
    if ((next?.getTime() ?? null) !== (pairing.nextDeadlineAt?.getTime() ?? null)) update.nextDeadlineAt = next;
    if (Object.keys(update).length > 0) tx.update(ref, update);
  });
}

/** Enforces a pairing's due deadlines (not the proposal's expiry) and queues their emails once. */
export async function enforcePairingDeadlines(
  id: string,
  now: Date,
  linkKey: string,
  settings: ProgrammeSettings,
  reads: ReadCounter,
) {
  return db.runTransaction(async (tx) => {
    const ref = pairings().doc(id);
    const snap = await tx.get(ref);
    reads.add(1);
    const parsed = Pairing.safeParse(toPlain(snap.data()));
    if (!parsed.success) return [];
    const { pairing, done } = enforceDeadlines(parsed.data, settings, now);
    if (done.length === 0) {
      if (pairing.nextDeadlineAt?.getTime() !== parsed.data.nextDeadlineAt?.getTime()) {
        tx.update(ref, { nextDeadlineAt: pairing.nextDeadlineAt });
      }
      return done;
    }
    const links = participantLinks(id, linkKey, settings, now);
    const drafts = done.flatMap((kind) => deadlineEmails(id, kind, pairing, links, settings));
    await queueMail(tx, drafts, settings.senderEmail, now, reads);
    tx.update(ref, {
      status: pairing.status,
      closedAt: pairing.closedAt ?? null,
      reminders: pairing.reminders,
      nextDeadlineAt: pairing.nextDeadlineAt,
    });
    return done;
  });
}

export type ActionResult = { ok: true; notice: string } | { ok: false; field: string; message: string };

/** A meeting logged from the page. One per pairing and day, whoever logs it first. */
export async function logMeeting(
  id: string,
  role: Role,
  input: { date: string; mode: string; durationMinutes: number; notes: string },
  check: (p: Pairing, date: Date) => string | null,
): Promise<ActionResult> {
  const settings = await requireSettings();
  const date = localDay(input.date, settings.timezone);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(pairings().doc(id));
    const pairing = Pairing.parse(toPlain(snap.data()));
    if (pairing.status !== "accepted" && pairing.status !== "active") {
      return { ok: false, field: "date", message: "Aquesta mentoria ja no admet trobades noves." };
    }
    const problem = check(pairing, date);
    if (problem) return { ok: false, field: "date", message: problem };
    const sessionRef = sessions().doc(`${id}-${input.date}`);
    if ((await tx.get(sessionRef)).exists) {
      return { ok: true, notice: "Aquesta trobada ja estava registrada: no l'hem comptat dues vegades." };
    }
    tx.create(sessionRef, {
      pairingId: id,
      cycle: pairing.cycle,
      date,
      mode: input.mode,
      durationMinutes: input.durationMinutes,
      notes: input.notes,
      recordedBy: role,
      createdAt: new Date(),
    });
    return { ok: true, notice: "Hem registrat la trobada." };
  });
}

export async function proposeExtension(id: string, role: Role, endsOn: string): Promise<ActionResult> {
  const settings = await requireSettings();
  const now = new Date();
  return db.runTransaction(async (tx) => {
    const ref = pairings().doc(id);
    const pairing = Pairing.parse(toPlain((await tx.get(ref)).data()));
    const result = agreeExtension(pairing, role, localDay(endsOn, settings.timezone), now);
    if (!result.ok) return { ok: false, field: "endsOn", message: result.message };
    const updated = { ...pairing, extension: result.extension, endsAt: result.endsAt };
    if (result.applied) {
      await queueMail(tx, extensionAgreedEmails(id, updated, endsOn, settings), settings.senderEmail, now);
    }
    tx.update(ref, {
      extension: result.extension,
      endsAt: result.endsAt,
      nextDeadlineAt: nextDeadlineAt(updated, settings),
    });
    return {
      ok: true,
      notice: result.applied
        ? `Ampliació acordada: la mentoria acaba ara el ${isoDay(result.endsAt, settings.timezone)}.`
        : "Hem registrat la teva proposta d'ampliació. Tindrà efecte quan l'altra persona hi estigui d'acord des de la seva pàgina.",
    };
  });
}

const contentId = (...parts: string[]) => createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 16);

export async function reportIncident(
  id: string,
  role: Role,
  kind: "incident" | "agreedEnd",
  text: string,
): Promise<ActionResult> {
  const settings = await requireSettings();
  const now = new Date();
  // The same report sent twice (a double click) is one incident.
  const incidentId = `${id}-${contentId(role, kind, text)}`;
  return db.runTransaction(async (tx) => {
    const pairing = Pairing.parse(toPlain((await tx.get(pairings().doc(id))).data()));
    const ref = db.collection("incidents").doc(incidentId);
    const exists = (await tx.get(ref)).exists;
    await queueMail(
      tx,
      [incidentNotice(incidentId, id, pairing, role, kind, text, settings)],
      settings.senderEmail,
      now,
    );
    if (!exists)
      tx.create(ref, {
        pairingId: id,
        cycle: pairing.cycle,
        reportedBy: role,
        kind,
        text,
        status: "open",
        createdAt: now,
      });
    return { ok: true, notice: "Hem enviat el missatge a la secretaria tècnica." };
  });
}

export async function submitDocumentation(
  id: string,
  fields: { objectives: string; activities: string; results: string; learnings: string; links: string },
): Promise<ActionResult> {
  const now = new Date();
  return db.runTransaction(async (tx) => {
    const ref = pairings().doc(id);
    const pairing = Pairing.parse(toPlain((await tx.get(ref)).data()));
    const materialRef = db.collection("materials").doc(`mentorship-${id}`);
    const material = await tx.get(materialRef);
    if (material.exists && material.get("status") === "published") {
      return {
        ok: false,
        field: "objectives",
        message: "La fitxa ja està publicada; per canviar-la, escriu a la secretaria tècnica.",
      };
    }
    tx.set(materialRef, {
      kind: "mentorship",
      pairingId: id,
      cycle: pairing.cycle,
      municipalities: [pairing.mentor.municipality.name, pairing.mentee.municipality.name],
      topics: pairing.mentee.topicLabels ?? [],
      ...fields,
      status: "draft",
      submittedAt: now,
    });
    tx.update(ref, { documentation: { submittedAt: now, materialId: materialRef.id } });
    return {
      ok: true,
      notice: "Gràcies! Hem rebut la fitxa. La secretaria tècnica la revisarà abans de compartir-la amb la xarxa.",
    };
  });
}

export async function submitAssessment(id: string, role: Role, score: number, comments: string): Promise<ActionResult> {
  await pairings()
    .doc(id)
    .update({ [`assessments.${role}`]: { score, comments, submittedAt: new Date() } });
  return { ok: true, notice: "Gràcies per la valoració." };
}
