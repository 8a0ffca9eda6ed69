/**
 * The applicant's own page, `/sollicitud/{token}` (docs/design.md §4a): the
 * application as stored, its status in plain words, what happens next, and
 * the forms its owner may use in that status. Plain forms that work without
 * JavaScript; the correction form is the public form's fields.
 */
import {
  correctableStatuses,
  isMentoringKind,
  pendingChangeApplies,
  pendingVersion,
  type FieldErrors,
  type StoredApplication,
} from "../domain/application";
import { capitalised, onDate } from "../domain/catalan";
import type { Cycle, Member, MeetingMode, ProgrammeSettings, Topic } from "../domain/programme";
import { applicationFields, errorSummary } from "./applicationForm";
import { nextStep, summaryLines } from "./emails";
import { html, type Html } from "./html";
import { applicationStatusLabels, kindLabels } from "./labels";
import { mailPausedPanel, page } from "./layout";

export interface ApplicantView {
  id: string;
  application: StoredApplication;
  /** The page's own path, `/sollicitud/{token}`: every form posts back to it. */
  path: string;
  settings: ProgrammeSettings;
  cycle: Cycle | null;
  members: readonly Member[];
  topics: readonly Topic[];
  /** What the last action did, shown at the top. */
  notice?: string;
  /** A correction that did not pass: the values sent and what was wrong. */
  values?: Record<string, unknown>;
  errors?: FieldErrors;
  /**
   * Last cycle's application, while this cycle's window is open (docs/design.md §17):
   * the button that renews it, or the link to the one already renewed.
   */
  renewal?: { cycle: Cycle; renewedLink: string | null } | undefined;
}

/** The page's forms post these; the handler knows no others. */
export const ownerActions = ["confirm", "update", "withdraw", "discard"] as const;

/** What the owner reads after each action on their page: done, nothing to do, or refused in this state. */
export const ownerActionMessages = {
  done: {
    confirm: { changed: "Fet: hem confirmat la sol·licitud.", unchanged: "Aquesta sol·licitud ja estava confirmada." },
    update: { changed: "Fet: hem desat els canvis.", unchanged: "No hi havia cap canvi per desar." },
    withdraw: { changed: "Has retirat la sol·licitud.", unchanged: "Aquesta sol·licitud ja estava retirada." },
    discard: {
      changed: "Fet: hem descartat els canvis pendents. Les dades no han canviat.",
      unchanged: "No hi havia cap canvi pendent per descartar.",
    },
  },
  refused: {
    confirm: "Aquesta sol·licitud no es pot confirmar.",
    update:
      "En aquest estat la sol·licitud ja no es pot corregir. Si cal canviar alguna dada, escriu a la secretaria tècnica.",
    withdraw: "Una sol·licitud pendent de confirmar no cal retirar-la: si no la confirmes, s'esborrarà sola.",
    discard: "No hi ha cap canvi pendent per descartar.",
  },
  stale:
    "Mentre miraves la pàgina s'han enviat unes altres dades amb la teva adreça. Revisa-les a sota abans de confirmar-les.",
  chooseAction: "Tria què vols fer.",
  notMember: "Tria un municipi membre de la XMESS.",
} as const;

function statusText(view: ApplicantView): string {
  const { application, settings, cycle } = view;
  switch (application.status) {
    case "unconfirmed":
      return `Encara no compta: revisa les dades i confirma-la. Si no la confirmes ${
        application.expiresAt ? onDate(application.expiresAt, settings.timezone, "abans de") : "aviat"
      }, s'esborrarà.`;
    case "received":
      return nextStep[application.kind](cycle, settings.timezone);
    case "matched":
      return "Ja formes part d'una mentoria. La pàgina de la mentoria és a l'enllaç del correu que vas rebre quan es va acceptar la proposta.";
    case "waitlisted":
      return "Ara mateix no hi ha cap persona mentora disponible per a tu. Si se n'allibera una plaça, et farem una proposta.";
    case "withdrawn":
      return `L'has retirada${application.withdrawnAt ? ` ${onDate(application.withdrawnAt, settings.timezone)}` : ""}. Si vols tornar a participar, omple el formulari de nou.`;
  }
}

