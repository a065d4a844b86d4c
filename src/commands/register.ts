/** `supplement revoke`, `supplement status` and `supplement site`: the register and the verification site. */
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { ExitCode, SupplementError } from "../errors.js";
import type { CliContext } from "./context.js";
import { configOption, loadRunConfig, parsePort, signerOf } from "./shared.js";

const registerOption = () =>
  new Option("--register <dir>", "folder of the registers, searched below it").default(
    "out/issued",
  );

export function createRevokeCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("revoke")
    .description(
      "revoke an issued credential (W3C Bitstring Status List; rebuild the site to publish it)",
    )
    .argument("<credential_id>", "the credential to revoke")
    .requiredOption("--reason <text>", "why, kept in the register (not published)")
    .addOption(registerOption())
    .addHelpText(
      "after",
      "\nExit codes: 0 revoked; 2 unknown credential, already revoked, or I/O error.",
    )
    .action(async (id: string, flags: { reason: string; register: string }) => {
      if (!flags.reason.trim())
        throw new SupplementError("USAGE", {
          message: "--reason needs a reason",
          hint: 'The reason is kept in the register and shown with the status, e.g. --reason "issued in error".',
        });
      const { revokeCredential } = await import("../services/register.js");
      const record = revokeCredential(resolve(ctx.cwd, flags.register), id, flags.reason.trim());
      ctx.stdout(`${id}: revoked (${record.file})`);
      ctx.stderr(
        "note: run `supplement site` to publish the revocation in the status list and on the page",
      );
      setExit(ExitCode.Ok);
    });
}

export function createStatusCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("status")
    .description("list the issued credentials and whether each is valid or revoked")
    .argument("[credential_id]", "one credential")
    .addOption(registerOption())
    .addOption(
      new Option("-f, --format <format>", "text or json").choices(["text", "json"]).default("text"),
    )
    .action(async (id: string | undefined, flags: { register: string; format: string }) => {
      const { credentialStatus } = await import("../services/register.js");
      const records = credentialStatus(resolve(ctx.cwd, flags.register), id);
      if (flags.format === "json")
        ctx.stdout(
          JSON.stringify(
            records.map((r) => ({
              credentialId: r.issued.credentialId,
              programId: r.issued.programId,
              learnerId: r.issued.learnerId,
              issueDate: r.issued.issueDate,
              status: r.revoked ? "revoked" : "valid",
              ...(r.revoked ? { revokedAt: r.revoked.at, reason: r.revoked.reason } : {}),
              ...(r.issued.statusIndex !== undefined
                ? { statusList: r.issued.statusList, statusIndex: r.issued.statusIndex }
                : {}),
            })),
            null,
            2,
          ),
        );
      else
        for (const r of records)
          ctx.stdout(
            `${r.issued.credentialId}\t${r.issued.programId}\t${r.issued.learnerId}\tissued ${r.issued.issueDate}\t${r.revoked ? `revoked ${r.revoked.at.slice(0, 10)}: ${r.revoked.reason}` : "valid"}`,
          );
      ctx.stderr(
        `${records.length} credential${records.length === 1 ? "" : "s"}, ${records.filter((r) => r.revoked).length} revoked`,
      );
      setExit(ExitCode.Ok);
    });
}

export function createSiteCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("site")
    .description("build the static verification site the QR codes lead to, from the register(s)")
    .addOption(registerOption())
    .option("-o, --out <dir>", "output folder", "site")
    .option("--serve", "then serve it on 127.0.0.1 for a preview (Ctrl-C stops)")
    .option("--port <n>", "port for --serve (default 8080)", parsePort)
    .option(
      "--show-learner-id",
      "show the learner id on the pages (also site.showLearnerId; off by default)",
    )
    .option(
      "--indexable",
      "let search engines index the pages (also site.indexable; default: noindex)",
    )
    .option("--sign", "sign the status lists (also signing.enabled)")
    .addOption(configOption())
    .addHelpText(
      "after",
      `
One page per credential, at the path its verification address names (…/{credential_id} becomes
{credential_id}/index.html), with the holder's name, program, credits, EQF level, dates, the
status (valid, or revoked with the date) and links to the twins; the twins; the status lists
(status/<list>.json, W3C Bitstring Status List v1.0); and an index. No server code: publish the
folder on any static host (GitHub Pages, S3, nginx). The e-mail is never shown.

Exit codes: 0 built; 2 usage or I/O error.`,
    )
    .action(
      async (flags: {
        register: string;
        out: string;
        serve?: boolean;
        port?: number;
        showLearnerId?: boolean;
        indexable?: boolean;
        sign?: boolean;
        config?: string;
      }) => {
        const config = await loadRunConfig(flags.config, ctx);
        const signer = await signerOf(flags.sign, config, ctx, "Status list");
        const { buildSite } = await import("../services/site.js");
        const summary = await buildSite({
          registerDir: resolve(ctx.cwd, flags.register),
          outDir: resolve(ctx.cwd, flags.out),
          ...((flags.showLearnerId ?? config.site?.showLearnerId) ? { showLearnerId: true } : {}),
          ...((flags.indexable ?? config.site?.indexable) ? { indexable: true } : {}),
          ...(signer ? { signer } : {}),
        });
        ctx.stdout(flags.out);
        ctx.stderr(
          `site: ${summary.pages} credential page${summary.pages === 1 ? "" : "s"} (${summary.revoked} revoked), ${summary.statusLists.length} status list${summary.statusLists.length === 1 ? "" : "s"}, from ${summary.registers.length} register${summary.registers.length === 1 ? "" : "s"}`,
        );
        if (flags.serve) {
          const port = flags.port ?? 8080;
          const { serveStatic } = await import("../io/static-server.js");
          const server = await serveStatic(resolve(ctx.cwd, flags.out), port);
          const address = server.address();
          ctx.stderr(
            `serving http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/ (Ctrl-C stops)`,
          );
          // Serves until Ctrl-C: the command line's signal handler ends the process (exit 130).
          await new Promise<void>((done) => server.once("close", () => done()));
        }
        setExit(ExitCode.Ok);
      },
    );
}
