/**
 * The application forms (docs/design.md §4): one per kind, plain HTML that works with
 * no JavaScript; errors follow the GOV.UK pattern (a summary at the top that
 * links to each field, and the message beside the field).
 */
import {
  fieldLimits,
  fieldMessages,
  isMentoringKind,
  type ApplicationKind,
  type FieldErrors,
} from "../domain/application";
import { capitalised, counted, onDate } from "../domain/catalan";
import type { ApplicationWindow, Member, MeetingMode, ProgrammeSettings, Topic } from "../domain/programme";
import { html, type Html } from "./html";
import { formKit, problemsTitle } from "./formKit";
import { slotGrid, slotLabel } from "../domain/slots";
import { programmeTerms } from "./terms";
import { kindLabels, modeLabels } from "./labels";
import { page } from "./layout";
import { materialKindLabels, materialTitle, materialTopicLabels, type ListedMaterial } from "../domain/materials";

export interface FormView {
  kind: ApplicationKind;
  members: readonly Member[];
  topics: readonly Topic[];
  modes: readonly MeetingMode[];
  /** The availability grid offered (`settings.availabilitySlots`). */
  slots: readonly string[];
  settings: ProgrammeSettings;
  window: ApplicationWindow;
  values?: Record<string, unknown>;
  errors?: FieldErrors;
  /** Advisory form: published materials that may already answer the request (docs/design.md §12). */
  answers?: readonly ListedMaterial[];
}

const intros: Record<ApplicationKind, (terms: ReturnType<typeof programmeTerms>) => string> = {
  mentee: (terms) =>
    `Si treballes en un ajuntament membre de la XMESS que comença a impulsar l'economia social i solidària, una persona tècnica d'un altre municipi amb experiència et pot acompanyar durant ${terms.duration}, com a màxim. Només cal fer ${terms.meetings} i documentar l'acompanyament.`,
  mentor: () =>
    "Si tens experiència en la promoció de l'economia social i solidària des d'un ajuntament, pots acompanyar persones d'altres municipis que hi comencen. Podràs acceptar o declinar cada proposta segons la teva disponibilitat, sense cap obligació.",
  advisory: (terms) =>
    `Sessions especialitzades per respondre una necessitat concreta de política pública d'ESS. Solen ser un paquet de ${terms.advisoryPackage}. Si diversos municipis pregunten sobre un tema semblant, les peticions s'uneixen en un assessorament compartit.`,
};

const descriptionLabels: Record<ApplicationKind, { label: string; hint: string }> = {
  mentee: {
    label: "Necessitats",
    hint: "Explica en quin punt és el teu municipi i en què t'agradaria que t'acompanyessin.",
  },
  mentor: {
    label: "Experiència",
    hint: "Explica els projectes i les iniciatives d'ESS que has impulsat i en què pots ajudar.",
  },
  advisory: {
    label: "La pregunta o necessitat concreta",
    hint: "Com més concreta, millor podrem preparar l'assessorament.",
  },
};

const fieldOrder = [
  "kind",
  "name",
  "email",
  "position",
  "municipality",
  "topics",
  "description",
  "slots",
  "availability",
  "capacity",
  "modes",
  "consent",
  "website",
  "form",
];

/** The id of the control a field's error links to. */
const anchor = (field: string) =>
  field === "topics" || field === "modes" || field === "capacity" || field === "slots"
    ? `${field}-0`
    : field === "form"
      ? "formulari"
      : field;

/** The summary of a form post's errors, in the order of the fields. */
export function errorSummary(errors: FieldErrors): Html {
  return formKit({ errors }).summary((n) => problemsTitle(n, "amb la sol·licitud"), anchor, fieldOrder);
}

function closedNotice(window: ApplicationWindow & { open: false }, timezone: string): Html {
  return html`<div class="notice" role="status">
<h2>Les inscripcions a la mentoria estan tancades</h2>
${
  window.next
    ? html`<p>La propera convocatòria (${window.next.id}) s'obrirà <strong>${onDate(window.next.applicationsOpenAt, timezone)}</strong> i es tancarà ${onDate(window.next.applicationsCloseAt, timezone)}.</p>`
    : html`<p>Ara mateix no hi ha cap convocatòria prevista. Les inscripcions solen obrir-se al setembre.</p>`
}
<p>Mentrestant, pots <a href="/sollicitud/${kindLabels.advisory.slug}">demanar un assessorament</a>, que està obert tot l'any.</p>
</div>`;
}

type FieldsView = Pick<FormView, "kind" | "members" | "topics" | "modes" | "slots" | "values" | "errors">;

/**
 * The fields a person fills in, shared by the public form and the correction
 * form on the applicant's page (same labels, hints, messages and limits).
 * The correction form shows the address without letting it change: it is
 * the one the owner proved.
 */
export function applicationFields(view: FieldsView, options: { fixedEmail?: string } = {}): Html {
  const { kind } = view;
  const description = descriptionLabels[kind];
  const messages = fieldMessages(kind);
  const members = [...view.members].sort((a, b) => a.name.localeCompare(b.name, "ca"));
  const topics = [...view.topics].sort((a, b) => a.label.localeCompare(b.label, "ca"));
  const kit = formKit({ values: view.values ?? {}, errors: view.errors ?? {} });
  return html`<p>Tots els camps són obligatoris, llevat dels que diuen «opcional».</p>
