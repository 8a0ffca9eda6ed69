/** Catalan emails of advisory groups: a request joined one, the window closed, and calendar invitations. */
import type { AdvisoryGroup, InvitationSend } from "../domain/advisory";
import type { StoredApplication } from "../domain/application";
import { invitation } from "../domain/icalendar";
import { mailIds, type MailDraft } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import { applicantPageParagraph, renderEmail, secretariatNotice, type Paragraph } from "./emails";
import { atTime, counted, onDate } from "../domain/catalan";
import { formatDate } from "./html";
import { modeLabels } from "./labels";

/**
 * Its author hears the request is in a group (docs/design.md §16): the topic, how many
 * colleagues share it so far, and when the secretariat will schedule it.
 */
export function joinedGroupEmail(
  groupId: string,
  applicationId: string,
  application: StoredApplication,
  group: AdvisoryGroup,
  page: string,
  settings: ProgrammeSettings,
): MailDraft {
  const others = group.requestIds.filter((id) => id !== applicationId).length;
  const topic = group.topicLabel || group.topic;
  return {
    id: mailIds.advisoryJoined(groupId, applicationId),
    to: [application.person.email],
    template: "advisory-joined",
    replyTo: settings.secretariatEmail,
    ...renderEmail(`La teva petició d'assessorament és en un grup: ${topic}`, [
      `Hola, ${application.person.name}:`,
      others === 0
        ? `La teva petició d'assessorament obre un grup nou sobre «${topic}». Si altres municipis pregunten sobre el mateix tema, s'hi afegiran i compartireu la sessió.`
        : `La teva petició d'assessorament s'ha afegit al grup sobre «${topic}», on de moment hi ha ${counted(others, "persona", "persones")} més d'altres municipis amb una pregunta semblant. Compartireu la sessió.`,
      `El grup recull peticions fins ${onDate(group.closesAt, settings.timezone, "a")}. Després la secretaria tècnica programarà les sessions i rebràs la invitació de calendari amb el dia, l'hora i el lloc.`,
      applicantPageParagraph(page),
    ]),
  };
}

export function groupReadyNotice(
  groupId: string,
  group: AdvisoryGroup,
  requests: (StoredApplication & { id: string })[],
  settings: ProgrammeSettings,
): MailDraft {
  return secretariatNotice(
    settings,
    { id: mailIds.advisoryReady(groupId), template: "advisory-group-ready", about: `advisoryGroups/${groupId}` },
    `Assessorament a punt per programar: ${group.topicLabel || group.topic} (${requests.length})`,
    [
      `El grup d'assessorament ${groupId} («${group.topicLabel || group.topic}») ha tancat el període de recollida amb ${requests.length} ${requests.length === 1 ? "petició" : "peticions"} de: ${group.municipalities.join(", ")}.`,
      ...requests.map(
        (r) =>
          `${r.person.name} (${r.person.position}, ${r.municipality.name}, ${r.person.email}) pregunta: ${r.description}`,
      ),
      `Per programar-lo, ompliu sessions (startsAt, durationMinutes, mode, place) al document advisoryGroups/${groupId} i poseu status: "scheduled". Cada participant rebrà la invitació de calendari.`,
    ],
  );
}

export function invitationEmails(
  groupId: string,
  group: AdvisoryGroup,
  send: InvitationSend,
  participants: (StoredApplication & { id: string })[],
  settings: ProgrammeSettings,
  now: Date,
  pageOf: (participant: StoredApplication & { id: string }) => string,
): MailDraft[] {
  const { session, index, method, sequence } = send;
  const title = `Assessorament XMESS: ${group.topicLabel || group.topic} (sessió ${index + 1})`;
  const place = session.place || (modeLabels[session.mode as keyof typeof modeLabels] ?? session.mode);
  const ics = invitation(
    {
      uid: `${groupId}-sessio-${index + 1}@xmess`,
      sequence,
      startsAt: session.startsAt,
      durationMinutes: session.durationMinutes,
      summary: title,
      description: `Assessorament compartit entre ${group.municipalities.join(", ")}.${group.advisor ? ` Assessora: ${group.advisor.name}.` : ""}`,
      location: place,
      // The advisor organises the session (docs/design.md §17); absent, the secretariat does.
      organizer: group.advisor?.email ?? settings.secretariatEmail,
      attendees: participants.map((p) => p.person.email),
    },
    method,
    now,
  );
  const tz = settings.timezone;
  const when = `${formatDate(session.startsAt, tz)} ${atTime(session.startsAt, tz)} (${session.durationMinutes} minuts)`;
  const version = method === "CANCEL" ? `cancel${sequence}` : `v${sequence}`;
  const attachments = [
    {
      filename: `sessio-${index + 1}.ics`,
      content: Buffer.from(ics).toString("base64"),
      contentType: `text/calendar; method=${method}; charset=utf-8`,
    },
  ];
  const template =
    method === "CANCEL"
      ? "advisory-session-cancelled"
      : sequence === 0
        ? "advisory-session-invitation"
        : "advisory-session-updated";
  const subject = method === "CANCEL" ? `Anul·lada: ${title}` : sequence === 0 ? title : `Canvi: ${title}`;
  const whatHappens =
    method === "CANCEL"
      ? `S'ha anul·lat la sessió ${index + 1} de l'assessorament, prevista el ${when}.`
      : `${sequence === 0 ? "Et convidem a" : "Hi ha canvis en"} la sessió ${index + 1} de l'assessorament sobre «${group.topicLabel || group.topic}»: ${when}, ${place}.`;
  const calendarNote =
    "La invitació de calendari és adjunta: obre-la per afegir-la (o actualitzar-la) a la teva agenda.";
  const invitationTo = (id: string, email: string, paragraphs: readonly Paragraph[]): MailDraft => ({
    id,
    to: [email],
    template,
    replyTo: settings.secretariatEmail,
    attachments,
    ...renderEmail(subject, paragraphs),
  });
  // The advisor gets the same invitation and its updates, once per send (docs/design.md §17).
  const advisor = group.advisor
    ? [
        invitationTo(mailIds.advisorInvitation(groupId, index + 1, version, group.advisor.email), group.advisor.email, [
          `Hola, ${group.advisor.name}:`,
          method === "CANCEL"
            ? `S'ha anul·lat la sessió ${index + 1} de l'assessorament que fas, prevista el ${when}.`
            : `${sequence === 0 ? "La secretaria tècnica t'ha assignat" : "Hi ha canvis en"} la sessió ${index + 1} de l'assessorament sobre «${group.topicLabel || group.topic}»: ${when}, ${place}.`,
          `Hi participen: ${group.municipalities.join(", ")}. Les seves preguntes són a la fitxa del grup que et farà arribar la secretaria tècnica.`,
          calendarNote,
        ]),
      ]
    : [];
  return [
    ...advisor,
    ...participants.map((p) =>
      invitationTo(mailIds.advisoryInvitation(groupId, index + 1, version, p.id), p.person.email, [
        `Hola, ${p.person.name}:`,
        whatHappens,
        `Hi participen: ${group.municipalities.join(", ")}.${group.advisor ? ` Farà l'assessorament ${group.advisor.name}.` : ""}`,
        calendarNote,
        `Les preguntes i respostes dels assessoraments es publiquen a la biblioteca de la xarxa: ${settings.publicBaseUrl.replace(/\/+$/, "")}/materials`,
        applicantPageParagraph(pageOf(p)),
      ]),
    ),
  ];
}
