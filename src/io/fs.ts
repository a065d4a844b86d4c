/** Output folders. */
import { accessSync, constants, mkdirSync } from "node:fs";
import { SupplementError } from "../errors.js";

export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new SupplementError("OUTPUT_UNWRITABLE", { path: dir, reason: code }, { cause: e });
  }
}
