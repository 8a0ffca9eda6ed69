/** Catalan emails of the mentorship year: reminders, closing, extension, incidents. */
import { mailIds, type MailDraft } from "../domain/mail";
import type { DeadlineKind, Role } from "../domain/mentorship";
import type { Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { applicantPageParagraph, renderEmail, secretariatNotice } from "./emails";
import { pairingStatusLabels, roleLabels } from "./labels";
import { onDate } from "../domain/catalan";
import { localDay } from "../domain/time";
import { html } from "./html";
import { latestCheckIn, monthsSinceStart, type CheckInAnswer } from "../domain/checkIns";
import { checkInAnswerLabels } from "./labels";

export type ParticipantLinks = Record<Role, string>;

const linkParagraph = (link: string): [string, ReturnType<typeof html>] => [
  `La teva pàgina de la mentoria (registrar trobades, ampliar, comunicar incidències, documentar): ${link}`,
  html`<p><a href="${link}" style="display:inline-block;background:#1d6b35;color:#ffffff;padding:10px 16px;text-decoration:none;font-weight:bold">Obre la teva pàgina de la mentoria</a></p><p>És personal: no la reenviïs.</p>`,
];

const other = (role: Role): Role => (role === "mentor" ? "mentee" : "mentor");

/** Welcome to the mentor once they accept, with their personal page. */
export function acceptedToMentor(
  id: string,
  p: Pairing,
  link: string,
  applicantPage: string,
  settings: ProgrammeSettings,
): MailDraft {
  return {
    id: mailIds.acceptedToMentor(id),
    to: [p.mentor.email],
    template: "pairing-accepted-mentor",
    replyTo: settings.secretariatEmail,
    ...renderEmail(`Gràcies per acceptar: mentoria amb ${p.mentee.municipality.name}`, [
      `Hola, ${p.mentor.name}:`,
      `${p.mentee.name} (${p.mentee.municipality.name}, ${p.mentee.email}) té el teu contacte i et contactarà per començar.`,
      ...(p.endsAt ? [`La mentoria pot durar ${onDate(p.endsAt, settings.timezone, "fins a")}.`] : []),
      linkParagraph(link),
      applicantPageParagraph(applicantPage),
    ]),
  };
}

function reminderText(
  kind: DeadlineKind,
  p: Pairing,
  role: Role,
  settings: ProgrammeSettings,
): { subject: string; body: string[] } {
  const partner = role === "mentor" ? p.mentee : p.mentor;
  const required = p.requiredMeetings ?? settings.requiredMeetings;
  const end = p.endsAt ? onDate(p.endsAt, settings.timezone) : "";
  const library = `${settings.publicBaseUrl.replace(/\/+$/, "")}/materials`;
  switch (kind) {
    case "firstMeeting":
      return {
        subject: "Recordatori: contacta amb la teva persona mentora",
        body: [
          `Encara no hi ha cap trobada registrada amb ${partner.name} (${partner.municipality.name}).`,
          `Escriu-li a ${partner.email} per acordar la primera trobada, i registra-la a la teva pàgina quan l'hàgiu feta.`,
        ],
      };
    case "fewMeetings":
      return {
        subject: "Recordatori: falten trobades de la mentoria",
        body: [
          `Heu registrat ${p.meetingCount} de les ${required} trobades que demana el programa, i la mentoria acaba ${end}.`,
          `Acordeu les trobades que falten amb ${partner.name} (${partner.email}). Si cal més temps, podeu ampliar la mentoria des de la vostra pàgina (cal que hi estigueu d'acord totes dues parts).`,
        ],
      };
    case "end":
      return {
        subject: "La mentoria ha finalitzat: documentació i valoració",
        body: [
          p.status === "completed"
            ? `La mentoria amb ${partner.name} ha arribat a la data de finalització amb les ${required} trobades fetes. Gràcies!`
            : `La mentoria amb ${partner.name} ha arribat a la data de finalització amb ${p.meetingCount} de les ${required} trobades.`,
          role === "mentee"
            ? `Et demanem dues coses a la teva pàgina: documentar la mentoria amb la fitxa (objectius, activitats, resultats, aprenentatges), que es publicarà a la biblioteca de la xarxa (${library}), i valorar-la.`
            : "Et demanem que la valoris a la teva pàgina: ens ajuda a millorar el programa.",
        ],
      };
    case "documentation":
      return {
        subject: "Recordatori: documenta la mentoria",
        body: [
          `Encara no hem rebut la fitxa de la mentoria. Omple-la a la teva pàgina: la publicarem a la biblioteca de la xarxa (${library}), on ja hi ha les d'altres municipis.`,
        ],
      };
    default:
      return { subject: "", body: [] };
  }
}

/** The emails a deadline sends, each once (deterministic ids). */
export function deadlineEmails(
  id: string,
  kind: DeadlineKind,
  p: Pairing,
  links: ParticipantLinks,
  applicantPages: ParticipantLinks,
  settings: ProgrammeSettings,
): MailDraft[] {
  if (kind === "checkIn") return checkInEmails(id, p, links, settings);
  if (kind === "documentationOverdue") {
    return [
      secretariatNotice(
        settings,
        {
          id: mailIds.reminder(id, kind, "secretariat"),
          template: "documentation-overdue-notice",
          about: `pairings/${id}`,
        },
        `Documentació pendent: ${p.mentee.name} (${p.mentee.municipality.name})`,
        [
          `La mentoria ${id} (${p.mentor.name} i ${p.mentee.name}) va acabar ${p.closedAt ? onDate(p.closedAt, settings.timezone) : ""} i encara no té la fitxa, tot i el recordatori.`,
        ],
      ),
    ];
  }
  const recipients: Role[] = kind === "firstMeeting" || kind === "documentation" ? ["mentee"] : ["mentee", "mentor"];
  const drafts: MailDraft[] = recipients.map((role) => {
    const { subject, body } = reminderText(kind, p, role, settings);
    const person = p[role];
    return {
      id: mailIds.reminder(id, kind, role),
      to: [person.email],
      template: `reminder-${kind}`,
      replyTo: p[other(role)].email,
      ...renderEmail(subject, [
        `Hola, ${person.name}:`,
        ...body,
        linkParagraph(links[role]),
        applicantPageParagraph(applicantPages[role]),
      ]),
    };
  });
  if (kind === "end") {
    drafts.push(
      secretariatNotice(
        settings,
        {
          id: mailIds.reminder(id, kind, "secretariat"),
          template: "mentorship-closed-notice",
          about: `pairings/${id}`,
        },
        `Mentoria tancada (${p.status === "completed" ? "completada" : "incompleta"}): ${p.mentee.name}`,
        [
          `La mentoria ${id} de ${p.mentor.name} (${p.mentor.municipality.name}) amb ${p.mentee.name} (${p.mentee.municipality.name}) s'ha tancat amb ${p.meetingCount} ${p.meetingCount === 1 ? "trobada" : "trobades"}: ${pairingStatusLabels[p.status]}.`,
        ],
      ),
    );
  }
  return drafts;
}

export function extensionAgreedEmails(
  id: string,
  p: Pairing,
  endsOn: string,
  settings: ProgrammeSettings,
): MailDraft[] {
  const until = onDate(p.endsAt ?? localDay(endsOn, settings.timezone), settings.timezone, "fins a");
  const text = `${p.mentor.name} i ${p.mentee.name} han acordat ampliar la mentoria ${until}.`;
  return [
    secretariatNotice(
      settings,
      {
        id: mailIds.extensionAgreed(id, endsOn, "secretariat"),
        template: "extension-agreed-notice",
        about: `pairings/${id}`,
      },
      `Mentoria ampliada ${until}: ${p.mentee.name}`,
      [text, `Parella ${id}.`],
    ),
    {
      id: mailIds.extensionAgreed(id, endsOn, "participants"),
      to: [p.mentor.email, p.mentee.email],
      template: "extension-agreed",
      ...renderEmail(`La mentoria s'ha ampliat ${until}`, [text]),
    },
  ];
}

export function incidentNotice(
  incidentId: string,
  id: string,
  p: Pairing,
  role: Role,
  report: { kind: "incident" | "agreedEnd"; text: string; proposedEndsAt: Date | null },
  settings: ProgrammeSettings,
): MailDraft {
  const { kind, text, proposedEndsAt } = report;
  const who = p[role];
  const what = kind === "incident" ? "una incidència" : "la data de finalització acordada";
  const tz = settings.timezone;
  return secretariatNotice(
    settings,
    {
      id: mailIds.incidentNotice(incidentId),
      template: "incident-notice",
      replyTo: who.email,
      about: `incidents/${incidentId}`,
    },
    `${kind === "incident" ? "Incidència" : "Data de finalització"}: mentoria de ${p.mentee.name}`,
    [
      `${who.name} (${roleLabels[role]}, ${who.municipality.name}) comunica ${what} de la mentoria ${id}:`,
      text,
      ...(proposedEndsAt
        ? [
            `Data acordada: ${onDate(proposedEndsAt, tz)}${p.endsAt ? ` (ara la mentoria acaba ${onDate(p.endsAt, tz)})` : ""}. Per confirmar-la, poseu status: "confirmed" al document incidents/${incidentId}: la data de finalització de la mentoria canviarà i avisarem totes dues persones. Si no és correcta, poseu status: "resolved".`,
          ]
        : [`Quan estigui resolta, poseu status: "resolved" al document incidents/${incidentId}.`]),
    ],
  );
}

/** The secretariat confirmed the end date both participants agreed (docs/design.md §10): both are told. */
export function agreedEndEmails(
  incidentId: string,
  p: Pairing,
  pages: Record<Role, string>,
  settings: ProgrammeSettings,
): MailDraft[] {
  const until = p.endsAt ? onDate(p.endsAt, settings.timezone) : "";
  return (["mentor", "mentee"] as const).map((role) => ({
    id: mailIds.agreedEndConfirmed(incidentId, role),
    to: [p[role].email],
    template: "agreed-end-confirmed",
    replyTo: settings.secretariatEmail,
    ...renderEmail("Data de finalització confirmada", [
      `Hola, ${p[role].name}:`,
      `La secretaria tècnica ha confirmat la data de finalització que vau acordar: la mentoria entre ${p.mentor.name} (${p.mentor.municipality.name}) i ${p.mentee.name} (${p.mentee.municipality.name}) acaba ${until}.`,
      "Quan acabi, us demanarem la fitxa de documentació i la valoració.",
      applicantPageParagraph(pages[role]),
    ]),
  }));
}

/** A link that opens the one-button page answering a check-in (docs/design.md §17). */
export const checkInAnswerLink = (pageLink: string, month: number, answer: CheckInAnswer) =>
  `${pageLink}?seguiment=${month}&resposta=${answer}`;

/** The check-in question to both participants: three links, each to a page with one button. */
function checkInEmails(id: string, p: Pairing, links: ParticipantLinks, settings: ProgrammeSettings): MailDraft[] {
  const month = latestCheckIn(p.checkIns)?.month;
  if (month === undefined) return [];
  const required = p.requiredMeetings ?? settings.requiredMeetings;
  return (["mentee", "mentor"] as const).map((role) => {
    const partner = p[other(role)];
    const answers = (["met", "notYet", "help"] as const).map((answer) => ({
      answer,
      label: checkInAnswerLabels[answer],
      link: checkInAnswerLink(links[role], month, answer),
    }));
    const text = answers.map((a) => `${a.label}: ${a.link}`).join("\n");
    return {
      id: mailIds.checkIn(id, month, role),
      to: [p[role].email],
      template: "check-in",
      replyTo: settings.secretariatEmail,
      ...renderEmail(`Com va la mentoria amb ${partner.municipality.name}?`, [
        `Hola, ${p[role].name}:`,
        `Fa ${monthsSinceStart(month)} que va començar la mentoria amb ${partner.name} (${partner.municipality.name}). Heu registrat ${p.meetingCount} de les ${required} trobades que demana el programa. Com va?`,
        [
          `Tria una resposta; s'obrirà una pàgina on la confirmaràs amb un botó.\n${text}`,
          html`<p>Tria una resposta; s'obrirà una pàgina on la confirmaràs amb un botó.</p><ul>${answers.map((a) => html`<li><a href="${a.link}">${a.label}</a></li>`)}</ul>`,
        ],
        "Si us heu trobat, a la pàgina podràs registrar la trobada. Si demaneu ajuda, la secretaria tècnica se'n farà càrrec i us escriurà.",
        linkParagraph(links[role]),
      ]),
    };
  });
}
