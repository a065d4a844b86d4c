/**
 * The one place that defines the tool's operational errors (usage, I/O, environment), their
 * messages, hints and exit codes. Findings about a program's content are Diagnostics, not errors.
 */

export const ExitCode = {
  /** Everything succeeded. */
  Ok: 0,
  /** Findings at or above the failure threshold, or items that failed (e.g. an invalid program). */
  Findings: 1,
  /** Usage or I/O error: bad arguments, missing or unreadable files, unwritable output, no browser. */
  Usage: 2,
  /** Interrupted by SIGINT or SIGTERM (128 + 2). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

interface ErrorSpec {
  exit: ExitCode;
  message: (a: Record<string, string>) => string;
  hint?: (a: Record<string, string>) => string;
}

export const ERRORS = {
  FILE_NOT_FOUND: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: no such file or directory`,
    hint: () =>
      "Check the path (relative to the working folder). Where program files are expected, a folder of them works too.",
  },
  FILE_UNREADABLE: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: cannot be read (${a.reason})`,
    hint: () => "Check the file's permissions.",
  },
  FILE_TOO_LARGE: {
    exit: ExitCode.Usage,
    message: (a) =>
      `${a.path}: the file is ${a.size} bytes, more than the limit of ${a.limit} bytes`,
    hint: () => "A program file is a few kilobytes; a file this large is probably not a program.",
  },
  GLOB_NO_MATCH: {
    exit: ExitCode.Usage,
    message: (a) => `${a.pattern}: the pattern matches no file`,
    hint: () =>
      "Check the pattern; quote it so that your shell does not expand it first, e.g. 'programs/**/*.yaml'.",
  },
  NO_INPUTS: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: no .yaml or .yml files found`,
    hint: () => "Name program files, or a folder that holds them.",
  },
  OUTPUT_UNWRITABLE: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: cannot write output (${a.reason})`,
    hint: () => "Choose another output folder with -o, or check its permissions.",
  },
  BROWSER_NOT_FOUND: {
    exit: ExitCode.Usage,
    message: () => "no Chromium or Chrome browser was found to print the PDF",
    hint: () =>
      [
        "Install one of these, or point supplement at one:",
        "  Debian/Ubuntu:  sudo apt-get install chromium   (Ubuntu: chromium-browser)",
        "  macOS:          brew install --cask google-chrome   (or install Chrome from google.com/chrome)",
        "  Any system:     export PUPPETEER_EXECUTABLE_PATH=/path/to/chrome",
        "  Puppeteer's own browser: npx @puppeteer/browsers install chrome-headless-shell@stable",
        "Searched: $PUPPETEER_EXECUTABLE_PATH, Puppeteer's browser cache, and the usual system paths.",
      ].join("\n"),
  },
  BROWSER_EXECUTABLE_INVALID: {
    exit: ExitCode.Usage,
    message: (a) => `PUPPETEER_EXECUTABLE_PATH points at ${a.path}, which ${a.reason}`,
    hint: () => "Set PUPPETEER_EXECUTABLE_PATH to a Chromium or Chrome executable, or unset it.",
  },
  BROWSER_LAUNCH_FAILED: {
    exit: ExitCode.Usage,
    message: (a) => `the browser at ${a.path} did not start: ${a.reason}`,
    hint: () =>
      "On Debian/Ubuntu, `sudo apt-get install chromium` also installs the libraries it needs. Run with --verbose for details.",
  },
  RENDER_FAILED: {
    exit: ExitCode.Findings,
    message: (a) => `${a.path}: the PDF could not be printed: ${a.reason}`,
    hint: () =>
      "Run with --verbose for details; a larger --timeout may help with very long programs.",
  },
  TEMPLATE_NOT_FOUND: {
    exit: ExitCode.Usage,
    message: (a) => `template folder ${a.path} has no supplement.hbs`,
    hint: () =>
      "A template folder holds supplement.hbs, styles.css and partials/ (see templates/default and docs/templates.md); the built-in templates are default and compact.",
  },
  TEMPLATE_INVALID: {
    exit: ExitCode.Usage,
    message: (a) => `template ${a.path}: ${a.reason}`,
    hint: () =>
      "docs/templates.md lists the names a template can use; files a custom template lacks come from templates/default.",
  },
  CONFIG_INVALID: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: the configuration is not valid (${a.count} problem(s) above)`,
    hint: () => "See schemas/config.schema.json for what the file may contain.",
  },
  USAGE: {
    exit: ExitCode.Usage,
    message: (a) => a.message ?? "invalid usage",
    hint: (a) => a.hint ?? "Run `supplement --help` for the commands and their options.",
  },
  NOT_A_CERTIFICATE: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: ${a.reason}`,
    hint: () => "--trust and signing.trust take PEM certificates, or folders of them.",
  },
  NOT_A_TWIN: {
    exit: ExitCode.Usage,
    message: (a) => `${a.path}: ${a.reason}`,
    hint: () =>
      "validate and verify take ELM JSON-LD (.jsonld), Open Badges 3.0 JSON (.json) and the PDFs that carry them; verify also takes their signed forms (.ob3.jwt, .edc.jades.json).",
  },
  PORT_UNAVAILABLE: {
    exit: ExitCode.Usage,
    message: (a) => `cannot serve on 127.0.0.1:${a.port} (${a.reason})`,
    hint: () =>
      "Another program (perhaps another preview or site) is using that port: choose another with --port.",
  },
  INTERRUPTED: {
    exit: ExitCode.Interrupted,
    message: (a) => `interrupted by ${a.signal}; nothing half-written was left behind`,
  },
} satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** An operational error with a code from the registry above. The CLI turns it into a message and an exit code. */
export class SupplementError extends Error {
  readonly code: ErrorCode;
  readonly args: Record<string, string>;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, args: Record<string, string> = {}, options?: { cause?: unknown }) {
    const spec: ErrorSpec = ERRORS[code];
    super(spec.message(args), options);
    this.name = "SupplementError";
    this.code = code;
    this.args = args;
    this.hint = spec.hint?.(args);
    this.exitCode = spec.exit;
  }
}

export function isSupplementError(e: unknown): e is SupplementError {
  return e instanceof SupplementError;
}

/** Several operational errors found together (e.g. three missing input files), reported at once. */
export class SupplementErrors extends Error {
  readonly errors: SupplementError[];
  readonly exitCode: ExitCode;
  constructor(errors: SupplementError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "SupplementErrors";
    this.errors = errors;
    this.exitCode = Math.max(...errors.map((e) => e.exitCode)) as ExitCode;
  }
}
