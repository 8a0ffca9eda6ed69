/**
 * The application forms (DESIGN §4): one per kind, plain HTML that works with
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
import { onDate } from "../domain/catalan";
import type { ApplicationWindow, Member, MeetingMode, ProgrammeSettings, Topic } from "../domain/programme";
import { html, type Html } from "./html";
import { programmeTerms } from "./terms";
import { kindLabels, modeLabels } from "./labels";
import { page } from "./layout";

export interface FormView {
  kind: ApplicationKind;
  members: readonly Member[];
  topics: readonly Topic[];
  modes: readonly MeetingMode[];
  settings: ProgrammeSettings;
  window: ApplicationWindow;
  values?: Record<string, unknown>;
  errors?: FieldErrors;
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
  "availability",
  "capacity",
  "modes",
  "consent",
  "website",
  "form",
];

/** The id of the control a field's error links to. */
const anchor = (field: string) =>
  field === "topics" || field === "modes" || field === "capacity"
    ? `${field}-0`
    : field === "form"
      ? "formulari"
      : field;

const text = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(text) : typeof value === "string" && value ? [value] : [];

export function errorSummary(errors: FieldErrors): Html {
  const entries = Object.entries(errors).sort(([a], [b]) => fieldOrder.indexOf(a) - fieldOrder.indexOf(b));
  if (entries.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" data-error-summary>
<h2 id="error-summary-title">Hi ha ${entries.length === 1 ? "un problema" : `${entries.length} problemes`} amb la sol·licitud</h2>
<ul>${entries.map(([field, message]) => html`<li><a href="#${anchor(field)}">${message}</a></li>`)}</ul>
</div>`;
}

function fieldError(field: string, errors: FieldErrors): Html {
  const message = errors[field];
  return message
    ? html`<p class="error-message" id="${field}-error"><span class="visually-hidden">Error: </span>${message}</p>`
    : html``;
}

interface FieldOptions {
  values: Record<string, unknown>;
  errors: FieldErrors;
  /** The message the field shows when left wrong; the browser script reads it. */
  message: string;
}

const describedBy = (field: string, errors: FieldErrors, hint: boolean) =>
  [hint ? `${field}-hint` : "", errors[field] ? `${field}-error` : ""].filter(Boolean).join(" ") || false;

function textField(
  field: string,
  label: string,
  options: FieldOptions & { type?: string; autocomplete?: string; hint?: string; max: number },
): Html {
  const { values, errors } = options;
  return html`<div class="field${errors[field] ? " field--error" : ""}" data-message="${options.message}">
<label for="${field}">${label}</label>
${options.hint ? html`<p class="hint" id="${field}-hint">${options.hint}</p>` : ""}
${fieldError(field, errors)}
<input id="${field}" name="${field}" type="${options.type ?? "text"}" value="${text(values[field])}" maxlength="${options.max}" required${
    options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ""
  }${describedBy(field, errors, Boolean(options.hint)) ? html` aria-describedby="${describedBy(field, errors, Boolean(options.hint))}"` : ""}${
    errors[field] ? html` aria-invalid="true"` : ""
  }>
</div>`;
}

function textArea(field: string, label: string, options: FieldOptions & { hint: string; max: number }): Html {
  const { values, errors } = options;
  return html`<div class="field${errors[field] ? " field--error" : ""}" data-message="${options.message}">
<label for="${field}">${label}</label>
<p class="hint" id="${field}-hint">${options.hint} Màxim ${options.max.toLocaleString("ca-ES")} caràcters.</p>
${fieldError(field, errors)}
<textarea id="${field}" name="${field}" rows="6" maxlength="${options.max}" required aria-describedby="${describedBy(field, errors, true)}"${
    errors[field] ? html` aria-invalid="true"` : ""
  }>${text(values[field])}</textarea>
</div>`;
}

function choices(
  field: string,
  legend: string,
  hint: string,
  items: readonly { value: string; label: string }[],
  options: FieldOptions & { type: "checkbox" | "radio" },
): Html {
  const chosen = new Set(list(options.values[field]));
  const { errors } = options;
  return html`<div class="field${errors[field] ? " field--error" : ""}" data-message="${options.message}">
<fieldset aria-describedby="${describedBy(field, errors, true)}">
<legend>${legend}</legend>
<p class="hint" id="${field}-hint">${hint}</p>
${fieldError(field, errors)}
<div class="choices">${items.map(
    (item, i) =>
      html`<div class="choice"><input type="${options.type}" id="${field}-${i}" name="${field}" value="${item.value}"${
        chosen.has(item.value) ? html` checked` : ""
      }><label for="${field}-${i}">${item.label}</label></div>`,
  )}</div>
</fieldset>
</div>`;
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

export function applicationFormPage(view: FormView): string {
  const { kind } = view;
  const values = view.values ?? {};
  const errors = view.errors ?? {};
  const labels = kindLabels[kind];
  const closed =
    isMentoringKind(kind) && !view.window.open ? (view.window as ApplicationWindow & { open: false }) : null;
  const hasErrors = Object.keys(errors).length > 0;
  const description = descriptionLabels[kind];
  const messages = fieldMessages(kind);
  const members = [...view.members].sort((a, b) => a.name.localeCompare(b.name, "ca"));
  const body = html`${hasErrors ? errorSummary(errors) : ""}
<h1>${labels.title}</h1>
<p class="lead">${intros[kind](programmeTerms(view.settings))}</p>
${
  closed
    ? closedNotice(closed, view.settings.timezone)
    : html`<form id="formulari" method="post" action="/api/applications" accept-charset="utf-8" data-application-form>
<input type="hidden" name="kind" value="${kind}">
<p>Tots els camps són obligatoris.</p>
<h2>Sobre tu</h2>
${textField("name", "Nom i cognoms", { values, errors, message: messages.name, autocomplete: "name", max: fieldLimits.name })}
${textField("email", "Adreça electrònica", {
  values,
  errors,
  message: messages.email,
  type: "email",
  autocomplete: "email",
  hint: "Hi enviarem la confirmació i, més endavant, les propostes.",
  max: 254,
})}
${textField("position", "Càrrec", { values, errors, message: messages.position, autocomplete: "organization-title", max: fieldLimits.position })}
<div class="field${errors.municipality ? " field--error" : ""}" data-message="${messages.municipality}">
<label for="municipality">Municipi</label>
<p class="hint" id="municipality-hint">Només els municipis membres de la XMESS hi poden participar.</p>
${fieldError("municipality", errors)}
<select id="municipality" name="municipality" required aria-describedby="${describedBy("municipality", errors, true)}"${
        errors.municipality ? html` aria-invalid="true"` : ""
      }>
<option value="">Tria el municipi</option>
${members.map(
  (member) =>
    html`<option value="${member.id}"${text(values.municipality) === member.id ? html` selected` : ""}>${member.name}</option>`,
)}
</select>
</div>
<h2>${kind === "advisory" ? "La teva petició" : kind === "mentor" ? "La teva experiència" : "Les teves necessitats"}</h2>
${choices(
  "topics",
  kind === "mentor" ? "Temes en què pots acompanyar" : "Temes",
  "Tria'n tots els que hi tinguin relació.",
  view.topics.map((topic) => ({ value: topic.id, label: topic.label })),
  { values, errors, message: messages.topics, type: "checkbox" },
)}
${textArea("description", description.label, { values, errors, message: messages.description, hint: description.hint, max: fieldLimits.description })}
${
  isMentoringKind(kind)
    ? textArea("availability", "Disponibilitat", {
        values,
        errors,
        message: messages.availability,
        hint: "Per exemple: dies de la setmana, franges horàries o mesos en què no estaràs disponible.",
        max: fieldLimits.availability,
      })
    : ""
}
${
  kind === "mentor"
    ? choices(
        "capacity",
        "Quantes persones pots acompanyar alhora?",
        "Com a màxim, tres.",
        [1, 2, 3].map((n) => ({
          value: String(n),
          label: n === 1 ? "Una persona" : n === 2 ? "Dues persones" : "Tres persones",
        })),
        { values, errors, message: messages.capacity, type: "radio" },
      )
    : ""
}
${choices(
  "modes",
  "Modalitats de trobada que et van bé",
  "Pots triar-ne més d'una.",
  view.modes.map((mode) => ({ value: mode, label: modeLabels[mode] })),
  { values, errors, message: messages.modes, type: "checkbox" },
)}
<div class="field hp">
<label for="website">Deixa aquest camp en blanc</label>
<input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value="">
</div>
<div class="field${errors.consent ? " field--error" : ""}" data-message="${messages.consent}">
${fieldError("consent", errors)}
<div class="choice"><input type="checkbox" id="consent" name="consent" value="on" required${
        values.consent === "on" || values.consent === true ? html` checked` : ""
      }${errors.consent ? html` aria-describedby="consent-error" aria-invalid="true"` : ""}><label for="consent">He llegit l'<a href="/privacitat">avís de privacitat</a> i accepto que la XMESS tracti aquestes dades per gestionar la sol·licitud.</label></div>
</div>
<button type="submit" class="button">Envia la sol·licitud</button>
</form>`
}`;
  return page(hasErrors ? `Error: ${labels.title}` : labels.title, body, { script: "/js/form.js" });
}
