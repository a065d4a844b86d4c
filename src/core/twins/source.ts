/**
 * What the twins are made from: the program as checked (text in one language) and its text in
 * every language the YAML gives. Pure.
 */
import type { Program } from "../../types/program.gen.js";
import type { Workload } from "../ects.js";
import { isTextMap } from "../text.js";

export interface TwinSource {
  /** The program with its text in `lang`. */
  program: Program;
  /** The same program before its text was resolved: fields may be {language: text}. */
  localized: unknown;
  /** The program's own language: what plain strings are written in. */
  sourceLang: string;
  /** The language of single-language output (OB3): the document's first language. */
  lang: string;
  workload: Workload;
}

/** `make`, called once per source: the program's parts that every learner's twin shares. */
export function oncePerSource<T>(make: (source: TwinSource) => T): (source: TwinSource) => T {
  const made = new WeakMap<TwinSource, T>();
  return (source) => {
    if (!made.has(source)) made.set(source, make(source));
    return made.get(source) as T;
  };
}

/** Reads a value of the localized program by path. */
export function at(source: TwinSource, path: (string | number)[]): unknown {
  let v: unknown = source.localized;
  for (const p of path)
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** A text field in every language given: {en: …, de: …}; undefined when the field is absent. */
export function texts(
  source: TwinSource,
  path: (string | number)[],
): Record<string, string> | undefined {
  const v = at(source, path);
  if (typeof v === "string") return v.trim() ? { [source.sourceLang]: v } : undefined;
  if (isTextMap(v)) return { ...v };
  return undefined;
}

/** A name that is not translated (issuer, partner): in the program's language. */
export function plain(source: TwinSource, text: string): Record<string, string> {
  return { [source.sourceLang]: text };
}

/** A file-name- and URN-safe form of a name: "Coursera Inc." → "coursera-inc". */
export function slug(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s || "issuer";
}
