/**
 * Advisory batching (docs/design.md §7): a request joins an open group on the same
 * topic, or on a similar question, that is not full; otherwise it opens a
 * new group with a collection window. Pure and deterministic.
 */
import { z } from "zod";
import { isPublished } from "./materials";
import { keywords, similarity } from "./catalanText";
import { addDays } from "./time";

export const groupStatuses = ["open", "ready", "scheduled", "done", "cancelled"] as const;

export const AdvisorySession = z.object({
  startsAt: z.date(),
  durationMinutes: z.number().int().min(15).max(600),
  mode: z.string().min(1),
  place: z.string().default(""),
});
export type AdvisorySession = z.infer<typeof AdvisorySession>;

/**
 * Who gives a group's sessions (docs/design.md §17): the secretariat when absent, or a
 * trained municipal technician the secretariat names in the console.
 */
export const Advisor = z.object({ name: z.string().trim().min(1), email: z.email() });
export type Advisor = z.infer<typeof Advisor>;
/** The name hours are credited to when a group names no advisor. */
export const secretariatAdvisor = "Secretaria tècnica";

export const AdvisoryGroup = z.object({
  topic: z.string(),
  topicLabel: z.string().default(""),
  requestIds: z.array(z.string()).default([]),
  municipalities: z.array(z.string()).default([]),
  keywords: z.array(z.string()).default([]),
  status: z.enum(groupStatuses),
  closesAt: z.date(),
  maxRequests: z.number().int().min(1).default(6),
  hoursPlanned: z.number().default(4),
  sessions: z.array(AdvisorySession).default([]),
  advisor: Advisor.optional(),
  createdAt: z.date(),
});
export type AdvisoryGroup = z.infer<typeof AdvisoryGroup>;

export const similarityThreshold = 0.2;

export interface AdvisoryRequest {
  id: string;
  topics: string[];
  description: string;
}

export type GroupChoice =
  { action: "join"; groupId: string; reason: string } | { action: "create"; topic: string; reason: string };

const percent = (x: number) => `${Math.round(x * 100)} %`;

