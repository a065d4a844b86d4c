/** `supplement keys create`: a development signing identity. */
import { Command } from "commander";
import { ExitCode, SupplementError } from "../errors.js";
import type { CliContext } from "./context.js";

export function createKeysCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const keys = new Command("keys").description("signing identities for --sign and verify");
  keys.addCommand(
    new Command("create")
      .description(
        'write a development identity: an ECDSA P-256 key and a self-signed certificate naming the issuer, labelled "development, not trusted"',
      )
      .requiredOption("--issuer <name>", 'the issuer the certificate names, e.g. "Coursera Inc."')
      .option(
        "-o, --out <dir>",
        "folder for signing-key.pem (mode 0600) and signing-cert.pem",
        "keys",
      )
      .option("--force", "replace an identity that exists in the folder")
      .addHelpText(
        "after",
        `
The key is written with mode 0600; keep it out of version control. Supplements signed with it
verify as "valid, not trusted": a relying party trusts them only with --trust signing-cert.pem.
For production, bring your own certificate and key (an e-seal from your certificate authority),
as PKCS#12 named by signing.keyFile in the configuration, with its password in the environment
variable signing.passwordEnv names.

Exit codes: 0 written; 2 usage or I/O error (an identity exists already, without --force).`,
      )
      .exitOverride()
      .action(async (flags: { issuer: string; out: string; force?: boolean }) => {
        if (!flags.issuer.trim())
          throw new SupplementError("USAGE", { message: "--issuer needs the issuer's name" });
        const { writeDevIdentity } = await import("../crypto/keystore.js");
        const written = await writeDevIdentity(flags.out, flags.issuer.trim(), {
          ...(flags.force ? { force: true } : {}),
        });
        ctx.stdout(written.keyFile);
        ctx.stdout(written.certFile);
        ctx.stderr(`subject:     ${written.subject}`);
        ctx.stderr(`fingerprint: ${written.fingerprint} (SHA-256)`);
        ctx.stderr(
          "note: a development identity, not trusted: sign with `--sign`, and verify with `supplement verify --trust " +
            `${written.certFile}\``,
        );
        setExit(ExitCode.Ok);
      }),
  );
  return keys;
}
