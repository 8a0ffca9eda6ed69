/**
 * The privacy notice (docs/design.md §13), written from `settings/programme` so the
 * secretariat keeps it true without a deploy: who decides, on what basis,
 * what is kept and how long, who processes it and where, and the rights.
 */
import { counted, ofWord } from "../domain/catalan";
import type { ProgrammeSettings } from "../domain/programme";
import { html } from "./html";
import { page } from "./layout";

type PrivacyTerms = Pick<
  ProgrammeSettings,
  "privacy" | "secretariatEmail" | "mailRetentionDays" | "retentionYears" | "confirmationDays"
>;

/** Resend's regions as people read them; only `eu-west-1` keeps the data in the EU. */
const emailRegionLabels = {
  "eu-west-1": { place: "la Unió Europea (Irlanda)", inEu: true },
  "us-east-1": { place: "els Estats Units (Virgínia)", inEu: false },
  "sa-east-1": { place: "el Brasil (São Paulo)", inEu: false },
  "ap-northeast-1": { place: "el Japó (Tòquio)", inEu: false },
} as const;

export function privacyPage(settings: PrivacyTerms, functionsRegionLabel: string): string {
  const { privacy } = settings;
  const contact = privacy.contactEmail ?? settings.secretariatEmail;
  const email = emailRegionLabels[privacy.emailRegion];
  return page(
    "Avís de privacitat",
    html`<h1>Avís de privacitat</h1>
<p>Aquest avís explica com es tracten les dades personals que envies amb els formularis de mentoria i d'assessorament de la XMESS, i les que es generen mentre hi participes.</p>
<h2>Qui en és responsable</h2>
<p><strong>${privacy.controllerName}</strong>${privacy.controllerAddress ? html`, ${privacy.controllerAddress}` : ""}. Contacte: <a href="mailto:${contact}">${contact}</a>.</p>
${privacy.dpoContact ? html`<p>Delegat o delegada de protecció de dades: ${privacy.dpoContact}.</p>` : ""}
<h2>Per a què les fem servir</h2>
<ul>
<li>Gestionar la teva sol·licitud i confirmar-la amb tu.</li>
<li>Proposar parelles de mentoria segons les necessitats i la disponibilitat, i agrupar peticions d'assessorament semblants.</li>
<li>Organitzar les trobades i les sessions, recordar els terminis i enviar-te els correus del programa.</li>
<li>Fer el seguiment del programa amb xifres agregades.</li>
<li>Compartir amb la xarxa les fitxes de les mentories i els materials dels assessoraments, sense dades de contacte; el nom de qui signa una fitxa només hi surt si ho ha autoritzat.</li>
</ul>
<h2>Base jurídica</h2>
<p>${privacy.legalBasis}</p>
<h2>Quines dades</h2>
<p>Nom, adreça electrònica, càrrec i municipi; les respostes del formulari (temes, necessitats o experiència, disponibilitat, modalitats); les trobades, les incidències i les valoracions que registres; i l'estat dels correus que t'enviem.</p>
<h2>Qui hi té accés</h2>
<p>La secretaria tècnica. Si se't proposa una mentoria, la persona mentora veurà el teu municipi i les teves necessitats; quan l'accepti, totes dues parts tindreu el contacte de l'altra. En un assessorament compartit, els municipis participants veuran qui més hi participa.</p>
<h2>Qui les tracta per encàrrec nostre</h2>
<ul>
<li><strong>Google Cloud (Firebase)</strong> guarda les dades i executa l'aplicació a ${functionsRegionLabel}.</li>
<li><strong>Resend</strong> envia els correus des de ${email.place}.${email.inEu ? "" : " Les dades surten de la Unió Europea: aquesta transferència s'empara en les garanties del capítol V del Reglament general de protecció de dades (com ara les clàusules contractuals tipus de la Comissió Europea)."}</li>
</ul>
<h2>Quant de temps les guardem</h2>
<ul>
<li>Una sol·licitud que no confirmes s'esborra al cap ${ofWord(counted(settings.confirmationDays, "dia", "dies", "masculine"))}.</li>
<li>Els correus que t'enviem s'esborren al cap ${ofWord(counted(settings.mailRetentionDays, "dia", "dies", "masculine"))}.</li>
<li>Les sol·licituds, les mentories, les trobades, les incidències i les valoracions s'anonimitzen ${counted(settings.retentionYears, "any", "anys", "masculine")} després que acabi el cicle. Només se'n conserven xifres agregades, que no identifiquen ningú.</li>
</ul>
<h2>Els teus drets</h2>
<p>Pots demanar l'accés a les teves dades, rectificar-les, suprimir-les, oposar-t'hi, limitar-ne el tractament o la portabilitat escrivint a <a href="mailto:${contact}">${contact}</a>. Des de la teva pàgina personal també pots corregir o retirar la sol·licitud.</p>
<p>Si creus que no hem atès bé els teus drets, pots presentar una reclamació a l'<a href="https://apdcat.gencat.cat/">Autoritat Catalana de Protecció de Dades (APDCAT)</a>.</p>
<p><a href="/">Torna a l'inici</a></p>`,
  );
}
