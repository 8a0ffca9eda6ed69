/**
 * Advisory groups (docs/design.md §7): joining a group, keeping its members equal to
 * the applications that name it, closing its window, sending invitations,
 * the hours report and materials. Each change is one transaction.
 */
import {
  AdvisoryGroup,
  advisoryMaterial,
  chooseGroup,
  groupIdFor,
  hoursReport,
  invitationChanges,
  InvitationState,
  leaverCancellations,
  newGroup,
  rebuildGroup,
  withRequest,
} from "../domain/advisory";
import { StoredApplication } from "../domain/application";
import type { ProgrammeSettings } from "../domain/programme";
import { isoDay } from "../domain/time";
import { applicationLink } from "../domain/links";
import { queueMail } from "../store/outbox";
import { readSettings } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, store, type ReadCounter, type Tx } from "../store/repository";
import { groupReadyNotice, invitationEmails, joinedGroupEmail } from "../views/advisoryEmails";
import { z } from "zod";

const Counter = z.object({ nextGroup: z.number().int().min(1).default(1) });
const GroupWithInvitations = AdvisoryGroup.extend({ invitations: InvitationState.default({}) });
const GroupWithQuestions = AdvisoryGroup.extend({ questionsAndAnswers: z.unknown().optional() });
const ExistingMaterial = z.object({ status: z.unknown().optional(), questionsAndAnswers: z.unknown().optional() });

const requestOf = (id: string, app: StoredApplication) => ({
  id,
  topics: app.topics,
  description: app.description,
});

/** Puts a new advisory request in a group. Concurrent requests serialise on the groups they read. */
export async function assignToGroup(applicationId: string, linkKey: string, now: Date): Promise<void> {
  // Without settings the request waits ungrouped; readSettings has logged why.
  const settings = await readSettings();
  if (!settings) return;
  await inTransaction(async (tx) => {
    const app = await tx.read("applications", applicationId, StoredApplication);
    if (!app || app.groupId || app.kind !== "advisory" || app.status !== "received") return;
    const open = await tx.query(queries.openGroups(), AdvisoryGroup);
    const candidates = open.map(({ id, data }) => ({ ...data, id }));
    const labels = Object.fromEntries(app.topics.map((t, i) => [t, app.topicLabels[i] ?? t]));
    const request = requestOf(applicationId, app);
    const choice = chooseGroup(request, candidates, labels, now);
    let groupId: string;
    let joined: AdvisoryGroup;
    let writeGroup: () => void;
    if (choice.action === "join") {
      groupId = choice.groupId;
      joined = withRequest(open.find((g) => g.id === groupId)!.data, request, app.municipality.name);
      writeGroup = () => tx.update("advisoryGroups", groupId, joined);
    } else {
      // A per-topic counter names groups, and makes simultaneous creators collide and retry.
      const counter = (await tx.read("advisoryTopics", choice.topic, Counter))?.nextGroup ?? 1;
      groupId = groupIdFor(choice.topic, counter);
      const group = newGroup(choice.topic, labels[choice.topic] ?? choice.topic, now, settings);
      joined = withRequest(group, request, app.municipality.name);
      writeGroup = () => {
        tx.set("advisoryTopics", choice.topic, { nextGroup: counter + 1 }, { merge: true });
        tx.create("advisoryGroups", groupId, joined);
      };
    }
    // Its author hears the request has a group, and how many share it (docs/design.md §16).
    const page = applicationLink(
      { id: applicationId, linkVersion: app.linkVersion },
      linkKey,
      settings.publicBaseUrl,
      now,
    );
    await queueMail(tx, [joinedGroupEmail(groupId, applicationId, app, joined, page, settings)], settings, now);
    writeGroup();
    tx.update("applications", applicationId, { groupId, groupReason: choice.reason, updatedAt: now });
  });
}

/**
 * Makes a group's members, municipalities and keywords those of the
 * applications naming it. Someone who left a group whose sessions were
 * already sent gets their cancellations (docs/design.md §10).
 */
