/** `supplement verify`: is a supplement authentic, unchanged, trusted? */
import { Command, Option } from "commander";
import { ExitCode, SupplementErrors } from "../errors.js";
import type { CliContext } from "./context.js";
import { configOption, loadRunConfig } from "./shared.js";

interface VerifyFlags {
  site?: string;
  status?: string;
  online?: boolean;
  trust?: string[];
  allowUntrusted?: boolean;
  format: "text" | "json";
  config?: string;
}

export function createVerifyCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("verify")
    .description("check a supplement's signature, signer and twins, offline")
    .argument("<files...>", "signed PDFs (and their twins)")
    .option(
      "--trust <cert.pem|dir>",
      "certificates to trust: a PEM file or a folder of them (repeatable; also signing.trust in the config)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      "--allow-untrusted",
      "accept a valid signature by a signer that is not trusted (exit 0)",
    )
    .option("--site <dir>", "a built verification site: revocation is read from its status lists")
    .option("--status <file>", "a status-list credential to read revocation from")
    .option("--online", "fetch the status list from its address (otherwise nothing is fetched)")
    .addOption(
      new Option("-f, --format <format>", "text or json").choices(["text", "json"]).default("text"),
    )
    .addOption(configOption())
    .addHelpText(
      "after",
      `
For each PDF: whether its signature is intact and valid (PAdES, covering the whole file), who
signed it (subject, SHA-256 fingerprint, signing time), whether the signer is trusted, and
whether the twins it carries state what its first page states, and whether it is revoked (from
the status list of a built site, --site, or a status-list file, --status). Nothing is fetched
unless --online.

Examples:
  $ supplement verify out/issued/ms-full-stack/*.pdf --trust keys/signing-cert.pem
  $ supplement verify supplement.pdf --allow-untrusted -f json

Exit codes: 0 every file valid and trusted; 1 a file is invalid, changed, untrusted or its twins
disagree; 2 usage or I/O error.`,
    )
    .action(async (files: string[], flags: VerifyFlags) => {
      const config = await loadRunConfig(flags.config, ctx);
      const { loadTrustAnchors } = await import("../crypto/trust.js");
      const { resolve } = await import("node:path");
      const configured = config.signing?.trust;
      const trustPaths = [
        ...(flags.trust ?? []).map((t) => resolve(ctx.cwd, t)),
        ...(configured ? (Array.isArray(configured) ? configured : [configured]) : []),
      ];
      const trust = loadTrustAnchors(trustPaths);
      const { verifyFiles } = await import("../services/verify.js");
      const { formatVerifyJson, formatVerifyText } = await import("../report/verify.js");
      const { verdicts, errors } = await verifyFiles(files, {
        trust,
        ...(flags.allowUntrusted ? { allowUntrusted: true } : {}),
        status: {
          ...(flags.site ? { siteDir: resolve(ctx.cwd, flags.site) } : {}),
          ...(flags.status ? { file: resolve(ctx.cwd, flags.status) } : {}),
          ...(flags.online ? { online: true } : {}),
        },
      });
      if (verdicts.length)
        ctx.stdout(
          flags.format === "json" ? formatVerifyJson(verdicts) : formatVerifyText(verdicts),
        );
      if (errors.length) throw new SupplementErrors(errors);
      setExit(verdicts.every((v) => v.ok) ? ExitCode.Ok : ExitCode.Findings);
    });
}
