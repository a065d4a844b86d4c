/**
 * Synchronous clean-up for interruption and exit: modules that start processes or write temp
 * files register here; the command line runs them on SIGINT, SIGTERM, SIGHUP and exit.
 */
const hooks = new Set<() => void>();

export function registerCleanup(hook: () => void): void {
  hooks.add(hook);
}

export function runCleanups(): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // Clean-up is best effort: one failing hook must not stop the others.
    }
  }
}
