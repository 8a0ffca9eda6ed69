/**
 * The weekly attention digest (docs/design.md §11): reads what may need a person,
 * asks the domain which does and why, and queues one email a week
 * (`mail/digest-{year}-W{week}`) — also when nothing needs attention, with the
 * week's figures, so a Monday without it means the system is down (docs/design.md §15).
 */
import { z } from "zod";
import { attentionFor, MentorshipCandidate, ProposalCandidate, type WeekFigures } from "../domain/attention";
import { dailyQuotaQueued, mailIds } from "../domain/mail";
import { isoWeek } from "../domain/time";
import { consoleTarget } from "../config";
import { queueMail } from "../store/outbox";
import { requireSettings } from "../store/programme";
import { queries } from "../store/queries";
import { collections, inTransaction, store, type CollectionName } from "../store/repository";
import { digestEmail } from "../views/digestEmail";

const batch = 200;
const Problem = z.object({ problem: z.string() });

/** Mail waiting for the daily quota is counted up to this many (more reads as "this many"). */
const quotaBatch = 1000;

/** Collections the secretariat works in: where a `problem` asks for a correction. */
const watched: CollectionName[] = [
  "settings",
  "cycles",
  "members",
  "topics",
  "applications",
  "matchingRuns",
  "pairings",
  "sessions",
  "advisoryGroups",
  "incidents",
  "materials",
  "mail",
  "exports",
  "privacyRequests",
];

/** Counted up to this many: a figure above it reads as this many. */
const countCeiling = 100_000;
const week = 7 * 24 * 60 * 60_000;

async function weekFigures(now: Date): Promise<WeekFigures> {
  const since = new Date(now.getTime() - week);
  const [applications, mailSent, mailInError] = await Promise.all([
    store.count(queries.applicationsCreatedSince(since)),
    store.count(queries.mailFinishedSince("SUCCESS", since)),
    store.count(queries.mailInState("ERROR", countCeiling)),
  ]);
  return { applications, mailSent, mailInError };
}

/** The hold switch and the mass changes waiting for a decision, with what each keeps back. */
async function sending(paused: boolean) {
  const holds = await store.ids(queries.holdsWithStatus("open", batch));
  return {
    paused,
    queued: paused
      ? (
          await Promise.all(
            (["PENDING", "RETRY"] as const).map((state) => store.count(queries.mailInState(state, countCeiling))),
          )
        ).reduce((a, b) => a + b, 0)
      : 0,
    holds: await Promise.all(
      holds.map(async (id) => ({ id, held: await store.count(queries.mailOfHold(id, countCeiling)) })),
    ),
  };
}

export async function sendAttentionDigest(now: Date): Promise<string> {
  const settings = await requireSettings();
  const data = <S extends z.ZodType>(docs: { id: string; data: z.infer<S> }[]) =>
    docs.map(({ id, data }) => ({ ...(data as object), id }));
  const [proposals, accepted, active, incidents, drafts, readyGroups, failed, suppressed, retrying] = await Promise.all(
    [
      store.query(queries.pairingsWithStatus("proposed", 500), ProposalCandidate.omit({ id: true })),
      store.query(queries.pairingsWithStatus("accepted", 500), MentorshipCandidate.omit({ id: true })),
      store.query(queries.pairingsWithStatus("active", 500), MentorshipCandidate.omit({ id: true })),
      store.query(queries.incidentsWithStatus("open", batch), z.object({ kind: z.string().optional() })),
      store.query(queries.pairingsWithStatus("draft", 2000), z.object({ runId: z.string().optional() })),
      store.query(queries.groupsWithStatus("ready", batch), z.object({ topicLabel: z.string().optional() })),
      store.query(
        queries.mailInState("ERROR", batch),
        z.object({ delivery: z.object({ error: z.string().nullable() }).loose() }),
      ),
      store.query(
        queries.suppressedSince(new Date(now.getTime() - 7 * 24 * 60 * 60_000), batch),
        z.object({ mailId: z.string().nullable().optional(), reason: z.string() }),
      ),
      store.query(
        queries.mailInState("RETRY", quotaBatch),
        z.object({ delivery: z.object({ error: z.string().nullable() }).loose() }),
      ),
    ],
  );
  const problems = (
    await Promise.all(
      watched.map(async (collection) =>
        (await store.query(queries.withProblem(collection, 20), Problem)).map(({ id, data }) => ({
          path: `${collections[collection]}/${id}`,
          problem: data.problem,
        })),
      ),
    )
  ).flat();
  const attention = attentionFor(
    {
      proposals: data(proposals) as z.infer<typeof ProposalCandidate>[],
      mentorships: [...data(accepted), ...data(active)] as z.infer<typeof MentorshipCandidate>[],
      incidents: data(incidents),
      drafts: data(drafts),
      readyGroups: data(readyGroups),
      failedMail: [
        ...failed.map(({ id, data }) => ({
          id,
          reason: `No s'ha pogut enviar: ${data.delivery.error ?? "sense motiu"}`,
        })),
        ...suppressed.flatMap(({ data }) =>
          data.mailId
            ? [
                {
                  id: data.mailId,
                  reason: data.reason === "bounced" ? "Ha rebotat." : "El destinatari l'ha marcat com a brossa.",
                },
              ]
            : [],
        ),
      ].filter((m, i, all) => all.findIndex((o) => o.id === m.id) === i),
      waitingForQuota: retrying.filter(({ data }) => data.delivery.error === dailyQuotaQueued).length,
      sending: await sending(settings.mailPaused),
      problems,
    },
    settings,
    now,
  );
  const figures = await weekFigures(now);
  const isoWeekId = isoWeek(now, settings.timezone);
  await inTransaction(async (tx) => {
    await queueMail(tx, [digestEmail(isoWeekId, attention, figures, consoleTarget(), settings)], settings, now);
  });
  return mailIds.digest(isoWeekId);
}
