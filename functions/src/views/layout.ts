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
<p>Xarxa de Municipis per l'Economia Social i Solidària (XMESS) · <a href="/materials">Biblioteca de la xarxa</a> · <a href="/privacitat">Avís de privacitat</a></p>
</div></footer>
${options.script ? html`<script src="${options.script}" defer></script>` : ""}
</body>
</html>`}`;
}
