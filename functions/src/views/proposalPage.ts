/** The page a mentor opens from the proposal email (GET never changes anything). */
import type { Pairing, PairingStatus } from "../domain/pairing";
import { onDate } from "../domain/catalan";
import { slotsPhrase } from "../domain/slots";
import type { ProgrammeSettings } from "../domain/programme";
import { html } from "./html";
import { programmeTerms } from "./terms";
import { page } from "./layout";
import { problemPage } from "./pages";

export function proposalPage(pairing: Pairing, token: string, settings: ProgrammeSettings): string {
  const { timezone } = settings;
  const terms = programmeTerms(settings);
  const { mentee } = pairing;
  return page(
    "Proposta de mentoria",
    html`<h1>Proposta de mentoria</h1>
<p class="lead">Hola, ${pairing.mentor.name}. Et proposem acompanyar una persona tècnica de <strong>${mentee.municipality.name}</strong>.</p>
<h2>Què necessita</h2>
<p>${mentee.description ?? ""}</p>
${mentee.topicLabels?.length ? html`<p>Temes: ${mentee.topicLabels.join(", ")}.</p>` : ""}
${mentee.slots?.length ? html`<p>Disponibilitat: ${slotsPhrase(mentee.slots)}.</p>` : ""}
${mentee.availability ? html`<p>Notes de disponibilitat: ${mentee.availability}</p>` : ""}
<h2>Per què us proposem junts</h2>
<ul>${pairing.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>
<h2>Què suposa</h2>
<ul>
<li>Fer <strong>${terms.meetings}</strong> com a mínim.</li>
<li>Una durada màxima <strong>${terms.ofDuration}</strong>, llevat que totes dues parts acordeu ampliar-la.</li>
<li>La persona acompanyada et contactarà per pactar terminis, durada i activitats.</li>
</ul>
<p>Pots acceptar o declinar la proposta sense cap obligació${pairing.respondBy ? html`, <strong>${onDate(pairing.respondBy, timezone, "abans de")}</strong>` : ""}. Quan l'acceptis, compartirem el teu contacte amb la persona acompanyada.</p>
<form method="post" action="/proposta/${token}" class="decision">
<button type="submit" name="decision" value="accept" class="button">Accepto la mentoria</button>
<button type="submit" name="decision" value="decline" class="button button--secondary">No puc acceptar-la</button>
</form>`,
  );
}

const settled: Record<PairingStatus, string> = {
  draft: "Aquesta proposta encara no s'ha enviat.",
  proposed: "Aquesta proposta està pendent de resposta.",
  accepted: "Ja has acceptat aquesta proposta. Gràcies! La persona acompanyada ja té el teu contacte.",
  declined: "Ja has declinat aquesta proposta. Gràcies per respondre.",
  expired: "El termini per respondre aquesta proposta ha passat.",
  active: "Aquesta mentoria ja està en curs.",
  completed: "Aquesta mentoria ja ha finalitzat.",
  incomplete: "Aquesta mentoria ja ha finalitzat.",
  cancelled: "La secretaria tècnica ha anul·lat aquesta proposta.",
};

export function proposalOutcomePage(status: PairingStatus, justNow: boolean): string {
  if (justNow && status === "accepted") {
    return problemPage(
      "Gràcies per acceptar la mentoria",
      "Hem enviat el teu contacte a la persona acompanyada, que et contactarà per començar. La secretaria tècnica també n'està informada.",
    );
  }
  if (justNow && status === "declined") {
    return problemPage("Hem registrat la teva resposta", "Gràcies per respondre. Buscarem una altra persona mentora.");
  }
  return problemPage(
    status === "accepted" ? "Ja has acceptat aquesta proposta" : "Aquesta proposta ja no està pendent",
    settled[status],
  );
}
