/** The public pages besides the forms: landing, privacy notice, outcomes. */
import type { ApplicationKind } from "../domain/application";
import { onDate } from "../domain/catalan";
import type { Cycle, ProgrammeSettings } from "../domain/programme";
import { html, type Html } from "./html";
import { kindLabels } from "./labels";
import { mailPausedPanel, page } from "./layout";
import { programmeTerms, type Terms } from "./terms";

export function landingPage(settings: Terms): string {
  const terms = programmeTerms(settings);
  return page(
    "Inici",
    html`<h1>Mentories i assessoraments entre municipis</h1>
<p class="lead">La Xarxa de Municipis per l'Economia Social i Solidària (XMESS) ofereix als seus municipis membres dos serveis gratuïts i voluntaris per impulsar l'economia social i solidària (ESS) amb menys càrrega de feina i més sinergies.</p>
<div class="cards">
<section class="card" aria-labelledby="mentoria">
<h2 id="mentoria">Mentoria</h2>
<p>Una persona tècnica d'un ajuntament amb experiència en ESS acompanya una persona d'un altre municipi que hi comença. La mentoria és personal: hi participa sempre la mateixa persona, no la institució.</p>
<ul>
<li><strong>Setembre:</strong> inscripcions amb un formulari (dades i necessitats).</li>
<li><strong>Octubre:</strong> el programa proposa parelles segons les necessitats i la disponibilitat; les persones mentores accepten o declinen sense cap obligació.</li>
<li><strong>Novembre:</strong> la persona acompanyada contacta amb la mentora i pacten terminis, durada i activitats.</li>
<li><strong>Tancament:</strong> després ${terms.ofDuration} com a màxim, amb una valoració.</li>
</ul>
<p>Només hi ha dos requisits: fer <strong>${terms.meetings}</strong> i una durada màxima <strong>${terms.ofDuration}</strong>, llevat que totes dues parts acordin ampliar-la. Qui rep la mentoria es compromet a documentar-la amb una fitxa que es comparteix amb tota la xarxa.</p>
<p><a class="button" href="/sollicitud/${kindLabels.mentee.slug}">Vull rebre mentoria</a>
<a class="button button--secondary" href="/sollicitud/${kindLabels.mentor.slug}">Vull oferir mentoria</a></p>
</section>
<section class="card" aria-labelledby="assessorament">
<h2 id="assessorament">Assessorament especialitzat</h2>
<p>Sessions amb la secretaria tècnica o amb personal municipal capacitat per respondre una necessitat concreta de política pública d'ESS. Solen ser un paquet de ${terms.advisoryPackage}.</p>
<p>Quan diversos municipis pregunten sobre un tema semblant, les peticions s'uneixen en un assessorament compartit, on també es comparteixen informació, experiències i dubtes. Les sessions serveixen per preparar materials amb preguntes, respostes i solucions per a altres municipis.</p>
<p><a class="button" href="/sollicitud/${kindLabels.advisory.slug}">Demana un assessorament</a></p>
</section>
</div>
<p>Tots dos serveis són exclusius per als municipis membres de la XMESS i es basen en la confiança entre les parts.</p>
<section aria-labelledby="biblioteca">
<h2 id="biblioteca">Biblioteca de la xarxa</h2>
<p>Les fitxes de les mentories acabades i les preguntes i respostes dels assessoraments, obertes a tothom: <a href="/materials">consulta la biblioteca</a>.</p>
</section>`,
  );
}

/**
 * After a valid form post (docs/design.md §4a): the same page whether the address is
 * new, known or typed by someone else, so it says nothing about who applied.
 */
export function checkYourInboxPage(
  reference: string,
  email: string,
  settings: Pick<ProgrammeSettings, "confirmationDays" | "mailPaused">,
): string {
  const { confirmationDays } = settings;
  return page(
    "Revisa el teu correu",
    html`${mailPausedPanel(settings.mailPaused)}<div class="panel" role="status">
<h1>Revisa el teu correu per confirmar la sol·licitud</h1>
<p>T'hem enviat un enllaç a <strong>${email}</strong>. La sol·licitud no compta fins que l'obris i la confirmis.</p>
</div>
<h2>Què has de fer</h2>
<ol>
<li>Obre el correu «Confirma la teva sol·licitud a la XMESS». Si no el veus en uns minuts, mira a la carpeta de correu brossa o de promocions.</li>
<li>Obre l'enllaç, revisa les dades i prem <strong>Confirma la sol·licitud</strong>.</li>
<li>Desa aquell correu: el mateix enllaç és la teva pàgina personal, on podràs veure l'estat de la sol·licitud, corregir-la o retirar-la.</li>
</ol>
<h2>Si no t'arriba res</h2>
<p>Comprova que l'adreça és correcta; si no ho és, torna a omplir el formulari amb l'adreça bona. Sense confirmació, la sol·licitud s'esborra al cap ${confirmationDays === 1 ? "d'un dia" : `de ${confirmationDays} dies`}. Si tot i així no reps cap correu, escriu a la secretaria tècnica indicant la referència <strong>${reference}</strong>.</p>
<p><a href="/">Torna a l'inici</a></p>`,
  );
}

/** A page for an outcome a person cannot fix in the form itself. */
export function problemPage(
  title: string,
  message: Html | string,
  options: { back?: string; lostLinks?: boolean } = {},
): string {
  return page(
    title,
    html`<h1>${title}</h1>
<p>${message}</p>
${options.lostLinks ? html`<p>Si tens la teva adreça a mà, <a href="/enllacos">demana els teus enllaços vigents</a>: te'ls enviarem per correu.</p>` : ""}
<p>${options.back ? html`<a href="${options.back}">Torna al formulari</a> · ` : ""}<a href="/">Torna a l'inici</a></p>`,
  );
}

export const problems = {
  notMember: (kind: ApplicationKind) =>
    problemPage(
      "El municipi no és membre de la XMESS",
      "Aquests serveis són exclusius per als municipis membres de la XMESS. Si creus que és un error, escriu a la secretaria tècnica.",
      { back: `/sollicitud/${kindLabels[kind].slug}` },
    ),
  closed: (kind: ApplicationKind, next: Cycle | null, timezone: string) =>
    problemPage(
      "Les inscripcions estan tancades",
      next
        ? html`La propera convocatòria s'obrirà <strong>${onDate(next.applicationsOpenAt, timezone)}</strong>. Mentrestant, pots demanar un assessorament, que està obert tot l'any.`
        : "Ara mateix no hi ha cap convocatòria de mentoria oberta. Mentrestant, pots demanar un assessorament, que està obert tot l'any.",
      { back: `/sollicitud/${kindLabels[kind].slug}` },
    ),
  tooMany: () =>
    problemPage(
      "Massa sol·licituds seguides",
      "Hem rebut moltes sol·licituds des de la teva connexió en poca estona. Torna-ho a provar d'aquí a una hora.",
    ),
  tooLarge: () =>
    problemPage("La sol·licitud és massa llarga", "Escurça els textos i torna-la a enviar.", { back: "/" }),
  unsupported: () =>
    problemPage("No hem pogut llegir la sol·licitud", "Envia-la des del formulari de la web.", { back: "/" }),
  forbidden: () =>
    problemPage("No hem pogut acceptar la sol·licitud", "Envia-la des del formulari de la web de la XMESS."),
  notFound: () => problemPage("No hem trobat aquesta pàgina", "Comprova l'adreça o torna a l'inici."),
  unavailable: () =>
    problemPage(
      "El servei no està disponible",
      "Estem configurant el programa. Torna-ho a provar més tard o escriu a la secretaria tècnica.",
    ),
};
