/** supplement.config.yaml: found from the working folder upward, or named with --config. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../core/diagnostics.js";
import type { CreditPolicy } from "../core/ects.js";
import { parseLangs } from "../core/i18n/index.js";
import {
  ALL_RULES,
  type ProfileId,
  type RuleSettings,
  type SeveritySetting,
} from "../core/rules/index.js";
import { locate, parseYamlSource } from "../core/source.js";
import { closest } from "../core/suggest.js";
import { createValidator, type Validator } from "../core/validate.js";
import type { SigningConfig } from "../crypto/keystore.js";
import { fontCoverage } from "../fonts/fonts.js";
import { readSchema } from "../paths.js";
import type { Program } from "../types/program.gen.js";
import { readImage } from "./assets.js";
import { readTextBounded } from "./inputs.js";

export const CONFIG_FILE_NAMES = ["supplement.config.yaml", "supplement.config.yml"];

export interface Config {
  profile?: ProfileId;
  rules?: Record<string, SeveritySetting>;
  eqfBounds?: { min?: number; max?: number };
  /** Catalog folders; made absolute (relative to the configuration file) when loaded. */
  catalog?: string | string[];
  creditPolicy?: Partial<CreditPolicy>;
  build?: { outDir?: string; template?: string; timeout?: number };
  issue?: {
    verifyUrl?: string;
    printEmail?: boolean;
    twins?: "none" | "elm" | "ob3" | "all";
    emailInTwins?: boolean;
  };
  /** Language(s) of the document: "de", "de,en" or ["de", "en"]. */
  language?: string | string[];
  /** The verification site: what its pages show. */
  site?: { showLearnerId?: boolean; indexable?: boolean };
  /** How supplements are signed (paths made absolute); the password is only ever in the environment. */
  signing?: SigningConfig;
  /** Logo and certification block for programs that name none; image paths made absolute. */
  branding?: { logo?: string; signature?: NonNullable<Program["signature"]> };
}

export interface LoadedConfig {
  /** Absent when no file was found: the defaults apply. */
  file: string | undefined;
  config: Config;
  diagnostics: Diagnostic[];
  /** The file's text, for code frames. */
  text?: string;
}

export function findConfigFile(startDir: string = process.cwd()): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let configValidator: Validator | undefined;

/** Reads and validates a configuration file; paths inside it are made relative to its folder. */
export async function loadConfig(
  explicit?: string,
  cwd: string = process.cwd(),
): Promise<LoadedConfig> {
  const file = explicit ?? findConfigFile(cwd);
  if (!file) return { file: undefined, config: {}, diagnostics: [] };
  const text = await readTextBounded(file, 256 * 1024);
  const parsed = parseYamlSource(file, text);
  const syntax = parsed.diagnostics.filter((d) => d.code !== "yaml/empty");
  if (syntax.some((d) => d.severity === "error"))
    return { file, config: {}, diagnostics: syntax, text };
  configValidator ??= createValidator(readSchema("config.schema.json"), "config");
  const diagnostics = configValidator(parsed.value ?? {}, parsed.source).map((d) => ({
    ...d,
    code: d.code.replace(/^schema\//, "config/"),
  }));
  const config = (parsed.value ?? {}) as Config;
  // What the schema cannot know: the rule ids, and that the bounds are in order.
  const ids = ALL_RULES.map((r) => r.id);
  for (const id of Object.keys(config.rules ?? {})) {
    if (ids.includes(id)) continue;
    const guess = closest(id, ids);
    diagnostics.push({
      code: "config/unknown-rule",
      severity: "error",
      file,
      range: locate(parsed.source, ["rules", id], { key: true }).range,
      message: `unknown rule \`${id}\``,
      hint: guess ? `Did you mean \`${guess}\`?` : "`supplement rules` lists the rule ids.",
    });
  }
  // Languages: what the document can be printed in; a regional tag is read as its language.
  const language = config.language;
  const shaped =
    typeof language === "string" ||
    (Array.isArray(language) &&
      language.length >= 1 &&
      language.length <= 2 &&
      language.every((l) => typeof l === "string"));
  // A value of the wrong shape is reported by the schema.
  if (language !== undefined && shaped) {
    const langs = parseLangs(language);
    if ("error" in langs)
      diagnostics.push({
        code: "config/language",
        severity: "error",
        file,
        range: locate(parsed.source, ["language"]).range,
        message: `language: ${langs.error}`,
        hint: 'For example `language: de`, or `language: "de,en"` for a bilingual document.',
      });
    else config.language = langs.langs;
  }
  const bounds = config.eqfBounds;
  if (bounds?.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    diagnostics.push({
      code: "config/eqf-bounds",
      severity: "error",
      file,
      range: locate(parsed.source, ["eqfBounds"], { key: true }).range,
      message: `eqfBounds.min (${bounds.min}) is above eqfBounds.max (${bounds.max})`,
      hint: "FIBAA certifies levels 5 to 8: min: 5, max: 8.",
    });
  }
  const base = dirname(resolve(file));
  // Images of the branding: checked here, once, at their place in this file; absolute after.
  const image = (
    value: string | undefined,
    path: (string | number)[],
    set: (abs: string) => void,
  ) => {
    if (!value) return;
    const found = readImage(value, base);
    if ("src" in found) set(resolve(base, value));
    else
      diagnostics.push({
        code: found.code,
        severity: "error",
        file,
        range: locate(parsed.source, path).range,
        message: found.message,
        hint: found.hint,
      });
  };
  if (diagnostics.length === 0 && config.branding) {
    const b = config.branding;
    image(b.logo, ["branding", "logo"], (abs) => {
      b.logo = abs;
    });
    image(b.signature?.seal, ["branding", "signature", "seal"], (abs) => {
      if (b.signature) b.signature.seal = abs;
    });
    for (const [i, s] of (b.signature?.signatories ?? []).entries())
      image(s.signature, ["branding", "signature", "signatories", i, "signature"], (abs) => {
        s.signature = abs;
      });
  }
  if (diagnostics.length) return { file, config: {}, diagnostics, text };
  if (config.build?.outDir) config.build.outDir = resolve(base, config.build.outDir);
  if (config.build?.template) config.build.template = resolve(base, config.build.template);
  if (config.catalog)
    config.catalog = (Array.isArray(config.catalog) ? config.catalog : [config.catalog]).map((d) =>
      resolve(base, d),
    );
  const signing = config.signing;
  if (signing) {
    if (signing.keyFile) signing.keyFile = resolve(base, signing.keyFile);
    if (signing.certFile) signing.certFile = resolve(base, signing.certFile);
    if (signing.trust)
      signing.trust = (Array.isArray(signing.trust) ? signing.trust : [signing.trust]).map((t) =>
        resolve(base, t),
      );
  }
  return { file, config, diagnostics: [], text };
}

/** Rule settings from the configuration, overridden by command-line flags. */
export function ruleSettings(
  config: Config,
  flags: { profile?: ProfileId; date?: string } = {},
): RuleSettings {
  return {
    profile: flags.profile ?? config.profile ?? "fibaa",
    severities: config.rules ?? {},
    options: {
      date: flags.date ?? new Date().toISOString().slice(0, 10),
      eqfBounds: { min: config.eqfBounds?.min ?? 5, max: config.eqfBounds?.max ?? 8 },
      glyphs: fontCoverage(),
    },
  };
}
