/** A participant's page (docs/design.md §6): the mentorship at a glance and every form they need. */
import { checkInAnswers, checkInName, latestCheckIn, monthsSinceStart, type CheckInAnswer } from "../domain/checkIns";
import { allowedActions, type ActionOutcome, type ParticipantAction, type Role } from "../domain/mentorship";
import type { Pairing } from "../domain/pairing";
import type { MeetingMode, ProgrammeSettings } from "../domain/programme";
import { isoDay } from "../domain/time";
import { onDate } from "../domain/catalan";
import { formKit, problemsTitle } from "./formKit";
import { formatDate, html, type Html } from "./html";
import { programmeTerms } from "./terms";
import { checkInAnswerLabels, modeLabels, pairingStatusLabels } from "./labels";
import { page } from "./layout";

export interface SessionView {
  date: Date;
  mode: string;
  durationMinutes: number;
}

export interface PageState {
  /** Which form the errors belong to, and its field → message. */
  errors?: { action: string; fields: Record<string, string> };
  values?: Record<string, unknown>;
  notice?: string;
  /** Where a form starts when it was not the one posted: the meeting form after «Ens hem trobat». */
  initial?: Partial<Record<ParticipantAction, Record<string, unknown>>>;
}

/** The first field of each form: where a refusal is shown. */
const firstField: Record<ParticipantAction, string> = {
  meeting: "date",
  extension: "endsOn",
  agreement: "objectives",
  checkIn: "answer",
  incident: "kind",
  documentation: "objectives",
  assessment: "score",
};

/** A refused action as the form's errors: its message beside the field it concerns. */
export function refusalFields(outcome: Extract<ActionOutcome, { ok: false }>): Record<string, string> {
  switch (outcome.refused) {
    case "notAllowed":
      return {
        [firstField[outcome.action]]:
          outcome.action === "documentation" || outcome.action === "assessment"
            ? "La fitxa (la documenta la persona acompanyada) i la valoració s'obren quan la mentoria és a prop del final."
            : "En l'estat actual de la mentoria, aquesta acció no és possible.",
      };
    case "documentationPublished":
      return { objectives: "La fitxa ja està publicada; per canviar-la, escriu a la secretaria tècnica." };
    case "invalid":
      return { [outcome.field]: outcome.message };
  }
}

/** A posted action the page does not have. */
export const unknownAction = "Acció desconeguda.";

/** The sentence a participant reads after an action succeeded. */
export function actionNotice(result: Extract<ActionOutcome, { ok: true }>, timezone: string): string {
  switch (result.done) {
    case "meetingLogged":
      return "Hem registrat la trobada.";
    case "meetingAlreadyLogged":
      return "Aquesta trobada ja estava registrada: no l'hem comptat dues vegades.";
    case "extensionAgreed":
      return `Ampliació acordada: la mentoria acaba ara ${onDate(result.endsAt, timezone)}.`;
    case "extensionProposed":
      return "Hem registrat la teva proposta d'ampliació. Tindrà efecte quan l'altra persona hi estigui d'acord des de la seva pàgina.";
    case "incidentSent":
      return "Hem enviat el missatge a la secretaria tècnica.";
    case "documentationReceived":
      return "Gràcies! Hem rebut la fitxa. La secretaria tècnica la revisarà abans de publicar-la a la biblioteca de la xarxa.";
    case "assessmentReceived":
      return "Gràcies per la valoració.";
    case "agreementSaved":
      return "Hem desat l'acord de mentoria. L'altra persona el veurà a la seva pàgina.";
    case "checkInAnswered":
      return checkInNotices[result.answer];
  }
}

const checkInNotices: Record<CheckInAnswer, string> = {
  met: "Gràcies! Registra aquí sota la trobada (o les trobades): la data d'avui ja hi és, canvia-la si cal.",
  notYet:
    "Gràcies. Escriu a l'altra persona per acordar la propera trobada; si tampoc no us hi podeu posar d'acord, la secretaria tècnica us escriurà.",
  help: "Gràcies. Hem avisat la secretaria tècnica, que us escriurà aviat.",
};

