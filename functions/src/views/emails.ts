/**
 * Catalan email templates. Each returns subject, text and HTML so the outbox
 * document shows the secretariat exactly what was sent.
 */
import type { StoredApplication } from "../domain/application";
import { mailIds, type MailDraft } from "../domain/mail";
import type { Cycle, ProgrammeSettings } from "../domain/programme";
import { capitalised, onDate } from "../domain/catalan";
import { slotsPhrase } from "../domain/slots";
import { consoleTarget } from "../config";
import { consoleUrl } from "../domain/attention";
import { html, type Html } from "./html";
import { kindLabels, modeLabels } from "./labels";

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** Plain text from the same paragraphs as the HTML, so the two never drift. */
export function renderEmail(subject: string, paragraphs: readonly Paragraph[]): Rendered {
  const text = paragraphs.map((p) => (typeof p === "string" ? p : p[0])).join("\n\n");
  const body = paragraphs.map((p) => (typeof p === "string" ? html`<p>${p}</p>` : p[1]));
  return {
    subject,
    text: `${text}\n\n--\nXMESS · Mentories i assessoraments\n`,
    html: html`<!doctype html><html lang="ca"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:640px;margin:0 auto;padding:16px">
${body}
<p style="color:#505050;font-size:14px;border-top:1px solid #cccccc;padding-top:8px">XMESS · Mentories i assessoraments</p>
</body></html>`.value,
  };
}

export type Paragraph = string | [string, Html];

/**
 * An email to the secretariat: always to `secretariatEmail`, in the same
 * frame as every email, ending with a link to the document it is `about`
 * in the Firebase console (docs/design.md §11) — null only for the digest, whose
 * every item carries its own.
 */
export function secretariatNotice(
  settings: Pick<ProgrammeSettings, "secretariatEmail">,
  notice: { id: string; template: string; replyTo?: string; about: string | null },
  subject: string,
  paragraphs: readonly Paragraph[],
): MailDraft {
  const target = consoleTarget();
  const link = notice.about ? consoleUrl(target.projectId, target.databaseId, notice.about) : null;
  return {
    id: notice.id,
    to: [settings.secretariatEmail],
    template: notice.template,
    ...(notice.replyTo ? { replyTo: notice.replyTo } : {}),
    ...renderEmail(subject, [
      ...paragraphs,
      ...(link && notice.about
        ? [
            [
              `A la consola de Firebase: ${notice.about}\n${link}`,
              html`<p>A la consola de Firebase: <a href="${link}">${notice.about}</a></p>`,
            ] as Paragraph,
          ]
        : []),
    ]),
  };
}

/** An application's data as a person reads it; also a pending change's (which has no kind of its own). */
export function summaryLines(
  application: Omit<StoredApplication, "kind" | "status" | "revision" | "createdAt" | "updatedAt"> & {
    kind?: StoredApplication["kind"];
  },
): [string, string][] {
  return [
    ...(application.kind ? [["Tipus", kindLabels[application.kind].short] as [string, string]] : []),
    ["Nom", application.person.name],
    ["Adreça electrònica", application.person.email],
    ["Càrrec", application.person.position],
    ["Municipi", application.municipality.name],
    ["Temes", application.topicLabels.join(", ")],
    ["Modalitats", application.modes.map((mode) => modeLabels[mode]).join(", ")],
    ...(application.capacity ? [["Persones alhora", String(application.capacity)] as [string, string]] : []),
    ...(application.slots?.length
      ? [["Disponibilitat", capitalised(slotsPhrase(application.slots))] as [string, string]]
      : []),
    ...(application.availability ? [["Notes de disponibilitat", application.availability] as [string, string]] : []),
    ["Descripció", application.description],
  ];
}

