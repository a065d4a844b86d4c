/** From a program's text to a validated program, its workload and every finding, in one pass. */
import { readSchema } from "../paths.js";
import type { Program } from "../types/program.gen.js";
import { type Catalog, EMPTY_CATALOG, resolveReferences } from "./catalog.js";
import { type Diagnostic, hasErrors, sortDiagnostics } from "./diagnostics.js";
import { type CreditPolicy, computeWorkload, resolvePolicy, type Workload } from "./ects.js";
import { createTranslator, isLang } from "./i18n/index.js";
import { DEFAULT_SETTINGS, type RuleSettings, runRules } from "./rules/index.js";
import { fastLoad, lazySource, parseYamlSource, positionAt, type SourceFile } from "./source.js";
import { resolveTexts } from "./text.js";
import { createValidator, type Validator } from "./validate.js";
import type { DocumentAssets } from "./view.js";

export interface ProgramAnalysis {
  file: string;
  source: SourceFile;
  /** Present when the program passed the schema (it may still have rule findings). */
  program: Program | undefined;
  policy: CreditPolicy | undefined;
  workload: Workload | undefined;
  diagnostics: Diagnostic[];
  /** True when no finding is an error. */
  ok: boolean;
  /** True when the file is well-formed YAML holding a mapping: a program, valid or not. */
  readable: boolean;
  /**
   * The program (catalog references written out) before its text was resolved to one language:
   * text fields may be {language: text}. For the machine-readable twins, which carry every language.
   */
  localized?: unknown;
  /** The program's own language: the first of `languages:`, else English. */
  sourceLang?: string;
  /** The images the program names, once loaded and checked (by services/analyze.ts). */
  assets?: DocumentAssets;
}

export interface AnalyzeOptions {
  /** Credit policy from the configuration; the program's own `creditPolicy` overrides it. */
  policy?: Partial<CreditPolicy>;
  /** Profile, severities and check options; FIBAA with default severities and today's date if absent. */
  settings?: RuleSettings;
  /** Modules that programs may refer to with `- ref: <id>`. */
  catalog?: Catalog;
  /**
   * The language the program's text is wanted in (a document's, or `check --lang`): text written
   * as {language: text} is resolved to it, and fields without it are reported
   * (i18n/missing-translation). Without it, text is read in the program's own language.
   */
  lang?: string;
  /** Mark text printed in another language than `lang` ("(only in English)"), for documents. */
  markUntranslated?: boolean;
}

let programValidator: Validator | undefined;
export function validateProgramValue(value: unknown, source: SourceFile): Diagnostic[] {
  programValidator ??= createValidator(readSchema("program.schema.json"), "program");
  return programValidator(value, source);
}

/**
 * After a syntax error the recovered value is partial: text may have been swallowed by an
 * unclosed quote or lost to bad indentation. Findings on the lines at fault, "missing" findings
 * and findings about values that came out empty are likely consequences, not separate problems.
 */
function isSyntaxAftermath(
  d: Diagnostic,
  value: unknown,
  syntaxLines: ReadonlySet<number>,
): boolean {
  if (syntaxLines.has(d.range.start.line) || d.code === "schema/required") return true;
  let node: unknown = value;
  for (const seg of d.path ?? [])
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined;
  return node === null || node === undefined;
}

export function analyzeProgram(
  file: string,
  text: string,
  options: AnalyzeOptions = {},
): ProgramAnalysis {
  // Bytes that are not UTF-8 were decoded as U+FFFD: say so, rather than quote garbage.
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    const source = lazySource(file, text);
    const pos = positionAt(source.lines, bad);
    return {
      file,
      source,
      program: undefined,
      policy: undefined,
      workload: undefined,
      diagnostics: [
        {
          code: "yaml/encoding",
          severity: "error",
          file,
          range: { start: pos, end: positionAt(source.lines, bad + 1) },
          message: "the file is not valid UTF-8 text (the first byte that is not UTF-8 is here)",
          hint: "Save the file as UTF-8; a program is a YAML text file.",
        },
      ],
      ok: false,
      readable: false,
    };
  }
  // Most programs are well-formed: read them fast and parse positions only if a finding needs them.
  const fast = fastLoad(text);
  if (fast && fast.value !== null && typeof fast.value === "object" && !Array.isArray(fast.value)) {
    return analyzeValue(lazySource(file, text), fast.value, [], options);
  }
  const parsed = parseYamlSource(file, text);
  return analyzeValue(parsed.source, parsed.value, parsed.diagnostics, options);
}

