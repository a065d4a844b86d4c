/** `supplement validate`: ELM and OB3 files, or the ones a PDF carries, against the official definitions. */
import { Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import type { CliContext } from "./context.js";

export function createValidateCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("validate")
    .description(
      "validate ELM (European Digital Credential) and Open Badges 3.0 files, or those a PDF carries",
    )
    .argument("<files...>", ".jsonld, .json or .pdf files, ours or anyone's")
    .addOption(
      new Option("-f, --format <format>", "text or json").choices(["text", "json"]).default("text"),
    )
    .addHelpText(
      "after",
      `
ELM documents are checked offline with the EU's SHACL shapes (EDC-generic-full.ttl, which imports
EDC-generic-no-cv.ttl) and the EU vocabularies held in standards/; OB3 documents with 1EdTech's
JSON Schema, with validFrom in place of issuanceDate (OB 3.0.3 on the VC Data Model 2.0). Each
violation is printed as  path: message (shape/constraint).

Examples:
  $ supplement validate out/full-stack.pdf
  $ supplement validate out/issued/ms-full-stack/*.edc.jsonld --format json

Exit codes: 0 every document valid; 1 a violation, or a PDF that carries no twin; 2 usage or I/O error.`,
    )
    .action(async (files: string[], flags: { format: "text" | "json" }) => {
      const { validateFiles } = await import("../services/validate.js");
      const { formatValidationJson, formatValidationText } = await import(
        "../report/validation.js"
      );
      const run = await validateFiles(files);
      if (flags.format === "json") ctx.stdout(formatValidationJson(run));
      else {
        const text = formatValidationText(run);
        if (text) ctx.stdout(text);
      }
      for (const e of run.errors) {
        ctx.stderr(`supplement: error: ${e.message}`);
        if (e.hint) ctx.stderr(`  hint: ${e.hint}`);
      }
      const invalid = run.twins.some((t) => t.violations.length > 0) || run.empty.length > 0;
      setExit(run.errors.length ? ExitCode.Usage : invalid ? ExitCode.Findings : ExitCode.Ok);
    });
}
