/** docs/design.md §11: what the weekly digest lists, and how it links to the console. */
import { describe, expect, it } from "vitest";
import { attentionFor, attentionSections, consoleUrl } from "../../functions/src/domain/attention.ts";
import { isoWeek } from "../../functions/src/domain/time.ts";

const now = new Date("2026-12-07T07:00:00Z");
const day = 24 * 60 * 60_000;
const settings = { requiredMeetings: 2, fewMeetingsReminderMonths: 3, timezone: "Europe/Madrid" };
const nothing = {
  proposals: [],
  mentorships: [],
  incidents: [],
  drafts: [],
  readyGroups: [],
  failedMail: [],
  problems: [],
};

describe("the attention digest", () => {
  it("lists pairs stalled at a check-in (docs/design.md §17) before those short of meetings", () => {
    const at = new Date(now.getTime() - 10 * day);
    const attention = attentionFor(
      {
        ...nothing,
        mentorships: [
          {
            id: "help",
            meetingCount: 1,
            endsAt: new Date(now.getTime() + 200 * day),
            checkIns: { "2": { sentAt: at, answers: { mentor: { answer: "help", at } } } },
          },
          {
            id: "quiet",
            meetingCount: 0,
            endsAt: new Date(now.getTime() + 200 * day),
            checkIns: {
              "2": { sentAt: at, answers: { mentor: { answer: "notYet", at }, mentee: { answer: "notYet", at } } },
            },
          },
          {
            id: "metSince",
            meetingCount: 1,
            endsAt: new Date(now.getTime() + 200 * day),
            lastMeetingAt: now,
            checkIns: {
              "2": { sentAt: at, answers: { mentor: { answer: "notYet", at }, mentee: { answer: "notYet", at } } },
            },
          },
        ],
      },
      settings,
      now,
    );
    expect(attention.mentorships).toEqual([
      {
        path: "pairings/help",
        reason:
          "La persona mentora ha respost «Necessitem ajuda» a la pregunta de seguiment al cap de dos mesos (vegeu la incidència) i no s'hi ha registrat cap trobada després.",
      },
      {
        path: "pairings/quiet",
        reason:
          "Totes dues persones han respost «Encara no» a la pregunta de seguiment al cap de dos mesos i no s'hi ha registrat cap trobada després: val la pena trucar-los.",
      },
    ]);
  });

  it("lists proposals near or past their date, not those with time left", () => {
    const attention = attentionFor(
      {
        ...nothing,
        proposals: [
          { id: "late", respondBy: new Date(now.getTime() - 2 * day), mentor: { name: "Marta" } },
          { id: "soon", respondBy: new Date(now.getTime() + 1 * day) },
          { id: "calm", respondBy: new Date(now.getTime() + 9 * day) },
        ],
      },
      settings,
      now,
    );
    expect(attention.proposals).toEqual([
      { path: "pairings/late", reason: "Marta no ha respost la proposta i el termini va vèncer fa 2 dies." },
      {
        path: "pairings/soon",
        reason: "La persona mentora encara no ha respost la proposta; el termini venç d'aquí a 1 dia.",
      },
    ]);
  });

  it("lists mentorships short of meetings with little time left, and drafts once per run", () => {
    const attention = attentionFor(
      {
        ...nothing,
        mentorships: [
          { id: "short", meetingCount: 1, endsAt: new Date(now.getTime() + 40 * day) },
          { id: "done", meetingCount: 2, endsAt: new Date(now.getTime() + 40 * day) },
          { id: "early", meetingCount: 0, endsAt: new Date(now.getTime() + 200 * day) },
        ],
        drafts: [
          { id: "a", runId: "r1" },
          { id: "b", runId: "r1" },
        ],
      },
      settings,
      now,
    );
    expect(attention.mentorships).toEqual([
      { path: "pairings/short", reason: "Porta 1 de 2 trobades i acaba d'aquí a 40 dies." },
    ]);
    expect(attention.drafts).toEqual([
      { path: "matchingRuns/r1", reason: "2 parelles esperen en esborrany que les aproveu o les descarteu." },
    ]);
  });

  it("says when mail waits for the provider's daily quota (docs/design.md §15)", () => {
    const attention = attentionFor({ ...nothing, waitingForQuota: 240 }, settings, now);
    expect(attention.mail).toEqual([
      {
        path: "mail",
        reason:
          "240 correus esperen el límit diari del pla de Resend (dailyEmailLimit): sortiran sols els propers dies. Si la cua no baixa, pugeu el límit i el pla.",
      },
    ]);
    expect(attentionFor({ ...nothing, waitingForQuota: 0 }, settings, now).mail).toEqual([]);
  });

  it("lists nothing when nothing needs a person", () => {
    const attention = attentionFor(nothing, settings, now);
    expect(attentionSections.filter((s) => attention[s].length > 0)).toEqual([]);
  });

  it("says when mail is paused and which mass changes wait for a decision (docs/design.md §15)", () => {
    const sending = { paused: true, queued: 7, holds: [{ id: "mass-1", held: 24 }] };
    expect(attentionFor({ ...nothing, sending }, settings, now).sending).toEqual([
      {
        path: "settings/programme",
        reason:
          "L'enviament de correus està aturat (mailPaused: true): 7 correus esperen. Quan torneu a posar mailPaused: false, cadascun s'enviarà una sola vegada.",
      },
      {
        path: "holds/mass-1",
        reason:
          'Canvi massiu pendent de decisió: 24 correus retinguts. Poseu status: "released" per enviar-los o "dropped" per descartar-los.',
      },
    ]);
    expect(
      attentionFor({ ...nothing, sending: { paused: false, queued: 0, holds: [] } }, settings, now).sending,
    ).toEqual([]);
  });

  it("links to the document in the console, with its ids escaped", () => {
    expect(consoleUrl("xmess-prod", "(default)", "pairings/a-mà")).toBe(
      "https://console.firebase.google.com/project/xmess-prod/firestore/databases/-default-/data/~2Fpairings~2Fa-m%C3%A0",
    );
  });

  it("names the ISO week, across a year's turn", () => {
    expect(isoWeek(now, "Europe/Madrid")).toBe("2026-W50");
    expect(isoWeek(new Date("2027-01-01T10:00:00Z"), "Europe/Madrid")).toBe("2026-W53");
  });
});
