/** supplement.config.yaml: found from the working folder upward, or named with --config. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "./core/diagnostics.js";
import type { CreditPolicy } from "./core/ects.js";
import { parseYamlSource } from "./core/source.js";
import { createValidator, type Validator } from "./core/validate.js";
import { readTextBounded } from "./io/inputs.js";
import { readSchema } from "./paths.js";

export const CONFIG_FILE_NAMES = ["supplement.config.yaml", "supplement.config.yml"];

export interface Config {
  creditPolicy?: Partial<CreditPolicy>;
  build?: { outDir?: string; template?: string; timeout?: number };
}

export interface LoadedConfig {
  /** Absent when no file was found: the defaults apply. */
  file: string | undefined;
  config: Config;
  diagnostics: Diagnostic[];
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
  if (syntax.some((d) => d.severity === "error")) return { file, config: {}, diagnostics: syntax };
  configValidator ??= createValidator(readSchema("config.schema.json"));
  const diagnostics = configValidator(parsed.value ?? {}, parsed.source).map((d) => ({
    ...d,
    code: d.code.replace(/^schema\//, "config/"),
  }));
  if (diagnostics.length) return { file, config: {}, diagnostics };
  const config = (parsed.value ?? {}) as Config;
  const base = dirname(resolve(file));
  if (config.build?.outDir) config.build.outDir = resolve(base, config.build.outDir);
  if (config.build?.template) config.build.template = resolve(base, config.build.template);
  return { file, config, diagnostics: [] };
}
