/** What a command needs from the outside world; tests pass their own. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour on stderr (TTY, and not NO_COLOR). */
  color: boolean;
  verbose: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}
