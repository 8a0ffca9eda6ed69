/** What a person reads when a link from an email cannot be used, in the words of its purpose. */
import type { LinkClaims } from "../domain/links";
import { problemPage } from "./pages";

type Purpose = LinkClaims["purpose"];

const texts: Record<Purpose, { expired: string; notFoundTitle: string; notFound: string }> = {
  proposal: {
    expired:
      "El termini per respondre aquesta proposta ha passat. Si encara t'interessa, escriu a la secretaria tècnica.",
    notFoundTitle: "No hem trobat aquesta proposta",
    notFound: "Potser la secretaria tècnica l'ha retirada. Escriu-li si tens dubtes.",
  },
  mentorship: {
    expired:
      "Aquest enllaç a la pàgina de la mentoria ja no és vàlid. Escriu a la secretaria tècnica i te n'enviarà un de nou.",
    notFoundTitle: "No hem trobat aquesta mentoria",
    notFound: "Potser la secretaria tècnica l'ha anul·lada. Escriu-li si tens dubtes.",
  },
};

function problemsOf(purpose: Purpose) {
  return {
    invalid: () =>
      problemPage(
        "L'enllaç no és vàlid",
        "Comprova que l'has copiat sencer des del correu, o escriu a la secretaria tècnica.",
      ),
    expired: () => problemPage("L'enllaç ha caducat", texts[purpose].expired),
    notFound: () => problemPage(texts[purpose].notFoundTitle, texts[purpose].notFound),
  };
}

export const linkProblems: Record<Purpose, ReturnType<typeof problemsOf>> = {
  proposal: problemsOf("proposal"),
  mentorship: problemsOf("mentorship"),
};