function analyzeValue(
  source: SourceFile,
  value: unknown,
  syntax: Diagnostic[],
  options: AnalyzeOptions,
): ProgramAnalysis {
  const result: ProgramAnalysis = {
    file: source.file,
    source,
    program: undefined,
    policy: undefined,
    workload: undefined,
    diagnostics: syntax,
    ok: false,
    readable: false,
  };
  if (value === undefined || value === null) return result;
  const syntaxLines = new Set(
    syntax.filter((d) => d.severity === "error").map((d) => d.range.start.line),
  );

  // Catalog references become written-out modules before anything else looks at the program.
  const refFindings =
    syntaxLines.size === 0
      ? resolveReferences(value, source, options.catalog ?? EMPTY_CATALOG)
      : [];
  result.diagnostics.push(...refFindings);
  const unresolved = new Set(refFindings.map((d) => d.path?.[1]));

  // Report every problem in one run: schema findings even after a syntax error (except on the
  // lines at fault, where the recovered value is unreliable), rule findings even after schema errors.
  const schemaFindings = validateProgramValue(value, source).filter(
    (d) => syntaxLines.size === 0 || !isSyntaxAftermath(d, value, syntaxLines),
  );
  result.diagnostics.push(...schemaFindings);
  if (syntaxLines.size > 0 || typeof value !== "object" || Array.isArray(value)) return result;
  result.readable = true;

  // Text in several languages becomes the text in one (a copy: catalog modules are shared).
  const languages = (value as { languages?: unknown }).languages;
  const own = Array.isArray(languages) && typeof languages[0] === "string" ? languages[0] : "en";
  const wanted = options.lang ?? own;
  const marker =
    options.markUntranslated && isLang(wanted) ? createTranslator([wanted]) : undefined;
  // Rules read the program in its own language (they judge its wording); the document, and the
  // check for missing translations and glyphs, read it in the language asked for.
  const ownText = wanted === own ? undefined : resolveTexts(value, { lang: own, source: own });
  const texts = resolveTexts(value, {
    lang: wanted,
    source: own,
    ...(marker
      ? {
          mark: (printed: string) =>
            marker.t("field.untranslated", { language: marker.language(printed) }),
        }
      : {}),
  });
  const candidate = texts.value as Program;
  const valid = schemaFindings.length === 0 && refFindings.length === 0;
  const policy = resolvePolicy(options.policy, valid ? candidate.creditPolicy : undefined);
  const modules = Array.isArray(candidate.modules) ? candidate.modules : [];
  const hours = modules.map((m) => (m && typeof m === "object" ? m.hours : undefined));
  const usable = hours.every((h): h is number => typeof h === "number" && h >= 0);
  const workload =
    hours.length > 0 && usable && policy.hoursPerCredit > 0
      ? computeWorkload(hours, policy)
      : undefined;

  const settings = options.settings ?? DEFAULT_SETTINGS;
  const context = {
    program: (ownText?.value as Program | undefined) ?? candidate,
    translated: candidate,
    source,
    workload,
    policy,
    options: settings.options,
    untranslated: texts.untranslated,
  };
  const taken = new Set([...schemaFindings, ...refFindings].map((d) => d.range.start.offset));
  const ruleFindings = runRules(context, settings).filter(
    (d) =>
      (valid || !taken.has(d.range.start.offset)) &&
      !(d.path?.[0] === "modules" && unresolved.has(d.path[1] as number)),
  );
  result.diagnostics.push(...ruleFindings);
  if (valid) {
    result.program = candidate;
    result.localized = value;
    result.sourceLang = own;
    result.policy = policy;
    result.workload = workload;
  }
  result.ok = valid && !hasErrors(result.diagnostics);
  result.diagnostics = sortDiagnostics(result.diagnostics);
  return result;
}
