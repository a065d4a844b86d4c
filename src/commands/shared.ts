/** What the commands share: options, argument parsers, and loading the configuration and the module catalog. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { dateProblem } from "../core/dates.js";
import { sortDiagnostics } from "../core/diagnostics.js";
import { type Lang, parseLangs } from "../core/i18n/index.js";
import type { ProgramAnalysis } from "../core/program.js";
import {
  securedName,
  TWIN_CHOICES,
  type TwinChoice,
  type TwinKind,
  twinKinds,
} from "../core/twins/index.js";
import { SupplementError } from "../errors.js";
import { catalogDirs, loadCatalogs, type RunCatalogs } from "../io/catalog.js";
import { type Config, loadConfig } from "../io/config.js";
import { TEMPLATES_DIR } from "../paths.js";
import type { Signer } from "../render/signer.js";
import { formatDiagnostics } from "../report/diagnostics.js";
import type { CliContext } from "./context.js";

/** Loads the configuration; prints its problems and stops (exit 2) when it is invalid. */
export async function loadRunConfig(
  explicit: string | undefined,
  ctx: CliContext,
): Promise<Config> {
  const loaded = await loadConfig(explicit, ctx.cwd);
  if (loaded.diagnostics.length) {
    const sources = new Map(
      loaded.file && loaded.text !== undefined ? [[loaded.file, loaded.text]] : [],
    );
    ctx.stderr(formatDiagnostics(loaded.diagnostics, { color: ctx.color, sources }));
    throw new SupplementError("CONFIG_INVALID", {
      path: loaded.file ?? "",
      count: String(loaded.diagnostics.length),
    });
  }
  return loaded.config;
}

/** The module catalog of each of these program files. */
export function loadRunCatalog(
  config: Config,
  files: readonly string[],
  ctx: CliContext,
): RunCatalogs {
  const configured =
    config.catalog === undefined
      ? undefined
      : Array.isArray(config.catalog)
        ? config.catalog
        : [config.catalog];
  return loadCatalogs(catalogDirs(configured, files, ctx.cwd), ctx.cwd);
}

/** `--twins <which>`, for the commands that write PDFs: the machine-readable twins they carry. */
export function twinsOption(what: string): Option {
  return new Option(
    "--twins <which>",
    `machine-readable twins ${what}: none, elm, ob3 or all (default: all, or issue.twins from the configuration)`,
  ).choices(TWIN_CHOICES as string[]);
}

/** The twins of a run: --twins, else issue.twins from the configuration, else both. */
export function twinsOf(flag: string | undefined, config: Config): TwinKind[] {
  return twinKinds((flag ?? config.issue?.twins ?? "all") as TwinChoice);
}

/** The signer of a run: with --sign or signing.enabled, the identity the configuration names. */
export async function signerOf(
  flag: boolean | undefined,
  config: Config,
  ctx: CliContext,
  reason: string,
): Promise<Signer | undefined> {
  if (!flag && !config.signing?.enabled) return undefined;
  const { loadSigningIdentity } = await import("../crypto/keystore.js");
  const { signPdf } = await import("../crypto/pades.js");
  const { sealElm, signOb3 } = await import("../crypto/jws.js");
  const { commonNameOf, isDevelopmentCertificate, subjectOf } = await import(
    "../crypto/identity.js"
  );
  const identity = await loadSigningIdentity(config.signing ?? {}, ctx.cwd);
  const development = isDevelopmentCertificate(identity.cert);
  if (development)
    ctx.stderr(
      `note: signing with a development identity (${subjectOf(identity.cert)}): development, not trusted; name your own certificate in signing.keyFile for production`,
    );
  const pdfReason = development ? `${reason} (development, not trusted)` : reason;
  return {
    identity: { name: commonNameOf(identity.cert), development },
    pdf: (pdf) => signPdf(pdf, identity, { date: new Date(), reason: pdfReason }),
    secure: async (twin) =>
      twin.kind === "ob3"
        ? {
            name: securedName("ob3", twin.name),
            mime: "application/jwt",
            description: "The Open Badges 3.0 credential, signed (VC-JWT)",
            text: await signOb3(twin.text, identity),
          }
        : {
            name: securedName("elm", twin.name),
            mime: "application/jose+json",
            description: "The European Digital Credential, sealed (JAdES baseline-B)",
            text: await sealElm(twin.text, identity, new Date()),
          },
  };
}

