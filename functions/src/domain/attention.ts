/**
 * The attention digest (docs/design.md §11): what needs a person this week, each item
 * with its reason and the console document it is about. Pure: the shell reads
 * the candidates, this decides which need attention and why.
 */
import { z } from "zod";
import { checkInName, CheckIns, stalledCheckIn } from "./checkIns";

export interface AttentionItem {
  /** Firestore path, e.g. `pairings/2026-abc`: the console link is built from it. */
  path: string;
  reason: string;
}

export const attentionSections = [
  "sending",
  "proposals",
  "mentorships",
  "incidents",
  "drafts",
  "groups",
  "mail",
  "problems",
] as const;
export type AttentionSection = (typeof attentionSections)[number];
export type Attention = Record<AttentionSection, AttentionItem[]>;

/** A proposal this close to its answer date is worth a reminder call. */
export const proposalWarningDays = 3;

const Dated = z.date().nullable().optional().catch(undefined);
export const ProposalCandidate = z.object({
  id: z.string(),
  respondBy: Dated,
  mentor: z.object({ name: z.string().optional() }).loose().optional().catch(undefined),
});
export const MentorshipCandidate = z.object({
  id: z.string(),
  meetingCount: z.number().default(0).catch(0),
  requiredMeetings: z.number().optional().catch(undefined),
  endsAt: Dated,
  lastMeetingAt: Dated,
  checkIns: CheckIns.optional().catch(undefined),
});

const days = (n: number) => n * 24 * 60 * 60_000;
const dayCount = (ms: number) => Math.ceil(ms / days(1));

export function attentionFor(
  input: {
    proposals: z.infer<typeof ProposalCandidate>[];
    mentorships: z.infer<typeof MentorshipCandidate>[];
    incidents: { id: string; kind?: string }[];
    drafts: { id: string; runId?: string }[];
    readyGroups: { id: string; topicLabel?: string }[];
    failedMail: { id: string; reason: string }[];
    /** Mail waiting for the next day's quota (docs/design.md §15). */
    waitingForQuota?: number;
    /** The hold switch and the mass changes waiting for a decision (docs/design.md §15). */
    sending?: { paused: boolean; queued: number; holds: { id: string; held: number }[] };
    problems: { path: string; problem: string }[];
  },
  settings: { requiredMeetings: number; fewMeetingsReminderMonths: number; timezone: string },
  now: Date,
): Attention {
  const proposals = input.proposals.flatMap(({ id, respondBy, mentor }) => {
    if (!respondBy) return [];
    const left = respondBy.getTime() - now.getTime();
    if (left > days(proposalWarningDays)) return [];
    const who = mentor?.name ? `${mentor.name} ` : "La persona mentora ";
    return [
      {
        path: `pairings/${id}`,
        reason:
          left < 0
            ? `${who}no ha respost la proposta i el termini va vèncer fa ${dayCount(-left)} ${dayCount(-left) === 1 ? "dia" : "dies"}.`
            : `${who}encara no ha respost la proposta; el termini venç d'aquí a ${dayCount(left)} ${dayCount(left) === 1 ? "dia" : "dies"}.`,
      },
    ];
  });
  const fewMeetings = input.mentorships.flatMap(({ id, meetingCount, requiredMeetings, endsAt }) => {
    const required = requiredMeetings ?? settings.requiredMeetings;
    if (!endsAt || meetingCount >= required) return [];
    const left = endsAt.getTime() - now.getTime();
    if (left > days(30 * settings.fewMeetingsReminderMonths)) return [];
    return [
      {
        path: `pairings/${id}`,
        reason: `Porta ${meetingCount} de ${required} trobades i acaba d'aquí a ${Math.max(0, dayCount(left))} dies.`,
      },
    ];
  });
  // A stalled pair (docs/design.md §17) is seen months before it would close incomplete.
  const stalled = input.mentorships.flatMap((m) => {
    const stall = stalledCheckIn(m, settings.timezone);
    if (!stall) return [];
    const when = `a ${checkInName(stall.month)}`;
    return [
      {
        path: `pairings/${m.id}`,
        reason:
          stall.why === "help"
            ? `La ${stall.role === "mentor" ? "persona mentora" : "persona acompanyada"} ha respost «Necessitem ajuda» ${when} (vegeu la incidència) i no s'hi ha registrat cap trobada després.`
            : `Totes dues persones han respost «Encara no» ${when} i no s'hi ha registrat cap trobada després: val la pena trucar-los.`,
      },
    ];
  });
  const mentorships = [...stalled, ...fewMeetings];
  const runs = new Map<string, number>();
  for (const d of input.drafts) runs.set(d.runId ?? "", (runs.get(d.runId ?? "") ?? 0) + 1);
  const sending = input.sending ?? { paused: false, queued: 0, holds: [] };
  return {
    sending: [
      ...(sending.paused
        ? [
            {
              path: "settings/programme",
              reason: `L'enviament de correus està aturat (mailPaused: true): ${sending.queued === 1 ? "1 correu espera" : `${sending.queued} correus esperen`}. Quan torneu a posar mailPaused: false, cadascun s'enviarà una sola vegada.`,
            },
          ]
        : []),
      ...sending.holds.map(({ id, held }) => ({
        path: `holds/${id}`,
        reason: `Canvi massiu pendent de decisió: ${held === 1 ? "1 correu retingut" : `${held} correus retinguts`}. Poseu status: "released" per enviar-los o "dropped" per descartar-los.`,
      })),
    ],
    proposals,
    mentorships,
    incidents: input.incidents.map(({ id, kind }) => ({
      path: `incidents/${id}`,
      reason:
        kind === "agreedEnd"
          ? "Una data de finalització acordada espera que la confirmeu (status: confirmed) o la descarteu (status: resolved)."
          : "Incidència oberta: tanqueu-la (status: resolved) quan estigui resolta.",
    })),
    drafts: [...runs].map(([runId, n]) => ({
      path: runId ? `matchingRuns/${runId}` : "pairings",
      reason: `${n === 1 ? "1 parella espera" : `${n} parelles esperen`} en esborrany que les aproveu o les descarteu.`,
    })),
    groups: input.readyGroups.map(({ id, topicLabel }) => ({
      path: `advisoryGroups/${id}`,
      reason: `Grup d'assessorament${topicLabel ? ` «${topicLabel}»` : ""} a punt per programar.`,
    })),
    mail: [
      ...input.failedMail.map(({ id, reason }) => ({ path: `mail/${id}`, reason })),
      ...(input.waitingForQuota
        ? [
            {
              path: "mail",
              reason: `${input.waitingForQuota === 1 ? "1 correu espera" : `${input.waitingForQuota} correus esperen`} el límit diari del pla de Resend (dailyEmailLimit): sortiran sols els propers dies. Si la cua no baixa, pugeu el límit i el pla.`,
            },
          ]
        : []),
    ],
    problems: input.problems.map(({ path, problem }) => ({ path, reason: problem })),
  };
}

/** The week in figures, in every digest (docs/design.md §15): a quiet week still shows the system at work. */
export interface WeekFigures {
  applications: number;
  mailSent: number;
  mailInError: number;
}

/**
 * A document's page in the Firebase console: the console's own scheme, with
 * `/` written `~2F` and the default database as `-default-`.
 */
export function consoleUrl(projectId: string, databaseId: string, path: string): string {
  const database = databaseId === "(default)" ? "-default-" : databaseId;
  const encoded = path
    .split("/")
    .map((part) => encodeURIComponent(part))
    .join("~2F");
  return `https://console.firebase.google.com/project/${projectId}/firestore/databases/${database}/data/~2F${encoded}`;
}
