/** `supplement init [dir]`: a new project that check and build accept at once. */
import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import { PROGRAM_ID } from "../core/scaffold.js";
import { closest } from "../core/suggest.js";
import { countryByCode, suggestCountryCode } from "../core/vocab.js";
import { ExitCode, SupplementError } from "../errors.js";
import { packageVersion } from "../paths.js";
import type { CliContext } from "./context.js";

interface InitFlags {
  issuer?: string;
  country?: string;
  id?: string;
  title?: string;
  yes?: boolean;
  force?: boolean;
}

const DEFAULTS = {
  issuer: "Example Academy",
  country: "DE",
  title: "Data Analysis Certificate",
};

/** "Data Analysis Certificate" → "data-analysis-certificate" */
function idFrom(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "program"
  );
}

export function createInitCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("init")
    .description("start a new project: an example program, catalog, configuration and CI workflow")
    .argument("[dir]", "the project folder (default: the working folder)", ".")
    .option("--issuer <name>", `the issuing body's legal name (default: ${DEFAULTS.issuer})`)
    .option(
      "--country <code>",
      `the issuer's country, ISO 3166-1 alpha-2 (default: ${DEFAULTS.country})`,
    )
    .option("--title <title>", `the program's title (default: ${DEFAULTS.title})`)
    .option(
      "--id <id>",
      "the program's id: lower-case letters, digits, hyphens (default: from the title)",
    )
    .option("-y, --yes", "ask nothing: take the defaults for what the flags do not give")
    .option("--force", "overwrite files that exist (they are kept otherwise)")
    .addHelpText(
      "after",
      `
Writes programs/<id>.yaml (a commented example), modules/shared.yaml, supplement.config.yaml,
.github/workflows/supplement.yml, .gitignore, README.md and schemas/ (for editors). On a terminal
it asks for what the flags do not give, unless --yes.

Examples:
  $ supplement init my-supplements --issuer "Hochschule Beispiel" --country DE --title "Data Science" --yes
  $ cd my-supplements && supplement check && supplement build programs/

Exit codes: 0 written (existing files kept, each named); 2 usage or I/O error.`,
    )
    .action(async (dir: string, flags: InitFlags) => {
      setExit(await runInit(dir, flags, ctx));
    });
}

async function ask(
  flags: InitFlags,
  ctx: CliContext,
): Promise<Required<Pick<InitFlags, "issuer" | "country" | "title">> & { id?: string }> {
  const values = {
    issuer: flags.issuer,
    country: flags.country,
    title: flags.title,
    ...(flags.id ? { id: flags.id } : {}),
  };
  const interactive = !flags.yes && !!process.stdin.isTTY && !!ctx.isTTY;
  if (interactive && (!values.issuer || !values.country || !values.title)) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      values.issuer ||= (await rl.question(`Issuer's legal name (${DEFAULTS.issuer}): `)).trim();
      values.country ||= (
        await rl.question(`Issuer's country, e.g. DE (${DEFAULTS.country}): `)
      ).trim();
      values.title ||= (await rl.question(`Program title (${DEFAULTS.title}): `)).trim();
    } finally {
      rl.close();
    }
  }
  return {
    issuer: values.issuer || DEFAULTS.issuer,
    country: (values.country || DEFAULTS.country).toUpperCase(),
    title: values.title || DEFAULTS.title,
    ...(values.id ? { id: values.id } : {}),
  };
}

async function runInit(dir: string, flags: InitFlags, ctx: CliContext): Promise<number> {
  const values = await ask(flags, ctx);
  const problems: SupplementError[] = [];
  if (!countryByCode(values.country)) {
    // "Germany", "Deutschland" or "DEU" → DE; else a near code.
    const guess =
      suggestCountryCode(values.country) ??
      closest(values.country, ["DE", "FR", "US", "GB", "AT", "CH", "NL", "IT", "ES"]);
    problems.push(
      new SupplementError("USAGE", {
        message: `--country: "${values.country}" is not an ISO 3166-1 alpha-2 country code${guess ? `; did you mean ${guess}?` : " (e.g. DE, FR, US)"}`,
      }),
    );
  }
  const id = values.id ?? idFrom(values.title);
  if (!PROGRAM_ID.test(id))
    problems.push(
      new SupplementError("USAGE", {
        message: `--id: "${id}" may contain only lower-case letters, digits and hyphens, and starts with a letter or digit`,
      }),
    );
  if (problems.length) {
    for (const p of problems) ctx.stderr(`supplement: error: ${p.message}`);
    return ExitCode.Usage;
  }
  const { initProject } = await import("../services/init.js");
  const result = await initProject(
    dir,
    {
      issuer: values.issuer,
      country: values.country,
      programId: id,
      programTitle: values.title,
      version: packageVersion(),
    },
    !!flags.force,
  );
  for (const path of result.written) ctx.stdout(`${dir === "." ? "" : `${dir}/`}${path}`);
  for (const path of result.kept)
    ctx.stderr(`kept ${path}: it exists already (--force overwrites it)`);
  ctx.stderr(
    `wrote ${result.written.length} file${result.written.length === 1 ? "" : "s"}${result.kept.length ? `, kept ${result.kept.length}` : ""}. Next: ${dir === "." ? "" : `cd ${dir} && `}supplement check && supplement build programs/`,
  );
  return ExitCode.Ok;
}