/** Radios: their error links to the first option. */
const choiceFields = new Set(["mode", "kind", "score"]);

/**
 * One kit per form, so ids are `meeting-date`, `incident-text`…; only the posted
 * form shows its errors (and what was posted); the others start from `initial`.
 */
function kitFor(state: PageState, action: string, initial: Record<string, unknown> = {}) {
  const own = state.errors?.action === action;
  return formKit({ prefix: action, values: own ? state.values : initial, errors: own ? state.errors!.fields : {} });
}

function summary(state: PageState): Html {
  if (!state.errors) return html``;
  const kit = kitFor(state, state.errors.action);
  return kit.summary(
    (n) => problemsTitle(n),
    (field) => kit.anchor(field, choiceFields.has(field) ? "choices" : "single"),
  );
}

const form = (action: string, title: string, intro: Html | string, body: Html, button: string) =>
  html`<section aria-labelledby="${action}-title"><h2 id="${action}-title">${title}</h2><p>${intro}</p>
<form method="post" novalidate><input type="hidden" name="action" value="${action}">${body}
<button type="submit" class="button">${button}</button></form></section>`;

const agreementValues = (agreement: Pairing["agreement"], timezone: string) =>
  agreement
    ? {
        objectives: agreement.objectives,
        rhythm: agreement.rhythm,
        plannedEndOn: isoDay(agreement.plannedEndOn, timezone),
      }
    : {};

/** The last check-in, on the page too, while this participant has not answered it. */
function checkInQuestion(p: Pairing, role: Role): Html | string {
  const latest = latestCheckIn(p.checkIns);
  if (!latest || latest.checkIn.answers[role]) return "";
  return html`<section aria-labelledby="checkIn-title"><h2 id="checkIn-title">Com va la mentoria?</h2>
<p>Fa ${monthsSinceStart(latest.month)} que va començar. Tria una resposta.</p>
<form method="post"><input type="hidden" name="action" value="checkIn"><input type="hidden" name="month" value="${String(latest.month)}">
<p class="buttons">${checkInAnswers.map((answer) => html`<button type="submit" name="answer" value="${answer}" class="button">${checkInAnswerLabels[answer]}</button> `)}</p></form></section>`;
}

/**
 * The page a check-in's link opens (docs/design.md §17): the answer is given by
 * the button, never by opening the link, which mail scanners do.
 */
export function checkInAnswerPage(month: number, answer: CheckInAnswer, pagePath: string): string {
  const label = checkInAnswerLabels[answer];
  return page(
    "Seguiment de la mentoria",
    html`<h1>Seguiment de la mentoria</h1>
<p>A ${checkInName(month)}, has triat: <strong>${label}</strong>.</p>
<form method="post" action="${pagePath}"><input type="hidden" name="action" value="checkIn"><input type="hidden" name="month" value="${String(month)}"><input type="hidden" name="answer" value="${answer}">
<button type="submit" class="button">Confirma: ${label}</button></form>
<p>Si no era la teva resposta, ves a la <a href="${pagePath}">teva pàgina de la mentoria</a> i tria'n una altra.</p>`,
  );
}

/** The agreement as both participants read it, with who saved it last. */
function agreementSection(p: Pairing, role: Role, partnerName: string, timezone: string): Html | string {
  const agreement = p.agreement;
  if (!agreement) return "";
  const by = agreement.by === role ? "tu" : partnerName;
  return html`<section aria-labelledby="acord-title"><h2 id="acord-title">L'acord de mentoria</h2>
<dl class="facts">
<dt>Objectius</dt><dd>${agreement.objectives}</dd>
<dt>Com i cada quant us trobareu</dt><dd>${agreement.rhythm}</dd>
<dt>Finalització prevista</dt><dd>${formatDate(agreement.plannedEndOn, timezone)}</dd>
</dl>
<p>Desat per ${by} ${onDate(agreement.at, timezone)}.</p></section>`;
}