export async function syncGroup(groupId: string, linkKey: string, now: Date): Promise<void> {
  const settings = await readSettings();
  await inTransaction(async (tx) => {
    const group = await tx.read("advisoryGroups", groupId, GroupWithInvitations);
    if (!group) return;
    const members = await tx.query(queries.requestsOfGroup(groupId), StoredApplication);
    const { group: rebuilt, changed } = rebuildGroup(
      group,
      members.map(({ id, data }) => ({
        ...requestOf(id, data),
        municipality: data.municipality.name,
        createdAt: data.createdAt,
      })),
    );
    if (!changed) return;
    const left = group.requestIds.filter((id) => !rebuilt.requestIds.includes(id));
    const cancellations = settings ? leaverCancellations(group, group.invitations) : [];
    if (settings && cancellations.length > 0 && left.length > 0) {
      const leavers = await tx.readMany("applications", left, StoredApplication);
      const pageOf = (participant: { id: string; linkVersion?: number | undefined }) =>
        applicationLink(participant, linkKey, settings.publicBaseUrl, now);
      const drafts = cancellations.flatMap((send) =>
        invitationEmails(
          groupId,
          group,
          send,
          leavers.map(({ id, data }) => ({ ...data, id })),
          settings,
          now,
          pageOf,
        ),
      );
      await queueMail(tx, drafts, settings, now);
    }
    tx.update("advisoryGroups", groupId, {
      requestIds: rebuilt.requestIds,
      municipalities: rebuilt.municipalities,
      keywords: rebuilt.keywords,
    });
  });
}

async function participantsOf(tx: Tx, group: AdvisoryGroup) {
  const docs = await tx.readMany("applications", group.requestIds, StoredApplication);
  return docs.map(({ id, data }) => ({ ...data, id }));
}

/** Groups whose window closed become ready; the secretariat gets one email per group. */
export async function closeDueGroups(now: Date, settings: ProgrammeSettings, reads: ReadCounter): Promise<string[]> {
  const due = await store.ids(queries.groupsClosingBy(now), reads);
  const closed: string[] = [];
  for (const groupId of due) {
    const done = await inTransaction(async (tx) => {
      const group = await tx.read("advisoryGroups", groupId, AdvisoryGroup);
      if (!group || group.status !== "open" || group.closesAt > now) return false;
      const requests = await participantsOf(tx, group);
      await queueMail(tx, [groupReadyNotice(groupId, group, requests, settings)], settings, now);
      tx.update("advisoryGroups", groupId, { status: "ready", readyAt: now });
      return true;
    }, reads);
    if (done) closed.push(groupId);
  }
  return closed;
}

/** After the secretariat edits a group: invitations, updates or cancellations, each sent once. */
export async function sendInvitations(groupId: string, linkKey: string, now: Date): Promise<void> {
  const settings = await readSettings();
  if (!settings) return;
  await inTransaction(async (tx) => {
    const group = await tx.read("advisoryGroups", groupId, GroupWithInvitations);
    if (!group) return;
    const { sends, state: next } = invitationChanges(group, group.invitations);
    if (sends.length === 0) return;
    const participants = await participantsOf(tx, group);
    const pageOf = (participant: { id: string; linkVersion?: number | undefined }) =>
      applicationLink(participant, linkKey, settings.publicBaseUrl, now);
    const drafts = sends.flatMap((send) => invitationEmails(groupId, group, send, participants, settings, now, pageOf));
    await queueMail(tx, drafts, settings, now);
    tx.update("advisoryGroups", groupId, { invitations: next });
  });
}

/** Planned and delivered hours per year, in `reports/advisoryHours`. */
export async function updateHoursReport(now: Date): Promise<void> {
  const settings = await readSettings();
  const tz = settings?.timezone ?? "Europe/Madrid";
  const groups = await store.query(queries.allGroups(), AdvisoryGroup);
  const report = hoursReport(
    groups.map((g) => g.data),
    (date) => isoDay(date, tz).slice(0, 4),
  );
  await store.set("reports", "advisoryHours", { years: report, updatedAt: now });
}

/** The questions and answers the secretariat recorded become a material to share. */
export async function recordMaterials(groupId: string, now: Date): Promise<void> {
  await inTransaction(async (tx) => {
    const group = await tx.read("advisoryGroups", groupId, GroupWithQuestions);
    if (!group?.questionsAndAnswers) return;
    const materialId = `advisory-${groupId}`;
    const existing = await tx.read("materials", materialId, ExistingMaterial);
    const material = advisoryMaterial(groupId, group, group.questionsAndAnswers, existing, now);
    if (material) tx.set("materials", materialId, material);
  });
}
