/**
 * Handlebars templates → HTML. A template set is compiled once and reused for every document.
 * `{{ }}` escapes everything; templates must not use `{{{ }}}` for program data.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import Handlebars from "handlebars";
import { createTranslator, type Lang, type MessageKey } from "../core/i18n/index.js";
import type { SupplementView } from "../core/view.js";
import { SupplementError } from "../errors.js";
import { codePointsOf, facesForText, fontFaceCss, fontStackCss } from "../fonts/fonts.js";
import { DEFAULT_TEMPLATE_DIR } from "../paths.js";

/** Escapes text for a double-quoted CSS string (also safe inside <style>). */
export function cssString(text: string): string {
  return `"${String(text).replace(/[\\"\n\r<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * What to print of a document. `whole`: the document. `program`: a one-page placeholder and the
 * program's pages (printed once per issue run). `personal`: the personal pages of several
 * learners, one page each, to be joined to the program's pages (see render/assemble.ts).
 */
export type RenderPart =
  | { kind: "whole" }
  | { kind: "program" }
  | { kind: "personal"; views: SupplementView[]; pageTotal: number };

/**
 * A document whose unchanging stylesheet (fonts included) is kept apart: `html` has an empty
 * <style id="static">, and `staticCss` is the same string object for every document of a set, so a
 * printer can keep it loaded and a run does not build a 1.4 MB string per document.
 */
export interface HtmlDocument {
  html: string;
  staticCss?: string;
}

const STATIC_OPEN = '<style id="static">';
const DOC_OPEN = '<style id="doc">';

/** Every string of an object, for the characters a document prints (the QR code's SVG is not text). */
function collectText(value: unknown, into: Set<number>): Set<number> {
  if (typeof value === "string") codePointsOf(value, into);
  else if (Array.isArray(value)) for (const v of value) collectText(v, into);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) if (k !== "qrSvg") collectText(v, into);
  return into;
}

/**
 * The fonts of the documents of one template set. The static stylesheet holds the stacks, the
 * faces the template's and the program's text need, and the template's CSS: the same string for
 * every learner of a program, so a page keeps it loaded. What a learner's own text needs beyond
 * that is the document's extra CSS.
 */
class DocumentFonts {
  private readonly byProgram = new WeakMap<object, { keys: Set<string>; staticCss: string }>();
  private readonly staticByKeys = new Map<string, string>();
  constructor(
    private readonly templateCps: Set<number>,
    private readonly stylesCss: string,
  ) {}

  private base(view: SupplementView): { keys: Set<string>; staticCss: string } {
    let found = this.byProgram.get(view.program);
    if (found) return found;
    const { holder: _holder, meta: _meta, ...programPart } = view;
    const cps = collectText(programPart, new Set(this.templateCps));
    const keys = facesForText(cps);
    const id = [...keys].sort().join("\n");
    let staticCss = this.staticByKeys.get(id);
    if (staticCss === undefined) {
      staticCss = `${fontStackCss()}\n${fontFaceCss(keys)}\n${this.stylesCss}`;
      this.staticByKeys.set(id, staticCss);
    }
    found = { keys, staticCss };
    this.byProgram.set(view.program, found);
    return found;
  }

  of(
    view: SupplementView,
    views: readonly SupplementView[],
  ): { staticCss: string; extraCss: string } {
    const base = this.base(view);
    const cps = new Set<number>();
    for (const v of views) collectText({ holder: v.holder, meta: v.meta }, cps);
    const extra = [...facesForText(cps)].filter((k) => !base.keys.has(k));
    return { staticCss: base.staticCss, extraCss: extra.length ? fontFaceCss(extra) : "" };
  }
}

/** The complete HTML of a document (its static stylesheet put back in place). */
export function inlineStatic(doc: HtmlDocument): string {
  if (doc.staticCss === undefined) return doc.html;
  const at = doc.html.indexOf(STATIC_OPEN);
  if (at < 0) return doc.html;
  const end = at + STATIC_OPEN.length;
  return `${doc.html.slice(0, end)}${doc.staticCss}${doc.html.slice(end)}`;
}

export interface TemplateSet {
  dir: string;
  /** Whether the template can print the program and personal parts apart (it handles `batch` and `placeholder`). */
  supportsParts: boolean;
  render(view: SupplementView, part?: RenderPart): string;
  /** The same document with its static stylesheet apart (see HtmlDocument). */
  compose(view: SupplementView, part?: RenderPart): HtmlDocument;
}

function readPartials(dir: string): Map<string, { file: string; text: string }> {
  const out = new Map<string, { file: string; text: string }>();
  const partialDir = join(dir, "partials");
  if (!existsSync(partialDir)) return out;
  for (const f of readdirSync(partialDir).sort()) {
    const file = join(partialDir, f);
    if (f.endsWith(".hbs"))
      out.set(basename(f, ".hbs"), { file, text: readFileSync(file, "utf8") });
  }
  return out;
}

/** Handlebars' strict-mode message ("\"x\" not defined in [object Object]") in plain words. */
function strictReason(message: string): string {
  const name = /^"([^"]+)" not defined in /.exec(message)?.[1];
  return name
    ? `"${name}" is not defined here (templates run in strict mode: a misspelt name is an error, not an empty field)`
    : message;
}

/**
 * A template file compiled now, so that a syntax error names its file and line before anything is
 * printed (Handlebars would parse it on first use, in the middle of a run), and run so that an
 * error while filling it in (strict mode: a name the view lacks; a partial that does not exist)
 * names the file and position too.
 */
function compileChecked(
  hbs: typeof Handlebars,
  file: string,
  text: string,
): Handlebars.TemplateDelegate {
  let ast: hbs.AST.Program;
  try {
    ast = hbs.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const line = /line (\d+)/.exec(message)?.[1];
    const last = message.trim().split("\n").pop() ?? message;
    throw new SupplementError("TEMPLATE_INVALID", {
      path: line ? `${file}:${line}` : file,
      reason: /got 'EOF'/.test(last)
        ? `the file ends inside a block: a {{#…}} has no {{/…}} (${last})`
        : `Handlebars syntax: ${last}`,
    });
  }
  // Compiled from the tree just parsed: the text is not parsed a second time.
  const template = hbs.compile(ast, { strict: true });
  return (context: unknown, options?: Handlebars.RuntimeOptions) => {
    try {
      return template(context, options);
    } catch (e) {
      if (e instanceof SupplementError) throw e; // from a partial inside this one
      const message = ((e as Error).message ?? String(e)).split("\n")[0] ?? "";
      const at = / - (\d+):(\d+)$/.exec(message);
      throw new SupplementError(
        "TEMPLATE_INVALID",
        {
          path: at ? `${file}:${at[1]}:${Number(at[2]) + 1}` : file,
          reason: strictReason(at ? message.slice(0, at.index) : message),
        },
        { cause: e },
      );
    }
  };
}