<h2>Sobre tu</h2>
${kit.input("name", "Nom i cognoms", { message: messages.name, autocomplete: "name", max: fieldLimits.name })}
${
  options.fixedEmail
    ? html`<p>Adreça electrònica: <strong>${options.fixedEmail}</strong>. Per canviar-la, escriu a la secretaria tècnica.</p>`
    : kit.input("email", "Adreça electrònica", {
        message: messages.email,
        type: "email",
        autocomplete: "email",
        hint: "Hi enviarem un enllaç per confirmar la sol·licitud i, més endavant, les propostes.",
        max: 254,
      })
}
${kit.input("position", "Càrrec", { message: messages.position, autocomplete: "organization-title", max: fieldLimits.position })}
${kit.select(
  "municipality",
  "Municipi",
  members.map((member) => ({ value: member.id, label: member.name })),
  {
    message: messages.municipality,
    hint: "Només els municipis membres de la XMESS hi poden participar.",
    placeholder: "Tria el municipi",
  },
)}
<h2>${kind === "advisory" ? "La teva petició" : kind === "mentor" ? "La teva experiència" : "Les teves necessitats"}</h2>
${kit.choices(
  "topics",
  kind === "mentor" ? "Temes en què pots acompanyar" : "Temes",
  topics.map((topic) => ({ value: topic.id, label: topic.label })),
  { message: messages.topics, hint: "Tria'n tots els que hi tinguin relació.", type: "checkbox" },
)}
${kit.textarea("description", description.label, {
  message: messages.description,
  hint: description.hint,
  max: fieldLimits.description,
  rows: 6,
})}
${isMentoringKind(kind) ? availabilityFields(kit, view.slots, messages.slots) : ""}
${
  kind === "mentor"
    ? kit.choices(
        "capacity",
        "Quantes persones pots acompanyar alhora?",
        [1, 2, 3].map((n) => ({ value: String(n), label: capitalised(counted(n, "persona", "persones")) })),
        { message: messages.capacity, hint: "Com a màxim, tres.", type: "radio" },
      )
    : ""
}
${kit.choices(
  "modes",
  "Modalitats de trobada que et van bé",
  view.modes.map((mode) => ({ value: mode, label: modeLabels[mode] })),
  { message: messages.modes, hint: "Pots triar-ne més d'una.", type: "checkbox" },
)}`;
}

/** When the person can meet: the grid of slots the programme offers, and free notes. */
function availabilityFields(kit: ReturnType<typeof formKit>, offered: readonly string[], message: string): Html {
  const grid = slotGrid(offered);
  return html`${kit.grid(
    "slots",
    "Quan et va bé trobar-te?",
    {
      columns: grid.columns,
      rows: grid.rows.map((row) => ({
        heading: capitalised(row.day),
        cells: row.cells.map((slot) => (slot ? { value: slot, label: slotLabel(slot) } : null)),
      })),
    },
    {
      message,
      hint: "Marca totes les franges en què normalment podries fer una trobada; com més, més fàcil serà trobar parella.",
    },
  )}
${kit.textarea("availability", "Notes sobre la disponibilitat (opcional)", {
  hint: "Per exemple: mesos en què no estaràs disponible o hores concretes.",
  max: fieldLimits.availability,
  rows: 3,
  required: false,
})}`;
}

/**
 * Published materials on the topics chosen. Without JavaScript it lists those
 * on any offered topic (or, after an error, on the topics ticked); form.js
 * narrows it to the topics ticked as the person ticks them.
 */
function possibleAnswers(view: FormView): Html {
  const ticked = [view.values?.topics ?? []].flat().map(String);
  const offered = new Set(view.topics.map((t) => t.id));
  const wanted = ticked.length > 0 ? new Set(ticked) : offered;
  const shown = (view.answers ?? []).filter((m) => m.topicIds.some((id) => wanted.has(id)));
  if (shown.length === 0) return html``;
  return html`<aside class="notice" aria-labelledby="potser" data-answers>
<h2 id="potser">Potser ja hi ha resposta</h2>
<p>Altres municipis ja han preguntat sobre aquests temes. Dona-hi un cop d'ull abans d'enviar la petició:</p>
<ul>
${shown.map(
  (m) =>
    html`<li data-topics="${m.topicIds.join(" ")}"><a href="/materials/${encodeURIComponent(m.id)}">${materialTitle(m)}</a> (${materialKindLabels[m.kind]}; ${materialTopicLabels(m).join(", ")})</li>`,
)}
</ul>
</aside>`;
}

export function applicationFormPage(view: FormView): string {
  const { kind } = view;
  const values = view.values ?? {};
  const errors = view.errors ?? {};
  const labels = kindLabels[kind];
  const closed =
    isMentoringKind(kind) && !view.window.open ? (view.window as ApplicationWindow & { open: false }) : null;
  const hasErrors = Object.keys(errors).length > 0;
  const messages = fieldMessages(kind);
  const kit = formKit({ values, errors });
  const body = html`${hasErrors ? errorSummary(errors) : ""}
<h1>${labels.title}</h1>
<p class="lead">${intros[kind](programmeTerms(view.settings))}</p>
${kind === "advisory" && !closed ? possibleAnswers(view) : ""}
${
  closed
    ? closedNotice(closed, view.settings.timezone)
    : html`<form id="formulari" method="post" action="/api/applications" accept-charset="utf-8" data-application-form>
<input type="hidden" name="kind" value="${kind}">
${applicationFields(view)}
${kit.honeypot()}
${kit.checkbox(
  "consent",
  html`He llegit l'<a href="/privacitat">avís de privacitat</a> i accepto que aquestes dades es tractin per gestionar la sol·licitud (responsable: ${view.settings.privacy.controllerName}).`,
  { message: messages.consent },
)}
<button type="submit" class="button">Envia la sol·licitud</button>
</form>`
}`;
  return page(hasErrors ? `Error: ${labels.title}` : labels.title, body, { script: "/js/form.js" });
}
