/**
 * `doctor`: what a build depends on, each checked for real: Node, the platform, the browser (it is
 * started and prints a page in every script the fonts cover), the fonts, the configuration, the
 * module catalog, the template and the output folder. Each check says what it found and, when it
 * fails, how to fix it. A check that fails with `blocks: true` stops builds.
 */
import { existsSync } from "node:fs";
import { arch, platform, release } from "node:os";
import { join, relative } from "node:path";
import { isDevelopmentCertificate, subjectOf } from "../crypto/identity.js";
import { DEFAULT_KEY_FILE, loadSigningIdentity } from "../crypto/keystore.js";
import { SupplementError } from "../errors.js";
import { fontCoverage, fontCssForText } from "../fonts/fonts.js";
import { FAMILIES } from "../fonts/manifest.js";
import { nearestCatalogDir } from "../io/catalog.js";
import { type Config, loadConfig } from "../io/config.js";
import { probeWritableDir } from "../io/fs.js";
import { DEFAULT_TEMPLATE_DIR } from "../paths.js";
import { findBrowser } from "../render/browser.js";
import { loadTemplateSet } from "../render/html.js";
import { PdfRenderer } from "../render/pdf.js";

/** The signing identity: absent (fine unless signing is on), usable, development or expiring. */
async function signingCheck(config: Config, cwd: string): Promise<DoctorCheck> {
  const base = { id: "signing", title: "Signing", blocks: false } as const;
  const signing = config.signing ?? {};
  const keyFile = signing.keyFile ?? join(cwd, DEFAULT_KEY_FILE);
  if (!signing.enabled && !signing.keyFile && !existsSync(keyFile))
    return {
      ...base,
      ok: true,
      detail: "off: supplements are not signed (build and issue take --sign)",
    };
  try {
    const identity = await loadSigningIdentity(signing, cwd);
    const cert = identity.cert;
    const days = Math.floor((new Date(cert.validTo).getTime() - Date.now()) / 86_400_000);
    const dev = isDevelopmentCertificate(cert);
    return {
      ...base,
      ok: days > 0 && !(dev && signing.enabled),
      detail: `${subjectOf(cert)}, ${identity.algorithm}, ${days > 0 ? `valid for ${days} more days` : `expired on ${cert.validTo}`}${signing.enabled ? "; every supplement is signed" : "; used with --sign"}`,
      ...(dev
        ? {
            fix: 'A development identity: supplements signed with it verify as "valid, not trusted". For production, name your e-seal (PKCS#12) in signing.keyFile.',
          }
        : days <= 0
          ? { fix: "Renew the certificate and name the new one in signing.keyFile." }
          : {}),
    };
  } catch (e) {
    return {
      ...base,
      ok: false,
      detail: (e as Error).message,
      fix: (e as SupplementError).hint ?? "Fix signing: in the configuration.",
      blocks: !!signing.enabled,
    };
  }
}

export interface DoctorCheck {
  /** Stable id, e.g. "browser". */
  id: string;
  title: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** How to fix it (when not ok). */
  fix?: string;
  /** A failure that stops `build` (otherwise a warning). */
  blocks: boolean;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** True when nothing blocks a build. */
  ok: boolean;
}

const MIN_NODE = [20, 19] as const;

function nodeCheck(): DoctorCheck {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    id: "node",
    title: "Node.js",
    ok,
    detail: `${process.version} (${process.execPath})`,
    ...(ok ? {} : { fix: "Install Node.js 20.19 or later (22 and 24 work too)." }),
    blocks: true,
  };
}

/** One line of text in every script the fonts are there for. */
const SAMPLE = "Aa Ễ Ω Ж م ש अ অ த ก 中 國 あ 한 ა Ա 🌻";

async function browserCheck(noSandbox: boolean): Promise<DoctorCheck> {
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const sandbox =
    noSandbox || runningAsRoot
      ? `without sandbox (${runningAsRoot ? "running as root" : "--no-sandbox"})`
      : "with sandbox";
  let path = "";
  try {
    const location = await findBrowser();
    path = `${location.path} (${location.source})`;
    const renderer = await PdfRenderer.launch({ browser: location, concurrency: 1, noSandbox });
    try {
      const version = await renderer.version;
      const started = performance.now();
      const { pdf } = await renderer.render(
        `<!doctype html><html><head><style>${fontCssForText(SAMPLE)}\nbody{font-family:var(--font-sans)}</style></head><body><p>${SAMPLE}</p></body></html>`,
      );
      const ms = Math.round(performance.now() - started);
      return {
        id: "browser",
        title: "Browser",
        ok: pdf.length > 500,
        detail: `${path}, ${version}, ${sandbox}; printed a test page in every script in ${ms} ms${
          location.headlessShell || process.platform !== "linux"
            ? ""
            : "; Debian's chromium-headless-shell package, where it can be installed, prints the same with less CPU and memory (README: The browser)"
        }`,
        blocks: true,
      };
    } finally {
      await renderer.close();
    }
  } catch (e) {
    const err = e instanceof SupplementError ? e : undefined;
    return {
      id: "browser",
      title: "Browser",
      ok: false,
      detail: `${path ? `${path}: ` : ""}${err?.message ?? (e as Error).message}`,
      fix:
        err?.hint ??
        "Install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH.",
      blocks: true,
    };
  }
}