function dataList(lines: readonly [string, string][]): Html {
  return html`<dl class="summary">${lines.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
}

const actionForm = (path: string, action: string, label: string, extra: Html | "" = "", style = "") =>
  html`<form method="post" action="${path}" accept-charset="utf-8">
<input type="hidden" name="action" value="${action}">${extra}
<button type="submit" class="button${style ? ` ${style}` : ""}">${label}</button>
</form>`;

/** Form values from the stored application, for the correction form. */
export function formValues(application: StoredApplication): Record<string, unknown> {
  return {
    name: application.person.name,
    position: application.person.position,
    municipality: application.municipality.id,
    topics: application.topics,
    description: application.description,
    availability: application.availability,
    slots: application.slots,
    capacity: application.capacity,
    modes: application.modes,
  };
}

export function applicantPage(view: ApplicantView): string {
  const { application, path, id } = view;
  const errors = view.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const pending = application.pendingChange;
  const confirmable = application.status === "unconfirmed" || (!!pending && pendingChangeApplies(application.status));
  const correctable = correctableStatuses.includes(application.status) && !pending;
  const withdrawable = application.status !== "unconfirmed" && application.status !== "withdrawn";
  const title = `La teva sol·licitud (${kindLabels[application.kind].short})`;
  const body = html`${hasErrors ? errorSummary(errors) : ""}
${view.notice ? html`<div class="panel" role="status"><p>${view.notice}</p></div>` : ""}
${mailPausedPanel(view.settings.mailPaused)}
<h1>${title}</h1>
<p>Referència: <strong>${id}</strong></p>
<h2>Estat: ${applicationStatusLabels[application.status]}</h2>
<p>${statusText(view)}</p>
${
  pending
    ? html`<h2>Canvis pendents de confirmar</h2>
<p>${capitalised(onDate(pending.submittedAt, view.settings.timezone))} es va enviar el formulari amb aquesta adreça i aquestes dades. No canviarem res fins que no ho confirmis; si no ho has enviat tu, descarta'ls o no facis res.</p>
${dataList(summaryLines(pending))}
${pendingChangeApplies(application.status) ? "" : html`<p>En aquest estat la sol·licitud ja no es pot canviar des d'aquí. Si cal canviar alguna dada, escriu a la secretaria tècnica.</p>`}`
    : ""
}
${
  confirmable
    ? actionForm(
        path,
        "confirm",
        pending ? "Confirma els canvis" : "Confirma la sol·licitud",
        pending ? html`<input type="hidden" name="pending" value="${pendingVersion(pending)}">` : "",
      )
    : ""
}
${pending ? actionForm(path, "discard", "Descarta els canvis", "", "button--secondary") : ""}
<h2>${pending ? "Les dades que tenim ara" : "Les teves dades"}</h2>
${dataList(summaryLines(application))}
${
  correctable
    ? html`<h2 id="corregeix">Corregeix les dades</h2>
<form id="formulari" method="post" action="${path}" accept-charset="utf-8" data-application-form>
<input type="hidden" name="action" value="update">
${applicationFields(
  {
    kind: application.kind,
    members: view.members,
    topics: view.topics,
    modes: view.settings.meetingModes as MeetingMode[],
    slots: view.settings.availabilitySlots,
    values: view.values ?? formValues(application),
    errors,
  },
  { fixedEmail: application.person.email },
)}
<button type="submit" class="button">Desa els canvis</button>
</form>`
    : ""
}
${
  withdrawable
    ? html`<h2>Retira la sol·licitud</h2>
<p>${
        isMentoringKind(application.kind)
          ? "Si ja no pots participar-hi, retira-la: deixarem de tenir-la en compte i, si tenies una proposta o una mentoria en curs, l'anul·larem i avisarem l'altra persona."
          : "Si ja no necessites l'assessorament, retira'l: sortiràs del grup d'assessorament i avisarem la secretaria tècnica."
      }</p>
${actionForm(path, "withdraw", "Retira la sol·licitud")}`
    : ""
}
${view.renewal ? renewalSection(view.renewal, path, view.settings.timezone) : ""}
<p><a href="/">Torna a l'inici</a></p>`;
  return page(hasErrors ? `Error: ${title}` : title, body, { script: correctable ? "/js/form.js" : undefined });
}

/** The invitation back, where the renewal email's link lands (`#renovacio`). */
function renewalSection(renewal: NonNullable<ApplicantView["renewal"]>, path: string, timezone: string): Html {
  const { cycle, renewedLink } = renewal;
  return html`<section id="renovacio" aria-labelledby="renovacio-title"><h2 id="renovacio-title">Torna-hi el cicle ${cycle.id}</h2>
${
  renewedLink
    ? html`<p>Ja tens una sol·licitud per al cicle ${cycle.id}: <a href="${renewedLink}">obre-la aquí</a>.</p>`
    : html`<p>Les inscripcions del cicle ${cycle.id} són obertes ${onDate(cycle.applicationsCloseAt, timezone, "fins a")}. Amb aquest botó et tornem a inscriure amb les mateixes dades; la sol·licitud nova quedarà confirmada i la podràs revisar i corregir a la seva pàgina.</p>
${actionForm(path, "renew", `Inscriu-me al cicle ${cycle.id}`)}`
}</section>`;
}

/** What the owner reads after pressing the renewal button. */
export const renewalMessages = {
  created: (cycle: string) =>
    `Fet: t'hem inscrit al cicle ${cycle} amb les dades de l'any passat. Revisa-les aquí sota i corregeix el que calgui; t'hem enviat l'enllaç d'aquesta pàgina per correu.`,
  exists: (cycle: string) => `Ja tenies una sol·licitud per al cicle ${cycle}: és aquesta.`,
  notOffered:
    "Aquesta sol·licitud ja no es pot renovar (les inscripcions són tancades o les dades ja no les admet el formulari). Si vols participar-hi, omple el formulari.",
} as const;

/** Withdrawing asks once more: a page with one button that does it, and a way back. */
export function withdrawQuestionPage(view: Pick<ApplicantView, "id" | "application" | "path">): string {
  return page(
    "Vols retirar la sol·licitud?",
    html`<h1>Vols retirar la sol·licitud?</h1>
<p>Referència: <strong>${view.id}</strong> (${kindLabels[view.application.kind].short}).</p>
<p>No es pot desfer: per tornar a participar caldrà omplir el formulari de nou.</p>
${actionForm(view.path, "withdraw", "Sí, retira la sol·licitud", html`<input type="hidden" name="sure" value="yes">`)}
<p><a href="${view.path}">No, torna a la sol·licitud</a></p>`,
  );
}
