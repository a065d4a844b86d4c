/**
 * Handlebars templates → HTML. A template set is compiled once and reused for every document.
 * `{{ }}` escapes everything; templates must not use `{{{ }}}` for program data.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import Handlebars from "handlebars";
import type { SupplementView } from "../core/view.js";
import { SupplementError } from "../errors.js";
import { DEFAULT_TEMPLATE_DIR } from "../paths.js";
import { embeddedFontCss } from "./fonts.js";

/** Escapes text for a double-quoted CSS string (also safe inside <style>). */
export function cssString(text: string): string {
  return `"${String(text).replace(/[\\"\n\r<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

export interface TemplateSet {
  dir: string;
  render(view: SupplementView): string;
}

function readPartials(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const partialDir = join(dir, "partials");
  if (!existsSync(partialDir)) return out;
  for (const f of readdirSync(partialDir).sort()) {
    if (f.endsWith(".hbs")) out.set(basename(f, ".hbs"), readFileSync(join(partialDir, f), "utf8"));
  }
  return out;
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
  hbs.registerHelper("join", (items: unknown, sep: unknown) =>
    Array.isArray(items) ? items.join(typeof sep === "string" ? sep : ", ") : "",
  );
  const partials = readPartials(defaults);
  for (const [name, text] of readPartials(custom)) partials.set(name, text);
  try {
    for (const [name, text] of partials)
      hbs.registerPartial(name, hbs.compile(text, { strict: true }));
    const main = hbs.compile(readFileSync(pick("supplement.hbs"), "utf8"), { strict: true });
    // Trusted template assets, not user data: inserted raw.
    const styles = new Handlebars.SafeString(
      `${embeddedFontCss()}\n${readFileSync(pick("styles.css"), "utf8")}`,
    );
    return {
      dir: custom,
      render: (view) => main({ ...view, styles }),
    };
  } catch (e) {
    throw new SupplementError(
      "TEMPLATE_INVALID",
      { path: dir, reason: (e as Error).message },
      { cause: e },
    );
  }
}
