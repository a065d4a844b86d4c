/** Rules about the languages of a program's text. */

import { fieldName } from "../validate.js";
import { LANGUAGE_LABELS } from "../vocab.js";
import type { Rule } from "./types.js";

const name = (code: string) => `${LANGUAGE_LABELS[code] ?? code.toUpperCase()} (${code})`;

export const I18N_RULES: readonly Rule[] = [
  {
    id: "i18n/missing-translation",
    severity: "warning",
    profiles: ["fibaa", "eu-microcredential"],
    description: "Every text of the program is given in the language the supplement is printed in.",
    explanation:
      "A text field may be a string, in the program's own language (the first of `languages:`), or a map from a language code to the text: `title: {en: …, de: …}`. When a supplement is printed in a language a field lacks (`--lang de`, or `language:` in the configuration), the program's own text is printed with a note such as \"(nur auf Englisch)\". `check --lang de` reports each such field. Add the translation, e.g. `title: {en: Full Stack Developer, de: Full-Stack-Entwicklung}`; to require complete translations, set `i18n/missing-translation: error` under `rules:`.",
    check({ untranslated }) {
      return (untranslated ?? []).map((u) => ({
        path: u.path,
        message: `${fieldName(u.path)} has no text in ${name(u.lang)}; the ${name(u.printed)} text is printed instead`,
        hint: `Write it as {${u.printed}: …, ${u.lang}: …}.`,
      }));
    },
  },
];
