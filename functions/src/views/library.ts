/**
 * The network's library (docs/design.md §12): the list, one material, and its Atom
 * feed. Only what `libraryOf` lets through reaches these views.
 */
import { onDate } from "../domain/catalan";
import {
  fitxaSections,
  materialDate,
  materialKindLabels,
  materialTitle,
  materialTopicLabels,
  type ListedMaterial,
} from "../domain/materials";
import type { Topic } from "../domain/programme";
import { formatDate, html, type Html } from "./html";
import { page } from "./layout";

const materialPath = (id: string) => `/materials/${encodeURIComponent(id)}`;

function facts(material: ListedMaterial, timezone: string): Html {
  const topics = materialTopicLabels(material);
  const authors = material.kind === "mentorship" ? material.authors : [];
  return html`<dl class="facts">
<dt>Tipus</dt><dd>${materialKindLabels[material.kind]}</dd>
${material.municipalities.length > 0 ? html`<dt>Municipis</dt><dd>${material.municipalities.join(", ")}</dd>` : ""}
${authors.length > 0 ? html`<dt>Autoria</dt><dd>${authors.join(", ")}</dd>` : ""}
${topics.length > 0 ? html`<dt>Temes</dt><dd>${topics.join(", ")}</dd>` : ""}
<dt>Data</dt><dd><time datetime="${materialDate(material).toISOString()}">${formatDate(materialDate(material), timezone)}</time></dd>
</dl>`;
}

export function libraryPage(
  materials: readonly ListedMaterial[],
  topics: readonly Topic[],
  selected: Topic | null,
  timezone: string,
): string {
  return page(
    selected ? `Biblioteca: ${selected.label}` : "Biblioteca de la xarxa",
    html`<h1>Biblioteca de la xarxa</h1>
<p class="lead">Les fitxes de les mentories acabades i les preguntes i respostes dels assessoraments: el que els municipis de la XMESS han après, perquè tota la xarxa en pugui aprendre.</p>
<form method="get" action="/materials" class="filter">
<div class="field">
<label for="tema">Tema</label>
<select id="tema" name="tema">
<option value="">Tots els temes</option>
${topics.map((t) => html`<option value="${t.id}"${selected?.id === t.id ? html` selected` : ""}>${t.label}</option>`)}
</select>
</div>
<button type="submit" class="button button--secondary">Filtra</button>
</form>
<p role="status">${
      materials.length === 0
        ? selected
          ? `Encara no hi ha cap material publicat sobre «${selected.label}».`
          : "Encara no hi ha cap material publicat."
        : `${materials.length === 1 ? "1 material" : `${materials.length} materials`}${selected ? ` sobre «${selected.label}»` : ""}, del més recent al més antic.`
    }</p>
<ol class="library">
${materials.map(
  (m) => html`<li><article aria-labelledby="m-${m.id}">
<h2 id="m-${m.id}"><a href="${materialPath(m.id)}">${materialTitle(m)}</a></h2>
${facts(m, timezone)}
</article></li>`,
)}
</ol>
<p><a href="/materials/feed.xml">Subscriu-t'hi (Atom)</a> per saber quan se'n publica un de nou.</p>`,
    { feed: "/materials/feed.xml" },
  );
}

export function materialPage(material: ListedMaterial, timezone: string): string {
  const body =
    material.kind === "mentorship"
      ? fitxaSections
          .filter(([field]) => material[field].trim() !== "")
          .map(([field, label]) => html`<h2>${label}</h2>\n<p class="prose">${material[field]}</p>`)
      : material.questionsAndAnswers.map(
          (qa, i) => html`<h2 id="pregunta-${i + 1}">${qa.question}</h2>\n<p class="prose">${qa.answer}</p>`,
        );
  return page(
    materialTitle(material),
    html`<article>
<h1>${materialTitle(material)}</h1>
${facts(material, timezone)}
${body}
</article>
<p class="no-print"><a href="/materials">Torna a la biblioteca</a></p>`,
    { feed: "/materials/feed.xml" },
  );
}

/** Characters XML 1.0 does not allow anywhere, even escaped (a console edit may bring them). */
// eslint-disable-next-line no-control-regex -- removing them is the point
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlText = (text: string) => text.replace(notXml, "");

/** An Atom 1.0 feed (RFC 4287) of the library, newest first. */
export function atomFeed(materials: readonly ListedMaterial[], baseUrl: string, timezone: string, now: Date): string {
  const base = baseUrl.replace(/\/+$/, "");
  const updated = materials.length > 0 ? materialDate(materials[0]!) : now;
  const entries = materials.map((m) => {
    const summary = [
      materialKindLabels[m.kind],
      m.municipalities.join(", "),
      materialTopicLabels(m).join(", "),
      onDate(materialDate(m), timezone),
    ]
      .filter(Boolean)
      .join(" · ");
    return html`<entry>
<id>${base}${materialPath(m.id)}</id>
<title>${xmlText(materialTitle(m))}</title>
<link rel="alternate" type="text/html" href="${base}${materialPath(m.id)}"/>
<updated>${materialDate(m).toISOString()}</updated>
${(m.kind === "mentorship" ? m.authors : []).map((name) => html`<author><name>${xmlText(name)}</name></author>`)}
${materialTopicLabels(m).map((label) => html`<category term="${xmlText(label)}"/>`)}
<summary>${xmlText(summary)}</summary>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n${html`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ca">
<id>${base}/materials</id>
<title>Biblioteca de la XMESS</title>
<subtitle>Fitxes de mentoria i preguntes i respostes d'assessorament de la Xarxa de Municipis per l'Economia Social i Solidària</subtitle>
<link rel="self" type="application/atom+xml" href="${base}/materials/feed.xml"/>
<link rel="alternate" type="text/html" href="${base}/materials"/>
<updated>${updated.toISOString()}</updated>
<author><name>XMESS</name></author>
${entries}
</feed>`}\n`;
}
