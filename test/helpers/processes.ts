/** Finds browser processes started by supplement (they use a supplement-chromium-* profile). */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";

export function supplementBrowserProcesses(): string[] {
  try {
    const out = execFileSync("ps", ["-eo", "pid,stat,args"], { encoding: "utf8" });
    return out
      .split("\n")
      .filter((l) => l.includes("supplement-chromium-") && !/\sZ/.test(l.slice(0, 14)));
  } catch {
    return [];
  }
}

export function leftoverProfiles(): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith("supplement-chromium-"));
}
