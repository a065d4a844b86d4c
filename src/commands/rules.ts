/** `supplement rules`: lists every rule with its id, severity and description. */
import { Command, Option } from "commander";
import { ALL_RULES, type ProfileId } from "../core/rules/index.js";
import { ExitCode } from "../errors.js";
import { formatRulesMarkdown, formatRulesText } from "../report/rules.js";
import { PROFILE_IDS } from "./check.js";
import type { CliContext } from "./context.js";

export function createRulesCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("rules")
    .description("list the rules that check and build apply, with their ids and default severities")
    .addOption(
      new Option("--profile <profile>", "only the rules of this profile").choices(PROFILE_IDS),
    )
    .addOption(
      new Option("--format <format>", "text, markdown (as docs/rules.md) or json")
        .choices(["text", "markdown", "json"])
        .default("text"),
    )
    .action((flags: { profile?: ProfileId; format: "text" | "markdown" | "json" }) => {
      if (flags.format === "markdown") ctx.stdout(formatRulesMarkdown(ALL_RULES).trimEnd());
      else if (flags.format === "json") {
        const rules = flags.profile
          ? ALL_RULES.filter((r) => r.profiles.includes(flags.profile as ProfileId))
          : ALL_RULES;
        ctx.stdout(
          JSON.stringify(
            rules.map(({ id, severity, description, explanation, profiles }) => ({
              id,
              severity,
              description,
              explanation,
              profiles,
            })),
            null,
            2,
          ),
        );
      } else ctx.stdout(formatRulesText(ALL_RULES, flags.profile));
      setExit(ExitCode.Ok);
    });
}