export function chooseGroup(
  request: AdvisoryRequest,
  groups: readonly (AdvisoryGroup & { id: string })[],
  topicLabels: Readonly<Record<string, string>>,
  now: Date,
): GroupChoice {
  const words = keywords(request.description);
  const open = groups
    .filter(
      (g) =>
        g.status === "open" &&
        g.closesAt > now &&
        g.requestIds.length < g.maxRequests &&
        !g.requestIds.includes(request.id),
    )
    .map((g) => ({ group: g, score: similarity(words, g.keywords) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.group.createdAt.getTime() - b.group.createdAt.getTime() ||
        (a.group.id < b.group.id ? -1 : 1),
    );
  const label = (topic: string) => topicLabels[topic] ?? topic;
  const sameTopic = open.find(({ group }) => request.topics.includes(group.topic));
  if (sameTopic) {
    const alike =
      sameTopic.score > 0 ? ` i les preguntes tenen un ${percent(sameTopic.score)} de paraules clau en comú` : "";
    return {
      action: "join",
      groupId: sameTopic.group.id,
      reason: `Comparteix el tema «${label(sameTopic.group.topic)}» amb el grup${alike}.`,
    };
  }
  const similar = open.find(({ score }) => score >= similarityThreshold);
  if (similar) {
    const shared = words.filter((w) => similar.group.keywords.includes(w)).slice(0, 5);
    return {
      action: "join",
      groupId: similar.group.id,
      reason: `La pregunta s'assembla a les del grup «${label(similar.group.topic)}»: ${percent(similar.score)} de paraules clau en comú (${shared.join(", ")}).`,
    };
  }
  const topic = request.topics[0]!;
  return {
    action: "create",
    topic,
    reason: `No hi havia cap grup obert sobre «${label(topic)}» ni cap pregunta semblant: s'obre un grup nou.`,
  };
}

export function newGroup(
  topic: string,
  topicLabel: string,
  now: Date,
  settings: {
    advisoryWindowDays: number;
    advisoryGroupSize: number;
    advisorySessions: number;
    advisorySessionHours: number;
    timezone: string;
  },
): AdvisoryGroup {
  return {
    topic,
    topicLabel,
    requestIds: [],
    municipalities: [],
    keywords: [],
    status: "open",
    closesAt: addDays(now, settings.advisoryWindowDays, settings.timezone),
    maxRequests: settings.advisoryGroupSize,
    hoursPlanned: settings.advisorySessions * settings.advisorySessionHours,
    sessions: [],
    createdAt: now,
  };
}

/** The group after a request joins: members, municipalities and keywords. */
export function withRequest(group: AdvisoryGroup, request: AdvisoryRequest, municipality: string): AdvisoryGroup {
  return {
    ...group,
    requestIds: [...group.requestIds, request.id],
    municipalities: group.municipalities.includes(municipality)
      ? group.municipalities
      : [...group.municipalities, municipality],
    keywords: [...new Set([...group.keywords, ...keywords(request.description)])].sort().slice(0, 300),
  };
}

/** What was last sent for each session (by position), so a change is sent once. */
export const InvitationState = z.record(
  z.string(),
  z.object({
    signature: z.string(),
    sequence: z.number().int(),
    cancelled: z.boolean().default(false),
    /** The session as last sent: a cancellation repeats its time. */
    session: AdvisorySession,
  }),
);
export type InvitationState = z.infer<typeof InvitationState>;

export interface InvitationSend {
  index: number;
  method: "REQUEST" | "CANCEL";
  sequence: number;
  session: AdvisorySession;
}

const signature = (s: AdvisorySession) => JSON.stringify([s.startsAt.getTime(), s.durationMinutes, s.mode, s.place]);

/**
 * Invitations to send after the secretariat edits a group: new sessions get
 * a REQUEST, changed ones a REQUEST with a higher SEQUENCE (same UID), removed
 * ones — or all, if the group is cancelled — a CANCEL.
 */
export function invitationChanges(group: AdvisoryGroup, state: InvitationState) {
  const sends: InvitationSend[] = [];
  const next: InvitationState = { ...state };
  const live = group.status === "scheduled" || group.status === "done" ? group.sessions : [];
  if (group.status === "open" || group.status === "ready") return { sends, state: next };
  live.forEach((session, index) => {
    const previous = state[String(index)];
    const sig = signature(session);
    if (previous && previous.signature === sig && !previous.cancelled) return;
    const sequence = previous ? previous.sequence + 1 : 0;
    sends.push({ index, method: "REQUEST", sequence, session });
    next[String(index)] = { signature: sig, sequence, cancelled: false, session };
  });
  for (const [key, previous] of Object.entries(state)) {
    if (Number(key) < live.length || previous.cancelled) continue;
    const sequence = previous.sequence + 1;
    sends.push({ index: Number(key), method: "CANCEL", sequence, session: previous.session });
    next[key] = { ...previous, sequence, cancelled: true };
  }
  return { sends, state: next };
}

/**
 * What someone who leaves a group is sent: a cancellation of every session
 * invitation still standing. The group's own state does not change (the
 * others keep theirs); the leaver's ids are their own, so each is sent once.
 */
export function leaverCancellations(group: AdvisoryGroup, state: InvitationState): InvitationSend[] {
  if (group.status !== "scheduled") return [];
  return Object.entries(state)
    .filter(([, sent]) => !sent.cancelled)
    .map(([index, sent]) => ({
      index: Number(index),
      method: "CANCEL",
      sequence: sent.sequence + 1,
      session: sent.session,
    }));
}

/** Planned and delivered advisory hours per year (of the group's creation, Europe/Madrid). */
export function hoursReport(groups: readonly AdvisoryGroup[], yearOf: (date: Date) => string) {
  const years: Record<
    string,
    {
      groups: number;
      groupsDone: number;
      plannedHours: number;
      deliveredHours: number;
      /** Hours delivered by each advisor (docs/design.md §17), by name. */
      deliveredHoursByAdvisor: Record<string, number>;
    }
  > = {};
  for (const group of groups) {
    if (group.status === "cancelled") continue;
    const year = (years[yearOf(group.createdAt)] ??= {
      groups: 0,
      groupsDone: 0,
      plannedHours: 0,
      deliveredHours: 0,
      deliveredHoursByAdvisor: {},
    });
    year.groups += 1;
    year.plannedHours += group.hoursPlanned;
    if (group.status === "done") {
      const hours = group.sessions.reduce((sum, s) => sum + s.durationMinutes, 0) / 60;
      const advisor = group.advisor?.name ?? secretariatAdvisor;
      year.groupsDone += 1;
      year.deliveredHours += hours;
      year.deliveredHoursByAdvisor[advisor] = (year.deliveredHoursByAdvisor[advisor] ?? 0) + hours;
    }
  }
  return years;
}

/** Groups are named by topic and a per-topic counter: `contractacio-responsable-3`. */
export const groupIdFor = (topic: string, counter: number) => `${topic}-${counter}`;

/** A group rebuilt from the requests that name it (oldest first); `changed` when its members differ. */
export function rebuildGroup(
  group: AdvisoryGroup,
  requests: readonly (AdvisoryRequest & { municipality: string; createdAt: Date })[],
): { group: AdvisoryGroup; changed: boolean } {
  const ordered = [...requests].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const empty: AdvisoryGroup = { ...group, requestIds: [], municipalities: [], keywords: [] };
  const rebuilt = ordered.reduce((g, request) => withRequest(g, request, request.municipality), empty);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return {
    group: rebuilt,
    changed: !same(rebuilt.requestIds, group.requestIds) || !same(rebuilt.municipalities, group.municipalities),
  };
}

export interface QuestionAndAnswer {
  question: string;
  answer: string;
}

/**
 * The material a group's recorded questions and answers become, or null when
 * nothing is to be written: none recorded, already published (locked), or
 * unchanged.
 */
export function advisoryMaterial(
  groupId: string,
  group: AdvisoryGroup,
  recorded: unknown,
  existing: { status?: unknown; questionsAndAnswers?: unknown } | null,
  now: Date,
) {
  if (!Array.isArray(recorded) || recorded.length === 0) return null;
  if (existing && isPublished(existing.status)) return null;
  const items: QuestionAndAnswer[] = recorded.map((item: { question?: unknown; answer?: unknown }) => ({
    question: String(item?.question ?? ""),
    answer: String(item?.answer ?? ""),
  }));
  if (existing && JSON.stringify(existing.questionsAndAnswers) === JSON.stringify(items)) return null;
  return {
    kind: "advisory" as const,
    groupId,
    topic: group.topicLabel || group.topic,
    topicIds: [group.topic],
    municipalities: group.municipalities,
    questionsAndAnswers: items,
    status: "draft" as const,
    submittedAt: now,
  };
}