/** `-t, --template <dir>`, for the commands that print supplements. */
export function templateOption(): Option {
  return new Option(
    "-t, --template <dir>",
    "template folder, or a built-in template: default, compact; files it lacks come from the default template",
  );
}

/** The template folder: --template (from the working folder), else build.template from the configuration. */
export function templateDirOf(
  flag: string | undefined,
  config: Config,
  ctx: CliContext,
): { templateDir?: string } {
  if (flag) {
    // A built-in template by name (`--template compact`), unless a folder of that name is here.
    const local = resolve(ctx.cwd, flag);
    const builtIn = join(TEMPLATES_DIR, flag);
    if (
      /^[a-z0-9-]+$/.test(flag) &&
      !existsSync(local) &&
      existsSync(join(builtIn, "supplement.hbs"))
    )
      return { templateDir: builtIn };
    return { templateDir: local };
  }
  return config.build?.template ? { templateDir: config.build.template } : {};
}

/** `--lang <codes>`, for the commands that print supplements. */
export function langOption(): Option {
  return new Option(
    "--lang <codes>",
    "language of the document: en, de or fr; two for a bilingual one, e.g. de,en (default: language: in the config, else en)",
  );
}

/** The document's languages: --lang, else `language:` in the configuration, else English. */
export function langsOf(flag: string | undefined, config: Config): Lang[] {
  const spec = flag ?? config.language;
  if (spec === undefined) return ["en"];
  const parsed = parseLangs(spec);
  if ("error" in parsed) throw new SupplementError("USAGE", { message: `--lang: ${parsed.error}` });
  return parsed.langs;
}

/** `-c, --config <file>`, for the commands that read the configuration. */
export function configOption(): Option {
  return new Option(
    "-c, --config <file>",
    "configuration file (default: supplement.config.yaml here or above)",
  );
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
}

/** Warnings for the network addresses a document asked for, which the renderer refused. */
export function blockedWarnings(file: string, urls: readonly string[]): string[] {
  if (!urls.length) return [];
  return [
    ...urls.map(
      (url) =>
        `${file}: warning: the document asked for ${url}; nothing is loaded from the network, so it is left out of the PDF`,
    ),
    "  hint: Embed what a custom template needs: fonts come from the built-in fonts, images from the program's logo and signature fields.",
  ];
}

/** `--port <n>`: a TCP port number, checked before anything is built or served. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 65535)
    throw new InvalidArgumentError("expected a port number from 1 to 65535");
  return n;
}

export function parseIsoDate(value: string): string {
  const wrong = dateProblem(value);
  if (wrong) throw new InvalidArgumentError(`${wrong.message}; expected a date as YYYY-MM-DD`);
  return value;
}

/** Prints each program's findings as soon as it is analysed, and each path as it is written. */
export function printingHooks(ctx: CliContext): {
  onAnalysed(analysis: ProgramAnalysis): void;
  onWritten(path: string): void;
} {
  const sources = new Map<string, string>();
  return {
    onAnalysed(analysis) {
      if (analysis.diagnostics.length === 0) return;
      sources.set(analysis.file, analysis.source.text);
      ctx.stderr(
        formatDiagnostics(sortDiagnostics(analysis.diagnostics), { color: ctx.color, sources }),
      );
      ctx.stderr("");
    },
    onWritten(path) {
      ctx.stdout(path);
    },
  };
}
