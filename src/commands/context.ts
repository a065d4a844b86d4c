/** What a command needs from the outside world; tests pass their own. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour on stderr (TTY, and not NO_COLOR). */
  color: boolean;
  verbose: boolean;
  /** stderr is a terminal (progress bars instead of progress lines). */
  isTTY?: boolean;
  /** Rewrites the progress line in place (TTY only); an empty string clears it. */
  progress?: (line: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}
