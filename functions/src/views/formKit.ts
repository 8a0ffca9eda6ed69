/**
 * The one set of form controls every page uses (the application form, the
 * participant page, and the pages to come): a label, a hint and an error
 * linked to the control by `aria-describedby`, the GOV.UK error pattern
 * (a summary at the top linking to each field, the message beside it), and
 * the `data-message` the browser script (hosting/js/form.js) reads.
 */
import type { FieldErrors } from "../domain/application";
import { html, Html } from "./html";

interface FormState {
  values?: Record<string, unknown>;
  errors?: FieldErrors;
  /** Prefixes every id, for pages with several forms (`meeting-date`). */
  prefix?: string;
}

export interface Choice {
  value: string;
  label: string;
}

interface Common {
  hint?: string;
  /** The message shown when the field is wrong; the browser script shows it before sending. */
  message?: string;
  required?: boolean;
}

const text = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(text) : typeof value === "string" && value ? [value] : [];

/** `extra` attributes are trusted markup this code writes (min, max, inputmode), never user input. */
export function formKit(state: FormState) {
  const values = state.values ?? {};
  const errors = state.errors ?? {};
  const id = (field: string) => (state.prefix ? `${state.prefix}-${field}` : field);

  const error = (field: string): Html =>
    errors[field]
      ? html`<p class="error-message" id="${id(field)}-error"><span class="visually-hidden">Error: </span>${errors[field]}</p>`
      : html``;
  const hint = (field: string, text?: string): Html =>
    text ? html`<p class="hint" id="${id(field)}-hint">${text}</p>` : html``;
  const describedBy = (field: string, withHint: boolean) =>
    [withHint ? `${id(field)}-hint` : "", errors[field] ? `${id(field)}-error` : ""].filter(Boolean).join(" ");
  const aria = (field: string, withHint: boolean): Html => {
    const ids = describedBy(field, withHint);
    return html`${ids ? html` aria-describedby="${ids}"` : ""}${errors[field] ? html` aria-invalid="true"` : ""}`;
  };
  const wrapper = (field: string, options: Common, inner: Html): Html =>
    html`<div class="field${errors[field] ? " field--error" : ""}"${options.message ? html` data-message="${options.message}"` : ""}>
${inner}
</div>`;
  /** Label, hint and error: what every single control starts with. */
  const labelled = (field: string, label: string, hintText?: string): Html =>
    html`<label for="${id(field)}">${label}</label>
${hint(field, hintText)}
${error(field)}`;
  /** A fieldset whose legend names the question, for controls that answer it together. */
  const group = (field: string, legend: string, options: Common, controls: Html): Html =>
    wrapper(
      field,
      options,
      html`<fieldset${aria(field, Boolean(options.hint))}>
<legend>${legend}</legend>
${hint(field, options.hint)}
${error(field)}
${controls}
</fieldset>`,
    );
  const required = (options: Common): Html => (options.required === false ? html`` : html` required`);

  return {
    /** The id a field's error in the summary links to. */
    anchor: (field: string, kind: "single" | "choices" = "single") =>
      kind === "choices" ? `${id(field)}-0` : id(field),

    input(
      field: string,
      label: string,
      options: Common & { type?: string; autocomplete?: string; max?: number; extra?: string } = {},
    ): Html {
      return wrapper(
        field,
        options,
        html`${labelled(field, label, options.hint)}
<input id="${id(field)}" name="${field}" type="${options.type ?? "text"}" value="${text(values[field])}"${
          options.max ? html` maxlength="${options.max}"` : ""
        }${required(options)}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ""}${
          options.extra ? new Html(` ${options.extra}`) : ""
        }${aria(field, Boolean(options.hint))}>`,
      );
    },

    textarea(field: string, label: string, options: Common & { max?: number; rows?: number } = {}): Html {
      const withMax = options.max
        ? `${options.hint ? `${options.hint} ` : ""}Màxim ${options.max.toLocaleString("ca-ES")} caràcters.`
        : options.hint;
      return wrapper(
        field,
        options,
        html`${labelled(field, label, withMax)}
<textarea id="${id(field)}" name="${field}" rows="${options.rows ?? 4}"${options.max ? html` maxlength="${options.max}"` : ""}${required(
          options,
        )}${aria(field, Boolean(withMax))}>${text(values[field])}</textarea>`,
      );
    },

    select(field: string, label: string, items: readonly Choice[], options: Common & { placeholder: string }): Html {
      const chosen = text(values[field]);
      return wrapper(
        field,
        options,
        html`${labelled(field, label, options.hint)}
<select id="${id(field)}" name="${field}"${required(options)}${aria(field, Boolean(options.hint))}>
<option value="">${options.placeholder}</option>
${items.map((item) => html`<option value="${item.value}"${chosen === item.value ? html` selected` : ""}>${item.label}</option>`)}
</select>`,
      );
    },

    /** Checkboxes or radios in a fieldset whose legend names the question. */
    choices(
      field: string,
      legend: string,
      items: readonly Choice[],
      options: Common & { type: "checkbox" | "radio" },
    ): Html {
      const chosen = new Set(list(values[field]));
      return group(
        field,
        legend,
        options,
        html`<div class="choices">${items.map(
          (item, i) =>
            html`<div class="choice"><input type="${options.type}" id="${id(field)}-${i}" name="${field}" value="${item.value}"${
              chosen.has(item.value) ? html` checked` : ""
            }><label for="${id(field)}-${i}">${item.label}</label></div>`,
        )}</div>`,
      );
    },

    /**
     * Checkboxes laid out as a table (the availability grid): the row and
     * column headers say what a box means to the eye, and each box's own
     * label says it in full to a screen reader ("dilluns al matí").
     */
    grid(
      field: string,
      legend: string,
      table: { columns: readonly string[]; rows: readonly { heading: string; cells: readonly (Choice | null)[] }[] },
      options: Common,
    ): Html {
      const chosen = new Set(list(values[field]));
      let index = 0;
      const cell = (choice: Choice | null): Html => {
        if (!choice) return html`<td></td>`;
        const boxId = `${id(field)}-${index++}`;
        return html`<td><label class="grid-choice" for="${boxId}"><input type="checkbox" id="${boxId}" name="${field}" value="${choice.value}"${
          chosen.has(choice.value) ? html` checked` : ""
        }><span class="visually-hidden">${choice.label}</span></label></td>`;
      };
      return group(
        field,
        legend,
        options,
        html`<table class="grid">
<thead><tr><td></td>${table.columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => html`<tr><th scope="row">${row.heading}</th>${row.cells.map(cell)}</tr>`)}</tbody>
</table>`,
      );
    },

    /** One checkbox that must be ticked (consent), its label given as markup. */
    checkbox(field: string, label: Html, options: Common = {}): Html {
      const checked = values[field] === "on" || values[field] === true;
      return wrapper(
        field,
        options,
        html`${error(field)}
<div class="choice"><input type="checkbox" id="${id(field)}" name="${field}" value="on"${required(options)}${
          checked ? html` checked` : ""
        }${aria(field, false)}><label for="${id(field)}">${label}</label></div>`,
      );
    },

    /** A field people never see or fill in: a post that fills it is a robot's, answered as any other and kept nowhere. */
    honeypot(): Html {
      return html`<div class="field hp">
<label for="${id("website")}">Deixa aquest camp en blanc</label>
<input id="${id("website")}" name="website" type="text" tabindex="-1" autocomplete="off" value="">
</div>`;
    },

    /** The summary at the top: every error, in `order`, linking to its field. */
    summary(title: (count: number) => string, anchors: (field: string) => string, order: readonly string[] = []): Html {
      const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
      const entries = Object.entries(errors).sort(([a], [b]) => position(a) - position(b));
      if (entries.length === 0) return html``;
      return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" data-error-summary>
<h2 id="error-summary-title">${title(entries.length)}</h2>
<ul>${entries.map(([field, message]) => html`<li><a href="#${anchors(field)}">${message}</a></li>`)}</ul>
</div>`;
    },
  };
}

/** "Hi ha un problema", "Hi ha 3 problemes". */
export const problemsTitle = (count: number, what = "") =>
  `Hi ha ${count === 1 ? "un problema" : `${count} problemes`}${what ? ` ${what}` : ""}`;
