/**
 * The languages a supplement is printed in: fixed text from the catalogs (en, de, fr), dates and
 * numbers with Intl for the locale ("16,88" in German), and country and language names from the
 * CLDR data that ships with Node's ICU (Intl.DisplayNames). A document has one language, or two
 * (`de,en`): then every label is printed in both, the first language first. Pure.
 */
import { formatNumber } from "../ects.js";
import { countryByCode, LANGUAGE_LABELS } from "../vocab.js";
import { de } from "./de.js";
import { en, type MessageKey, type Messages } from "./en.js";
import { fr } from "./fr.js";

export type { MessageKey, Messages } from "./en.js";

export const LANGS = ["en", "de", "fr"] as const;
export type Lang = (typeof LANGS)[number];

export const CATALOGS: Record<Lang, Messages> = { en, de, fr };

const LOCALES: Record<Lang, string> = { en: "en-GB", de: "de-DE", fr: "fr-FR" };

export function isLang(code: string): code is Lang {
  return (LANGS as readonly string[]).includes(code);
}

/** "de,en" → ["de", "en"]; an error in words for anything else. */
export function parseLangs(
  spec: string | readonly string[],
): { langs: Lang[] } | { error: string } {
  const given = (typeof spec === "string" ? spec.split(",") : [...spec])
    .map((c) => c.trim())
    .filter(Boolean);
  // A regional tag (de-DE, de_AT, en-GB) is read as its language.
  const codes = given.map((c) => c.toLowerCase().split(/[-_]/)[0] ?? "");
  const unknown = given.filter((_, i) => !isLang(codes[i] as string));
  const choices = `give one of ${LANGS.join(", ")}, or two for a bilingual document, e.g. de,en`;
  if (codes.length === 0) return { error: `no language is given: ${choices}` };
  if (unknown.length)
    return {
      error: `${unknown.map((c) => `"${c}"`).join(" and ")} ${unknown.length === 1 ? "is not a language" : "are not languages"} a supplement can be printed in: ${choices}`,
    };
  if (codes.length > 2)
    return {
      error: `"${given.join(",")}" names ${codes.length} languages; a supplement is printed in one, or two (bilingual)`,
    };
  if (new Set(codes).size !== codes.length)
    return { error: `"${given.join(",")}" names the same language twice: ${choices}` };
  return { langs: codes as Lang[] };
}

export interface Translator {
  lang: Lang;
  /** The second language of a bilingual document. */
  alt: Lang | null;
  /** Fixed text with `{name}` filled in. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The same in another language. */
  in(lang: Lang): Translator;
  /** "2026-11-22" → "22 November 2026", "22. November 2026", "22 novembre 2026". */
  date(iso: string): string;
  number(x: number, maxDecimals?: number): string;
  /** A country's name from its ISO 3166-1 alpha-2 code. */
  country(alpha2: string): string | undefined;
  /** A language's name from its ISO 639-1 code. */
  language(code: string): string;
}

const cache = new Map<string, Translator>();

export function createTranslator(langs: readonly Lang[] = ["en"]): Translator {
  const lang = langs[0] ?? "en";
  const alt = langs[1] ?? null;
  const key = `${lang},${alt ?? ""}`;
  const found = cache.get(key);
  if (found) return found;
  const messages = CATALOGS[lang];
  const locale = LOCALES[lang];
  // Made on first use: each loads locale data (together about 15 ms), and English needs no names.
  let dates: Intl.DateTimeFormat | undefined;
  let regions: Intl.DisplayNames | undefined;
  let languages: Intl.DisplayNames | undefined;
  const numbers = new Map<number, Intl.NumberFormat>();
  const tr: Translator = {
    lang,
    alt,
    t(k, params) {
      const text = messages[k];
      if (text === undefined) throw new Error(`no text for ${k} in ${lang}`);
      return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => String(params[p] ?? m)) : text;
    },
    in: (other) => createTranslator([other]),
    date(iso) {
      const d = new Date(`${iso}T00:00:00Z`);
      if (Number.isNaN(d.getTime())) return iso;
      dates ??= new Intl.DateTimeFormat(locale, {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      });
      return dates.format(d);
    },
    number(x, maxDecimals = 2) {
      // English keeps the digits as they are written (16.88, 1050), as its documents always had.
      if (lang === "en") return formatNumber(x, maxDecimals);
      let f = numbers.get(maxDecimals);
      if (!f) {
        f = new Intl.NumberFormat(locale, { maximumFractionDigits: maxDecimals });
        numbers.set(maxDecimals, f);
      }
      return f.format(x);
    },
    country(alpha2) {
      const code = alpha2.toUpperCase();
      if (lang === "en") return countryByCode(code)?.name;
      if (!countryByCode(code)) return undefined;
      regions ??= new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
      return regions.of(code) ?? undefined;
    },
    language(code) {
      if (lang === "en") return LANGUAGE_LABELS[code] ?? code.toUpperCase();
      // As the locale writes them: "Englisch", "anglais".
      languages ??= new Intl.DisplayNames([locale], { type: "language", fallback: "none" });
      return languages.of(code) ?? code.toUpperCase();
    },
  };
  cache.set(key, tr);
  return tr;
}
