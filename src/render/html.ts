/**
 * Handlebars templates → HTML. A template set is compiled once and reused for every document.
 * `{{ }}` escapes everything; templates must not use `{{{ }}}` for program data.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";
import Handlebars from "handlebars";
import { createTranslator, type Lang, type MessageKey } from "../core/i18n/index.js";
import type { SupplementView } from "../core/view.js";
import { SupplementError } from "../errors.js";
import {
  charsByFace,
  codePointsOf,
  copyRange,
  type FaceKey,
  facesForText,
  fontFaceCss,
  fontStackCss,
  slotFaceCss,
  slotStacks,
} from "../fonts/fonts.js";
import { DEFAULT_TEMPLATE_DIR, PACKAGE_ROOT } from "../paths.js";

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
  private readonly byProgram = new WeakMap<
    object,
    { keys: Set<string>; cps: Set<number>; staticCss: string }
  >();
  private readonly staticByKeys = new Map<string, string>();
  constructor(
    private readonly templateCps: Set<number>,
    private readonly stylesCss: string,
  ) {}

  private base(view: SupplementView): { keys: Set<string>; cps: Set<number>; staticCss: string } {
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
    found = { keys, cps, staticCss };
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

  /**
   * The fonts of a batch of personal pages, `printed` being the characters each page prints (see
   * pagesText). The batch is one document, with one subset per font: a face that draws characters
   * of one page that not every page prints (a letter of one learner's name) would carry them into
   * every file that uses the face. So, per face, the pages that use it are grouped by the
   * characters of their own it draws for them, and either none or the largest group's stay in the
   * shared face, whichever costs fewer fonts; every other page gets its own copy of the face (see
   * slotFaceCss). A shared face then holds only what each of its pages prints. The shared faces
   * are the document's extra CSS, one rule a line; the copies, and the stacks that select them,
   * its scope CSS. Without `printed` (a template whose pages carry no data-page) the faces are shared.
   */
  batch(
    view: SupplementView,
    views: readonly SupplementView[],
    printed: Set<number>[] | undefined,
  ): { staticCss: string; extraCss: string; scopeCss: string } {
    const base = this.base(view);
    if (!printed) return { ...this.of(view, views), scopeCss: "" };
    let common: Set<number> | undefined;
    for (const chars of printed)
      common = common ? new Set([...common].filter((cp) => chars.has(cp))) : new Set(chars);
    // Per face: the pages that use it, each with the characters of its own it draws with it.
    const users = new Map<FaceKey, Map<number, ReadonlySet<number>>>();
    views.forEach((v, slot) => {
      const own = collectText({ holder: v.holder, meta: v.meta }, new Set<number>());
      const extra = new Set<number>(
        [...(printed[slot] ?? [])].filter((cp) => !common?.has(cp) && cp > 0x20),
      );
      for (const cp of extra) own.add(cp);
      const ownByFace = charsByFace(extra);
      for (const key of new Set([...base.keys, ...facesForText(own)])) {
        let pages = users.get(key);
        if (!pages) {
          pages = new Map();
          users.set(key, pages);
        }
        pages.set(slot, ownByFace.get(key) ?? new Set());
      }
    });
    const shared: FaceKey[] = [];
    const copies: string[] = [];
    /** Per page, the families it has copies of. */
    const copied = new Map<number, Set<string>>();
    for (const [key, pages] of users) {
      // Which characters the shared face keeps: none (every page with characters of its own
      // draws them with a copy for just those, where copyRange allows), or those of the largest
      // group (every other page that uses the face draws all its text in the face with a whole
      // copy, since the shared one holds characters it does not print). Whichever costs fewer
      // fonts; a whole copy counts as five (one per weight and style a page uses).
      const signature = new Map<number, string>();
      for (const [slot, chars] of pages)
        signature.set(slot, [...chars].sort((a, b) => a - b).join(","));
      const groups = new Map<string, number>();
      for (const sig of signature.values()) groups.set(sig, (groups.get(sig) ?? 0) + 1);
      let largest = "";
      for (const [sig, count] of groups) if (count > (groups.get(largest) ?? 0)) largest = sig;
      const rangeOf = (slot: number) => {
        const own = pages.get(slot);
        return own?.size ? copyRange(key, own) : undefined;
      };
      let costNone = 0;
      for (const [slot, sig] of signature) if (sig) costNone += rangeOf(slot) ? 1 : 5;
      const costLargest = 5 * (pages.size - (groups.get(largest) ?? 0));
      const keep = costNone <= costLargest ? "" : largest;
      if (!base.keys.has(key) && [...signature.values()].includes(keep)) shared.push(key);
      for (const [slot, sig] of signature) {
        if (sig === keep) continue;
        copies.push(slotFaceCss(key, slot, keep === "" ? rangeOf(slot) : undefined));
        const families = copied.get(slot) ?? new Set<string>();
        families.add(key.split("|")[0] as string);
        copied.set(slot, families);
      }
    }
    // The copies go with the per-document CSS, which replaces the last document's: a page that
    // prints batch after batch keeps only the copies of its current batch (their files stay in
    // Chromium's memory cache, see faceFile's callers).
    return {
      staticCss: base.staticCss,
      extraCss: fontFaceCss(shared),
      scopeCss: [
        ...copies,
        ...[...copied].map(([slot, families]) => slotScopeCss(slot, families)),
      ].join("\n"),
    };
  }
}

/** HTML character references: those the templates' escaping writes, named or numeric. */
export function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, ref: string) => {
    const r = ref.toLowerCase();
    if (r.startsWith("#x")) return String.fromCodePoint(Number.parseInt(r.slice(2), 16));
    if (r.startsWith("#")) return String.fromCodePoint(Number.parseInt(r.slice(1), 10));
    return (
      ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" } as const)[r as "amp"] ??
      m
    );
  });
}