function fontsCheck(): DoctorCheck {
  try {
    const coverage = fontCoverage();
    const chars = coverage.reduce((n, [a, b]) => n + b - a + 1, 0);
    return {
      id: "fonts",
      title: "Fonts",
      ok: true,
      detail: `${FAMILIES.length} families with glyphs for ${chars.toLocaleString("en")} characters: ${FAMILIES.map((f) => f.family.replace(/^Noto (Sans )?/, "")).join(", ")} (README: Fonts and scripts)`,
      blocks: true,
    };
  } catch (e) {
    return {
      id: "fonts",
      title: "Fonts",
      ok: false,
      detail: (e as Error).message,
      fix: "Run `npm ci` and `npm run build`: the fonts come from npm packages and the build records what they cover.",
      blocks: true,
    };
  }
}

export interface DoctorOptions {
  cwd: string;
  /** --config */
  config?: string;
  /** Output folder to check (else build.outDir from the configuration, else out). */
  outDir?: string;
  noSandbox?: boolean;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [nodeCheck()];
  checks.push({
    id: "platform",
    title: "Platform",
    ok: true,
    detail: `${platform()} ${release()} (${arch()})`,
    blocks: false,
  });
  // The browser starts while the rest is checked.
  const browser = browserCheck(!!options.noSandbox);
  checks.push(fontsCheck());

  const rel = (p: string) => {
    const r = relative(options.cwd, p);
    return r.startsWith("..") ? p : r || ".";
  };
  const loaded = await loadConfig(options.config, options.cwd).catch((e: unknown) => ({
    file: options.config,
    config: {} as Config,
    diagnostics: [{ message: (e as Error).message }],
  }));
  const configOk = loaded.diagnostics.length === 0;
  checks.push({
    id: "config",
    title: "Configuration",
    ok: configOk,
    detail: loaded.file
      ? `${rel(loaded.file)}: ${configOk ? "valid" : `${loaded.diagnostics.length} problem(s)`}`
      : "none found (supplement.config.yaml here or above); the defaults apply",
    ...(configOk
      ? {}
      : {
          fix: "Run `supplement check` to see each problem with its position, and correct the file.",
        }),
    blocks: true,
  });
  const config = loaded.config;

  const configured = config.catalog
    ? Array.isArray(config.catalog)
      ? config.catalog
      : [config.catalog]
    : undefined;
  const missing = (configured ?? []).filter((d) => !existsSync(d));
  const nearest = configured
    ? undefined
    : nearestCatalogDir(join(options.cwd, "programs", "x.yaml"), options.cwd);
  checks.push({
    id: "catalog",
    title: "Module catalog",
    ok: missing.length === 0,
    detail: configured
      ? `${configured.map(rel).join(", ")} (catalog: in the configuration)`
      : nearest
        ? `${rel(nearest)} (the nearest modules/ folder above programs/)`
        : "no modules/ folder: programs must write their modules out",
    ...(missing.length
      ? { fix: `Create ${missing.map(rel).join(", ")}, or correct catalog: in the configuration.` }
      : {}),
    blocks: missing.length > 0,
  });

  const templateDir = config.build?.template ?? DEFAULT_TEMPLATE_DIR;
  try {
    const set = loadTemplateSet(templateDir);
    checks.push({
      id: "template",
      title: "Template",
      ok: true,
      detail: `${rel(set.dir)}${set.supportsParts ? "" : " (prints each issued supplement whole: no personal part)"}`,
      blocks: true,
    });
  } catch (e) {
    checks.push({
      id: "template",
      title: "Template",
      ok: false,
      detail: (e as Error).message,
      fix: (e as SupplementError).hint ?? "Correct the template folder (see templates/default).",
      blocks: true,
    });
  }

  const outDir = options.outDir ?? config.build?.outDir ?? join(options.cwd, "out");
  const writable = probeWritableDir(outDir);
  checks.push({
    id: "output",
    title: "Output folder",
    ok: writable.ok,
    detail: writable.ok ? `${rel(outDir)} can be written` : `${rel(outDir)}: ${writable.reason}`,
    ...(writable.ok ? {} : { fix: "Choose another folder with -o, or fix its permissions." }),
    blocks: true,
  });

  checks.push(await signingCheck(config, options.cwd));
  checks.splice(2, 0, await browser);
  return { checks, ok: checks.every((c) => c.ok || !c.blocks) };
}
