/**
 * Program text in several languages. Every free-text field of a program or catalog may be a
 * string (in the program's own language, the first of `languages:`) or a map from a language
 * code to the text: `title: {en: …, de: …}`. Before rules and templates see a program, its text is
 * resolved to the document's language; where that language is missing, the program's own
 * language is printed (or English, or the first text given), marked as such, and the field is
 * reported (i18n/missing-translation). Pure.
 */

/** Text made safe inside HTML or XML markup, in content and in quoted attributes. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A map of text by language code, as the schema allows it (`^[a-z]{2}$` keys, string values). */
export function isTextMap(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length > 0 && entries.every(([k, v]) => /^[a-z]{2}$/.test(k) && typeof v === "string")
  );
}

export interface Untranslated {
  path: (string | number)[];
  /** The language asked for. */
  lang: string;
  /** The language printed instead. */
  printed: string;
}

export interface ResolveOptions {
  /** The document's language. */
  lang: string;
  /** The program's own language: what a plain string is written in. */
  source: string;
  /** Appended to a text printed in another language than `lang`, e.g. " (nur auf Englisch)". */
  mark?: (printed: string) => string;
}

/** A copy of `value` with every text resolved to one language, and the fields that lacked it. */
export function resolveTexts(
  value: unknown,
  options: ResolveOptions,
): { value: unknown; untranslated: Untranslated[] } {
  const untranslated: Untranslated[] = [];
  const pick = (text: string, printed: string, path: (string | number)[]): string => {
    if (printed === options.lang) return text;
    untranslated.push({ path, lang: options.lang, printed });
    return options.mark ? `${text}${options.mark(printed)}` : text;
  };
  const walk = (v: unknown, path: (string | number)[], key?: string): unknown => {
    if (typeof v === "string")
      // Only text fields are translatable; ids, codes, dates and URLs are plain strings too.
      return key !== undefined && TEXT_KEYS.has(key) ? pick(v, options.source, path) : v;
    if (isTextMap(v)) {
      const lang = [options.lang, options.source, "en"].find((l) => v[l] !== undefined);
      const printed = lang ?? (Object.keys(v)[0] as string);
      return pick(v[printed] as string, printed, path);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i], key));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k], k)]));
    return v;
  };
  return { value: walk(value, []), untranslated };
}

/**
 * The keys whose values are translatable text (schemas/*.schema.json, $defs/text): a plain string
 * under one of them is in the program's own language.
 */
export const TEXT_KEYS = new Set([
  "title",
  "description",
  "eqfNote",
  "learningOutcomes",
  "prerequisites",
  "stackability",
  "additionalInformation",
  "role",
  "method",
  "start",
  "conditions",
  "place",
]);
