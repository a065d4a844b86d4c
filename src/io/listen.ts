/** Servers of the tool listen on the loopback interface only; a port that cannot be had is a usage error. */
import type { Server } from "node:http";
import { SupplementError } from "../errors.js";

const REASONS: Record<string, string> = {
  EADDRINUSE: "the port is in use",
  EACCES: "the port needs privileges",
};

/** Listens on 127.0.0.1:`port` (0: a free port). */
export function listenOnLoopback(server: Server, port: number): Promise<void> {
  return new Promise((ok, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      fail(
        new SupplementError(
          "PORT_UNAVAILABLE",
          { port: String(port), reason: REASONS[e.code ?? ""] ?? e.message },
          { cause: e },
        ),
      );
    });
    server.listen(port, "127.0.0.1", () => ok());
  });
}