function summary(application: StoredApplication): [string, Html] {
  const lines = summaryLines(application);
  return [
    lines.map(([label, value]) => `${label}: ${value}`).join("\n"),
    html`<table role="presentation" style="border-collapse:collapse">${lines.map(
      ([label, value]) =>
        html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 12px 4px 0">${label}</th><td style="padding:4px 0;white-space:pre-wrap">${value}</td></tr>`,
    )}</table>`,
  ];
}

/** What happens next after applying; the confirmation page says the same. */
export const nextStep: Record<StoredApplication["kind"], (cycle: Cycle | null, timezone: string) => string> = {
  mentee: (cycle, timezone) =>
    `${cycle ? capitalised(onDate(cycle.matchingAt, timezone, "cap a")) : "A l'octubre"} el programa proposarà les parelles de mentoria. Quan una persona mentora accepti acompanyar-te, rebràs un correu amb el seu contacte i podreu acordar les trobades.`,
  mentor: (cycle, timezone) =>
    `${cycle ? capitalised(onDate(cycle.matchingAt, timezone, "cap a")) : "A l'octubre"} et proposarem, si escau, una persona per acompanyar. Rebràs un enllaç per acceptar o declinar la proposta, sense cap obligació.`,
  advisory: () =>
    "La secretaria tècnica revisarà la teva petició. Si altres municipis han demanat un assessorament sobre un tema semblant, les unirem en una sessió compartida. Rebràs les dates per correu.",
};

/** Where every email to an applicant sends them: their own page. */
export function applicantPageParagraph(link: string): Paragraph {
  return [
    `La teva sol·licitud i el seu estat són a la teva pàgina personal, on també la pots retirar si cal: ${link}`,
    html`<p>La teva sol·licitud i el seu estat són a <a href="${link}">la teva pàgina personal</a>, on també la pots retirar si cal.</p>`,
  ];
}

/**
 * The only email intake sends before an address is proven (docs/design.md §4a). It
 * repeats nothing the submitter typed but the reference, so the form cannot
 * carry anyone's words to anyone's inbox.
 */
export function confirmationRequest(
  mailId: string,
  to: string,
  reference: string,
  link: string,
  expiresAt: Date,
  timezone: string,
  /** The one reminder, days before it expires (docs/design.md §16). */
  reminder = false,
): MailDraft {
  const rendered = renderEmail(
    reminder ? "Recordatori: confirma la teva sol·licitud a la XMESS" : "Confirma la teva sol·licitud a la XMESS",
    [
      "Hola:",
      reminder
        ? "Fa uns dies algú va enviar una sol·licitud al programa de mentories i assessoraments de la Xarxa de Municipis per l'Economia Social i Solidària (XMESS) amb aquesta adreça electrònica, i encara no s'ha confirmat."
        : "Algú ha enviat una sol·licitud al programa de mentories i assessoraments de la Xarxa de Municipis per l'Economia Social i Solidària (XMESS) amb aquesta adreça electrònica.",
      [
        `Si l'has enviada tu, obre aquest enllaç, revisa les dades i confirma-la: ${link}`,
        html`<p>Si l'has enviada tu, <a href="${link}">obre la teva sol·licitud</a>, revisa les dades i confirma-la.</p>`,
      ],
      `Sense confirmació no la tindrem en compte, i s'esborrarà ${onDate(expiresAt, timezone)}.`,
      "Si no l'has enviada tu, no cal que facis res: no farem servir aquesta adreça.",
      `Referència: ${reference}.`,
    ],
  );
  return {
    id: mailId,
    to: [to],
    template: reminder ? "application-confirm-reminder" : "application-confirm",
    ...rendered,
  };
}

/** After the owner confirms: what we have, what comes next, and the notice to the secretariat. */
export function applicationEmails(
  id: string,
  application: StoredApplication,
  cycle: Cycle | null,
  settings: ProgrammeSettings,
  link: string,
): MailDraft[] {
  const updated = application.revision > 1;
  const kind = kindLabels[application.kind].short;
  const confirmation = renderEmail(
    updated ? `Hem actualitzat la teva sol·licitud (${kind})` : `Hem rebut la teva sol·licitud (${kind})`,
    [
      `Hola, ${application.person.name}:`,
      updated
        ? "Hem actualitzat la teva sol·licitud amb les dades que has confirmat. Aquestes són les dades que tenim:"
        : "Gràcies per participar en el programa de mentories i assessoraments de la XMESS. Aquestes són les dades que ens has enviat:",
      summary(application),
      nextStep[application.kind](cycle, settings.timezone),
      applicantPageParagraph(link),
      `Referència de la sol·licitud: ${id}.`,
    ],
  );
  const notice = secretariatNotice(
    settings,
    {
      id: mailIds.applicationNotice(id, application.revision),
      template: "application-notice",
      replyTo: application.person.email,
      about: `applications/${id}`,
    },
    `${updated ? "Sol·licitud actualitzada" : "Nova sol·licitud"}: ${kind} · ${application.person.name} (${application.municipality.name})`,
    [
      updated
        ? `S'ha actualitzat la sol·licitud ${id} (revisió ${application.revision}).`
        : `S'ha rebut una sol·licitud nova (${id}).`,
      summary(application),
    ],
  );
  return [
    {
      id: mailIds.applicationConfirmation(id, application.revision),
      to: [application.person.email],
      template: "application-confirmation",
      replyTo: settings.secretariatEmail,
      ...confirmation,
    },
    notice,
  ];
}

/** A page a corrected address gets back: what it is for, and its link. */
export interface CorrectedPage {
  purpose: "proposal" | "mentorship";
  url: string;
}

const correctedPageLabels: Record<CorrectedPage["purpose"], string> = {
  proposal: "La proposta de mentoria que tens pendent de respondre",
  mentorship: "La pàgina de la teva mentoria, on anotes les trobades",
};

/**
 * To an address the secretariat corrected (docs/design.md §4a): every link sent
 * before no longer works, so here are the person's pages again.
 */
export function addressCorrectedEmail(
  mailId: string,
  to: string,
  name: string,
  applicationPage: string,
  pages: readonly CorrectedPage[],
  secretariatEmail: string,
): MailDraft {
  const rendered = renderEmail("Hem actualitzat la teva adreça a la XMESS", [
    `Hola, ${name}:`,
    "La secretaria tècnica de la XMESS ha actualitzat l'adreça electrònica de la teva sol·licitud. A partir d'ara t'escriurem aquí, i els enllaços que havíem enviat a l'adreça anterior ja no funcionen.",
    applicantPageParagraph(applicationPage),
    ...pages.map((page): Paragraph => [
      `${correctedPageLabels[page.purpose]}: ${page.url}`,
      html`<p><a href="${page.url}">${correctedPageLabels[page.purpose]}</a>.</p>`,
    ]),
    `Si no esperaves aquest canvi, escriu a la secretaria tècnica (${secretariatEmail}) i ho revisarem.`,
  ]);
  return {
    id: mailId,
    to: [to],
    template: "application-address-corrected",
    replyTo: secretariatEmail,
    ...rendered,
  };
}