/** The text of CSS strings (content: "…") in a stretch of CSS, escapes resolved. */
function cssStringsText(css: string): string {
  let out = "";
  for (const m of css.matchAll(/"((?:[^"\\]|\\[\s\S])*)"/g))
    out += (m[1] ?? "").replace(/\\([0-9a-fA-F]{1,6})\s?|\\([\s\S])/g, (_, hex, ch) =>
      hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : ch,
    );
  return out;
}

/** The @page rule of a named page, with its margin boxes (braces counted, strings skipped). */
function namedPageCss(html: string, name: string): string {
  const start = html.indexOf(`@page ${name} {`);
  if (start < 0) return "";
  let depth = 0;
  for (let i = html.indexOf("{", start); i < html.length; i++) {
    const c = html[i];
    if (c === '"') {
      for (i++; i < html.length && html[i] !== '"'; i++) if (html[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return html.slice(start, i + 1);
  }
  return html.slice(start);
}

/**
 * The characters each page of a batch prints: the text of its element with data-page (to the
 * next page's, or the end of the body) and the strings of its named page's margin boxes. None
 * when a page has no data-page (a custom template that does not mark its pages).
 */
function pagesText(html: string, count: number): Set<number>[] | undefined {
  const starts: [number, number][] = [];
  for (let slot = 0; slot < count; slot++) {
    const at = html.indexOf(` data-page="${pageNameOf(slot)}"`);
    if (at < 0) return undefined;
    starts.push([at, slot]);
  }
  starts.sort((a, b) => a[0] - b[0]);
  const bodyEnd = html.lastIndexOf("</body>");
  const out: Set<number>[] = [];
  starts.forEach(([at, slot], k) => {
    // To the start of the tag that carries the next page's data-page.
    const next = starts[k + 1]?.[0];
    const stop =
      next !== undefined ? html.lastIndexOf("<", next) : bodyEnd < 0 ? html.length : bodyEnd;
    const text = decodeHtml(
      html
        .slice(html.indexOf(">", at) + 1, stop)
        .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, "")
        .replace(/<[^>]*>/g, ""),
    );
    const chars = codePointsOf(text);
    codePointsOf(cssStringsText(namedPageCss(html, pageNameOf(slot))), chars);
    out[slot] = chars;
  });
  return out;
}

/** The name of the page of the learner at `slot` of a batch (a named @page, and the article's data-page). */
const pageNameOf = (slot: number) => `learner-${slot}`;

/**
 * Page `slot` of a batch draws with its own copies of the faces: the article that carries its
 * data-page, and the margin boxes of its named page (which inherit from the root, not the article).
 */
function slotScopeCss(slot: number, families: ReadonlySet<string>): string {
  const { serif, sans } = slotStacks(slot, families);
  const name = pageNameOf(slot);
  const boxes = [
    "top-left",
    "top-center",
    "top-right",
    "bottom-left",
    "bottom-center",
    "bottom-right",
  ]
    .map((box) => `@${box} { font-family: ${sans}; }`)
    .join(" ");
  return `:root [data-page="${name}"][data-page] { --font-serif: ${serif}; --font-sans: ${sans}; font-family: var(--font-serif); }\n@page ${name} { ${boxes} }`;
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
  const spec = precompiled()[createHash("sha256").update(text).digest("hex")];
  const template = spec ? hbs.template(spec) : compileText(hbs, file, text);
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
 * The built-in templates, precompiled when the package is built (scripts/gen-templates.mjs), by
 * the SHA-256 of their text: parsing and compiling them takes about 70 ms of a cold build. Any
 * other text (a custom template, an edited one) is compiled when loaded.
 */
type TemplateSpec = Parameters<typeof Handlebars.template>[0];
let specs: Record<string, TemplateSpec> | undefined;
function precompiled(): Record<string, TemplateSpec> {
  if (!specs) {
    try {
      specs = createRequire(import.meta.url)(
        `${PACKAGE_ROOT}dist/templates/precompiled.cjs`,
      ) as Record<string, TemplateSpec>;
    } catch {
      specs = {};
    }
  }
  return specs;
}

function compileText(
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
  // Compiled from the tree just parsed: the text is not parsed a second time. The options are
  // those scripts/gen-templates.mjs precompiles with.
  return hbs.compile(ast, { strict: true });
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
          pageName: pageNameOf(i),
        }));
        return { ...view, ...none, styles: css, issued: true, batch, pageTotal: part.pageTotal };
      }
      return { ...view, ...none, styles: css, issued: view.holder !== null };
    };
    const apart = mainSource.includes(STATIC_OPEN);
    const empty = new Handlebars.SafeString("");
    const compose = (view: SupplementView, part: RenderPart = { kind: "whole" }): HtmlDocument => {
      // A batch's fonts depend on what each page prints: its text is read from the HTML made
      // without them (a template that inlines its styles is then made again, with them).
      const bare = apart || part.kind === "personal" ? main(context(view, part, empty)) : "";
      const fonts: { staticCss: string; extraCss: string; scopeCss?: string } =
        part.kind === "personal"
          ? fontsFor.batch(view, part.views, pagesText(bare, part.views.length))
          : fontsFor.of(view, [view]);
      const scope = fonts.scopeCss ? `${fonts.scopeCss}\n` : "";
      if (!apart)
        return {
          html: main(
            context(
              view,
              part,
              new Handlebars.SafeString(`${fonts.staticCss}\n${fonts.extraCss}\n${scope}`),
            ),
          ),
        };
      // The stacks that select a batch page's own copies of faces go with the per-document CSS.
      const html = scope ? bare.replace(DOC_OPEN, () => `${DOC_OPEN}\n${scope}`) : bare;
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