/**
 * Loads a template folder. Files a custom folder lacks (supplement.hbs, styles.css or any
 * partial) come from the default template, so one partial can be overridden on its own.
 */
export function loadTemplateSet(dir: string = DEFAULT_TEMPLATE_DIR): TemplateSet {
  const custom = resolve(dir);
  const defaults = resolve(DEFAULT_TEMPLATE_DIR);
  if (!existsSync(custom)) throw new SupplementError("TEMPLATE_NOT_FOUND", { path: dir });
  const pick = (name: string) => {
    const own = join(custom, name);
    return existsSync(own) ? own : join(defaults, name);
  };
  const hbs = Handlebars.create();
  hbs.registerHelper(
    "cssString",
    (text: unknown) => new Handlebars.SafeString(cssString(String(text ?? ""))),
  );
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  // Fixed text in the document's language(s) (see core/i18n). `t`: a label or heading, printed in
  // both languages of a bilingual document, the second below the first. `tp`: running text, in
  // the first language only (a bilingual document would otherwise be twice as long). Both escape;
  // `tp` returns plain text, for attributes and CSS strings too. Parameters come as hash values.
  const i18nOf = (options: Handlebars.HelperOptions) =>
    (options.data?.root as { i18n?: { lang: Lang; alt: Lang | null } } | undefined)?.i18n ?? {
      lang: "en" as Lang,
      alt: null,
    };
  hbs.registerHelper("t", (key: string, options: Handlebars.HelperOptions) => {
    const { lang, alt } = i18nOf(options);
    const first = Handlebars.escapeExpression(
      createTranslator([lang]).t(key as MessageKey, options.hash),
    );
    if (!alt) return new Handlebars.SafeString(first);
    const second = Handlebars.escapeExpression(
      createTranslator([alt]).t(key as MessageKey, options.hash),
    );
    return new Handlebars.SafeString(`${first}<span class="l2" lang="${alt}">${second}</span>`);
  });
  // "Page 3 of 5" for the page margin: the message with CSS counters in place of {page} and {pages}.
  hbs.registerHelper("pageCounter", (options: Handlebars.HelperOptions) => {
    const text = createTranslator([i18nOf(options).lang]).t("page.number");
    const css = text
      .split(/(\{page\}|\{pages\})/)
      .filter(Boolean)
      .map((part) =>
        part === "{page}"
          ? "counter(page)"
          : part === "{pages}"
            ? "counter(pages)"
            : cssString(part),
      )
      .join(" ");
    return new Handlebars.SafeString(css);
  });
  hbs.registerHelper("tp", (key: string, options: Handlebars.HelperOptions) =>
    createTranslator([i18nOf(options).lang]).t(key as MessageKey, options.hash),
  );
  hbs.registerHelper("join", (items: unknown, sep: unknown) =>
    Array.isArray(items) ? items.join(typeof sep === "string" ? sep : ", ") : "",
  );
  const partials = readPartials(defaults);
  for (const [name, partial] of readPartials(custom)) partials.set(name, partial);
  try {
    for (const [name, { file, text }] of partials)
      hbs.registerPartial(name, compileChecked(hbs, file, text));
    const mainFile = pick("supplement.hbs");
    const mainSource = readFileSync(mainFile, "utf8");
    const main = compileChecked(hbs, mainFile, mainSource);
    // Trusted template assets, not user data: inserted raw.
    const stylesCss = readFileSync(pick("styles.css"), "utf8");
    // The template's own text (labels, headings) needs glyphs too.
    const templateCps = codePointsOf(
      [mainSource, ...[...partials.values()].map((p) => p.text), stylesCss].join("\n"),
    );
    const fontsFor = new DocumentFonts(templateCps, stylesCss);
    // Besides the view, templates see: issued (a personal supplement, or the program part of
    // one), placeholder, batch (the views of a batch of personal pages), pageTotal and pageName.
    const none = { batch: null, placeholder: false, pageTotal: 0, pageName: null };
    const context = (view: SupplementView, part: RenderPart, css: unknown) => {
      if (part.kind === "program")
        return { ...view, ...none, styles: css, issued: true, placeholder: true };
      if (part.kind === "personal") {
        const batch = part.views.map((v, i) => ({
          ...v,
          ...none,
          issued: true,
          pageName: `learner-${i}`,
        }));
        return { ...view, ...none, styles: css, issued: true, batch, pageTotal: part.pageTotal };
      }
      return { ...view, ...none, styles: css, issued: view.holder !== null };
    };
    const apart = mainSource.includes(STATIC_OPEN);
    const empty = new Handlebars.SafeString("");
    const compose = (view: SupplementView, part: RenderPart = { kind: "whole" }): HtmlDocument => {
      const fonts = fontsFor.of(view, part.kind === "personal" ? part.views : [view]);
      if (!apart)
        return {
          html: main(
            context(view, part, new Handlebars.SafeString(`${fonts.staticCss}\n${fonts.extraCss}`)),
          ),
        };
      const html = main(context(view, part, empty));
      // Faces only this document needs (a name in another script), one rule a line, in a style
      // of their own: a printer that keeps the page adds those it has not loaded yet.
      return {
        html: fonts.extraCss
          ? html.replace(
              DOC_OPEN,
              () => `<style id="fonts">\n${fonts.extraCss}\n</style>\n${DOC_OPEN}`,
            )
          : html,
        staticCss: fonts.staticCss,
      };
    };
    return {
      dir: custom,
      supportsParts: /\bbatch\b/.test(mainSource) && /\bplaceholder\b/.test(mainSource),
      compose,
      render: (view, part) => inlineStatic(compose(view, part)),
    };
  } catch (e) {
    if (e instanceof SupplementError) throw e;
    throw new SupplementError(
      "TEMPLATE_INVALID",
      { path: dir, reason: (e as Error).message },
      { cause: e },
    );
  }
}
