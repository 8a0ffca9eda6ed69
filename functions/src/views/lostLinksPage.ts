/**
 * `/enllacos` (docs/design.md §16): one field, the address; the answer is the same
 * page for every address, so it tells nobody who takes part.
 */
import type { FieldErrors } from "../domain/application";
import { formKit, problemsTitle } from "./formKit";
import { html } from "./html";
import { page } from "./layout";

export const lostLinksPath = "/enllacos";

export function lostLinksForm(state: { values?: Record<string, unknown>; errors?: FieldErrors } = {}): string {
  const kit = formKit(state);
  const hasErrors = Object.keys(state.errors ?? {}).length > 0;
  const title = "He perdut els meus enllaços";
  return page(
    hasErrors ? `Error: ${title}` : title,
    html`${kit.summary(
      (n) => problemsTitle(n),
      (field) => field,
    )}
<h1>${title}</h1>
<p class="lead">Si has perdut el correu amb l'enllaç a la teva sol·licitud, a una proposta o a la pàgina de la teva mentoria, escriu l'adreça amb què vas participar i t'enviarem tots els enllaços que tinguis vigents.</p>
<form method="post" action="${lostLinksPath}" accept-charset="utf-8">
${kit.input("email", "Adreça electrònica", { type: "email", autocomplete: "email", max: 254, hint: "La mateixa adreça que vas escriure al formulari." })}
${kit.honeypot()}
<button type="submit" class="button">Envia'm els enllaços</button>
</form>
<p><a href="/">Torna a l'inici</a></p>`,
  );
}

/** What every valid address gets, whether it has links or not. */
export function lostLinksSentPage(): string {
  return page(
    "Revisa el teu correu",
    html`<div class="panel" role="status">
<h1>Revisa el teu correu</h1>
<p>Si hi ha res a nom d'aquesta adreça, rebràs un correu amb els teus enllaços en uns minuts.</p>
</div>
<p>Si no t'arriba res, mira a la carpeta de correu brossa, comprova que és l'adreça amb què vas participar o escriu a la secretaria tècnica.</p>
<p><a href="/">Torna a l'inici</a></p>`,
  );
}
