/**
 * Advisory groups (DESIGN §7): joining a group, keeping its members equal to
 * the applications that name it, closing its window, sending invitations,
 * the hours report and materials. Each change is one transaction.
 */
import {
  AdvisoryGroup,
  chooseGroup,
  hoursReport,
  invitationChanges,
  InvitationState,
  newGroup,
  withRequest,
} from "../domain/advisory";
import { StoredApplication } from "../domain/application";
import { isoDay } from "../domain/time";
import { db, toPlain } from "../firebase";
import { groupReadyNotice, invitationEmails } from "../views/advisoryEmails";
import { queueMail } from "./outbox";
import { readSettings, requireSettings } from "./programme";

const groups = () => db.collection("advisoryGroups");
const applications = () => db.collection("applications");

const parseGroup = (data: unknown) => AdvisoryGroup.parse(toPlain(data));

/** Puts a new advisory request in a group. Concurrent requests serialise on the groups they read. */
export async function assignToGroup(applicationId: string): Promise<void> {
  const settings = await requireSettings();
  await db.runTransaction(async (tx) => {
    const now = new Date();
    const appRef = applications().doc(applicationId);
    const appSnap = await tx.get(appRef);
    if (!appSnap.exists || appSnap.get("groupId")) return;
    const app = StoredApplication.parse(toPlain(appSnap.data()));
    if (app.kind !== "advisory" || app.status !== "received") return;
    const open = await tx.get(groups().where("status", "==", "open"));
    const candidates = open.docs.map((doc) => ({ id: doc.id, ...parseGroup(doc.data()) }));
    const labels = Object.fromEntries(app.topics.map((t, i) => [t, app.topicLabels[i] ?? t]));
    const choice = chooseGroup(
      { id: applicationId, topics: app.topics, description: app.description },
      candidates,
      labels,
      now,
    );
    const request = { id: applicationId, topics: app.topics, description: app.description };
    let groupId: string;
    if (choice.action === "join") {
      groupId = choice.groupId;
      const group = candidates.find((g) => g.id === groupId)!;
      tx.update(groups().doc(groupId), withRequest(group, request, app.municipality.name));
    } else {
      // A per-topic counter names groups, and makes simultaneous creators collide and retry.
      const counterRef = db.collection("advisoryTopics").doc(choice.topic);
      const next = ((await tx.get(counterRef)).get("nextGroup") as number | undefined) ?? 1;
      groupId = `${choice.topic}-${next}`;
      tx.set(counterRef, { nextGroup: next + 1 }, { merge: true });
      const group = newGroup(choice.topic, labels[choice.topic] ?? choice.topic, now, settings);
      tx.create(groups().doc(groupId), withRequest(group, request, app.municipality.name));
    }
    tx.update(appRef, { groupId, groupReason: choice.reason, updatedAt: now });
  });
}