export function mentorshipPage(
  p: Pairing,
  role: Role,
  sessions: readonly SessionView[],
  settings: ProgrammeSettings,
  now: Date,
  state: PageState = {},
): string {
  const tz = settings.timezone;
  const partner = role === "mentor" ? p.mentee : p.mentor;
  const required = p.requiredMeetings ?? settings.requiredMeetings;
  const allowed = allowedActions(p, role, now);
  const kits = {
    meeting: kitFor(state, "meeting", state.initial?.meeting),
    checkIn: kitFor(state, "checkIn"),
    extension: kitFor(state, "extension"),
    incident: kitFor(state, "incident"),
    agreement: kitFor(state, "agreement", agreementValues(p.agreement, tz)),
    // The fitxa starts from what the pair agreed (docs/design.md §17).
    documentation: kitFor(state, "documentation", p.agreement ? { objectives: p.agreement.objectives } : {}),
    assessment: kitFor(state, "assessment"),
  } satisfies Record<ParticipantAction, unknown>;
  const modes = settings.meetingModes.map((mode: MeetingMode) => ({ value: mode, label: modeLabels[mode] }));
  const pendingExtension = p.extension && !p.extension.agreedAt ? p.extension : null;
  const body = html`${summary(state)}
${state.notice ? html`<div class="notice" role="status"><p>${state.notice}</p></div>` : ""}
<h1>La teva mentoria</h1>
<dl class="facts">
<dt>${role === "mentor" ? "Persona acompanyada" : "Persona mentora"}</dt><dd>${partner.name} (${partner.municipality.name}) · <a href="mailto:${partner.email}">${partner.email}</a></dd>
<dt>Estat</dt><dd>${pairingStatusLabels[p.status]}</dd>
<dt>Trobades</dt><dd><strong>${p.meetingCount} de ${required}</strong> que demana el programa</dd>
${p.startsAt ? html`<dt>Inici</dt><dd>${formatDate(p.startsAt, tz)}</dd>` : ""}
${p.endsAt ? html`<dt>Finalització</dt><dd>${formatDate(p.endsAt, tz)}</dd>` : ""}
</dl>
${
  sessions.length > 0
    ? html`<table><caption>Trobades registrades</caption><thead><tr><th scope="col">Data</th><th scope="col">Modalitat</th><th scope="col">Durada</th></tr></thead>
<tbody>${sessions.map((s) => html`<tr><td>${formatDate(s.date, tz)}</td><td>${modeLabels[s.mode as MeetingMode] ?? s.mode}</td><td>${s.durationMinutes} min</td></tr>`)}</tbody></table>`
    : html`<p>Encara no hi ha cap trobada registrada.</p>`
}
${
  allowed.has("meeting")
    ? html`${form(
        "meeting",
        "Registra una trobada",
        "Només cal que la registri una de les dues persones.",
        html`${kits.meeting.input("date", "Data de la trobada", { type: "date", hint: "Dia/mes/any, per exemple 20/11/2026.", extra: `max="${isoDay(now, tz)}"` })}
${kits.meeting.choices("mode", "Modalitat", modes, { type: "radio" })}
${kits.meeting.input("durationMinutes", "Durada (minuts)", { type: "number", extra: 'min="15" max="600" inputmode="numeric"' })}
${kits.meeting.textarea("notes", "Notes breus (opcional)", { required: false })}`,
        "Registra la trobada",
      )}
${
  allowed.has("extension")
    ? form(
        "extension",
        "Amplia la mentoria",
        pendingExtension
          ? html`${pendingExtension.proposedBy === role ? "Has proposat" : `${partner.name} proposa`} ampliar-la <strong>${onDate(pendingExtension.proposedEndsAt, tz, "fins a")}</strong>. Tindrà efecte quan totes dues persones hi estigueu d'acord: per acceptar-ho, escriu la mateixa data.`
          : `La mentoria dura com a màxim ${programmeTerms(settings).duration}. Si totes dues persones voleu més temps, proposa una nova data; tindrà efecte quan l'altra persona la confirmi.`,
        kits.extension.input("endsOn", "Nova data de finalització", {
          type: "date",
          hint: "Dia/mes/any, per exemple 31/12/2027.",
        }),
        "Proposa o confirma l'ampliació",
      )
    : ""
}`
    : ""
}
${allowed.has("checkIn") ? checkInQuestion(p, role) : ""}
${agreementSection(p, role, partner.name, tz)}
${
  allowed.has("agreement")
    ? form(
        "agreement",
        p.agreement ? "Canvia l'acord de mentoria" : "Acord de mentoria",
        "Entre totes dues persones, acordeu què voleu aconseguir, com i cada quant us trobareu, i quan preveieu acabar. Qualsevol de les dues el pot escriure o canviar; totes dues el veureu aquí.",
        html`${kits.agreement.textarea("objectives", "Objectius")}
${kits.agreement.textarea("rhythm", "Com i cada quant us trobareu", { max: 1000, hint: "Per exemple: una trobada virtual al mes i una visita presencial." })}
${kits.agreement.input("plannedEndOn", "Data prevista de finalització", {
  type: "date",
  hint: `Dia/mes/any; com a molt tard ${p.endsAt ? formatDate(p.endsAt, tz) : "la data de finalització"}.`,
})}`,
        "Desa l'acord",
      )
    : ""
}
${
  allowed.has("incident")
    ? form(
        "incident",
        "Comunica-ho a la secretaria",
        "Per a incidències, o per comunicar la data de finalització que heu acordat.",
        html`${kits.incident.choices(
          "kind",
          "Què vols comunicar?",
          [
            { value: "incident", label: "Una incidència" },
            { value: "agreedEnd", label: "La data de finalització acordada" },
          ],
          { type: "radio" },
        )}
${kits.incident.input("endsOn", "Data de finalització acordada (només si comuniques la data)", {
  type: "date",
  required: false,
  hint: "Dia/mes/any, per exemple 30/06/2027. La secretaria la confirmarà i us avisarà a totes dues persones.",
})}
${kits.incident.textarea("text", "Missatge")}`,
        "Envia a la secretaria",
      )
    : ""
}
${
  allowed.has("documentation")
    ? form(
        "documentation",
        "Documenta la mentoria (fitxa)",
        p.documentation
          ? "Ja ens has enviat la fitxa; si la tornes a enviar, la substituirem."
          : html`La fitxa es compartirà amb tota la xarxa a la <a href="/materials">biblioteca</a>, sense dades de contacte.`,
        html`${kits.documentation.textarea("objectives", "Objectius")}
${kits.documentation.textarea("activities", "Activitats")}
${kits.documentation.textarea("results", "Resultats")}
${kits.documentation.textarea("learnings", "Aprenentatges")}
${kits.documentation.textarea("links", "Enllaços a materials (opcional)", { required: false })}
${kits.documentation.checkbox(
  "nameAuthors",
  html`Es pot publicar el meu nom com a autor o autora de la fitxa. Si no ho marques, la fitxa publicada només dirà els municipis.`,
  { required: false },
)}`,
        "Envia la fitxa",
      )
    : ""
}
${
  allowed.has("assessment")
    ? form(
        "assessment",
        "Valora la mentoria",
        p.assessments[role]
          ? `Ja l'has valorada (${p.assessments[role]!.score} de 5); pots canviar la valoració.`
          : "La teva valoració ens ajuda a millorar el programa.",
        html`${kits.assessment.choices(
          "score",
          "Valoració (1: gens satisfactòria, 5: molt satisfactòria)",
          [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })),
          { type: "radio" },
        )}
${kits.assessment.textarea("comments", "Comentaris (opcional)", { required: false })}`,
        "Envia la valoració",
      )
    : ""
}`;
  return page(state.errors ? "Error: La teva mentoria" : "La teva mentoria", body);
}
