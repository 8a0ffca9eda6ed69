/** The page frame shared by every public page. */
import { html, type Html } from "./html";
import { programmeName } from "./labels";

/** The page frame shared by every public page: language, skip link, landmarks. */
export function page(title: string, body: Html, options: { script?: string; feed?: string } = {}): string {
  return `<!doctype html>${html`<html lang="ca">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${programmeName}</title>
<link rel="stylesheet" href="/css/xmess.css">
${options.feed ? html`<link rel="alternate" type="application/atom+xml" title="Biblioteca de la XMESS" href="${options.feed}">` : ""}
</head>
<body>
<a class="skip-link" href="#contingut">Salta al contingut principal</a>
<header class="site-header"><div class="wrap"><a class="brand" href="/">XMESS · Mentories i assessoraments</a></div></header>
<main id="contingut" class="wrap" tabindex="-1">
${body}
</main>
<footer class="site-footer"><div class="wrap">
<p>Xarxa de Municipis per l'Economia Social i Solidària (XMESS) · <a href="/materials">Biblioteca de la xarxa</a> · <a href="/enllacos">He perdut els meus enllaços</a> · <a href="/privacitat">Avís de privacitat</a></p>
</div></footer>
${options.script ? html`<script src="${options.script}" defer></script>` : ""}
</body>
</html>`}`;
}

/**
 * While the secretariat has mail paused (docs/design.md §15), a page that promises an
 * email says why it may not come yet, and that it is not lost.
 */
export const mailPausedPanel = (paused: boolean) =>
  paused
    ? html`<div class="panel" role="status"><p><strong>Ara mateix el programa té l'enviament de correus aturat per una revisió.</strong> Els correus que et corresponguin no es perden: t'arribaran tan bon punt es reprengui l'enviament.</p></div>`
    : "";