/** Makes a group's members, municipalities and keywords those of the applications naming it. */
export async function syncGroup(groupId: string): Promise<void> {
  await db.runTransaction(async (tx) => {
    const ref = groups().doc(groupId);
    const [snap, members] = await Promise.all([tx.get(ref), tx.get(applications().where("groupId", "==", groupId))]);
    if (!snap.exists) return;
    const group = parseGroup(snap.data());
    const apps = members.docs
      .map((doc) => ({ id: doc.id, ...StoredApplication.parse(toPlain(doc.data())) }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    const empty: AdvisoryGroup = { ...group, requestIds: [], municipalities: [], keywords: [] };
    const rebuilt = apps.reduce<AdvisoryGroup>(
      (g, app) =>
        withRequest(g, { id: app.id, topics: app.topics, description: app.description }, app.municipality.name),
      empty,
    );
    if (
      JSON.stringify(rebuilt.requestIds) !== JSON.stringify(group.requestIds) ||
      JSON.stringify(rebuilt.municipalities) !== JSON.stringify(group.municipalities)
    ) {
      tx.update(ref, {
        requestIds: rebuilt.requestIds,
        municipalities: rebuilt.municipalities,
        keywords: rebuilt.keywords,
      });
    }
  });
}

async function participantsOf(tx: FirebaseFirestore.Transaction, group: AdvisoryGroup) {
  if (group.requestIds.length === 0) return [];
  const snaps = await tx.getAll(...group.requestIds.map((id) => applications().doc(id)));
  return snaps.filter((s) => s.exists).map((s) => ({ id: s.id, ...StoredApplication.parse(toPlain(s.data())) }));
}

/** Groups whose window closed become ready; the secretariat gets one email per group. */
export async function closeDueGroups(now: Date, reads: { add(n: number): void }): Promise<string[]> {
  const settings = await readSettings();
  if (!settings) return [];
  const due = await groups().where("status", "==", "open").where("closesAt", "<=", now).get();
  reads.add(due.size);
  const closed: string[] = [];
  for (const doc of due.docs) {
    const done = await db.runTransaction(async (tx) => {
      const snap = await tx.get(doc.ref);
      reads.add(1);
      const group = parseGroup(snap.data());
      if (group.status !== "open" || group.closesAt > now) return false;
      const requests = await participantsOf(tx, group);
      reads.add(requests.length);
      await queueMail(tx, [groupReadyNotice(doc.id, group, requests, settings)], settings.senderEmail, now, reads);
      tx.update(doc.ref, { status: "ready", readyAt: now });
      return true;
    });
    if (done) closed.push(doc.id);
  }
  return closed;
}

/** After the secretariat edits a group: invitations, updates or cancellations, each sent once. */
export async function sendInvitations(groupId: string): Promise<void> {
  const settings = await readSettings();
  if (!settings) return;
  await db.runTransaction(async (tx) => {
    const now = new Date();
    const ref = groups().doc(groupId);
    const snap = await tx.get(ref);
    if (!snap.exists) return;
    const group = parseGroup(snap.data());
    const state = InvitationState.parse(toPlain(snap.get("invitations") ?? {}));
    const { sends, state: next } = invitationChanges(group, state);
    if (sends.length === 0) return;
    const participants = await participantsOf(tx, group);
    const drafts = sends.flatMap((send) => invitationEmails(groupId, group, send, participants, settings, now));
    await queueMail(tx, drafts, settings.senderEmail, now);
    tx.update(ref, { invitations: next });
  });
}

/** Planned and delivered hours per year, in `reports/advisoryHours`. */
export async function updateHoursReport(): Promise<void> {
  const settings = await readSettings();
  const tz = settings?.timezone ?? "Europe/Madrid";
  const all = await groups().get();
  const report = hoursReport(
    all.docs.flatMap((doc) => {
      const parsed = AdvisoryGroup.safeParse(toPlain(doc.data()));
      return parsed.success ? [parsed.data] : [];
    }),
    (date) => isoDay(date, tz).slice(0, 4),
  );
  await db.doc("reports/advisoryHours").set({ years: report, updatedAt: new Date() });
}

/** The questions and answers the secretariat recorded become a material to share. */
export async function recordMaterials(groupId: string): Promise<void> {
  await db.runTransaction(async (tx) => {
    const snap = await tx.get(groups().doc(groupId));
    const qa = snap.get("questionsAndAnswers") as { question?: unknown; answer?: unknown }[] | undefined;
    if (!Array.isArray(qa) || qa.length === 0) return;
    const group = parseGroup(snap.data());
    const ref = db.collection("materials").doc(`advisory-${groupId}`);
    const existing = await tx.get(ref);
    if (existing.exists && existing.get("status") === "published") return;
    const items = qa.map((item) => ({ question: String(item.question ?? ""), answer: String(item.answer ?? "") }));
    if (existing.exists && JSON.stringify(existing.get("questionsAndAnswers")) === JSON.stringify(items)) return;
    tx.set(ref, {
      kind: "advisory",
      groupId,
      topic: group.topicLabel || group.topic,
      municipalities: group.municipalities,
      questionsAndAnswers: items,
      status: "draft",
      submittedAt: new Date(),
    });
  });
}
