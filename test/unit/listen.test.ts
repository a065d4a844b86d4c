import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { SupplementError } from "../../src/errors.js";
import { listenOnLoopback } from "../../src/io/listen.js";

describe("listenOnLoopback", () => {
  it("listens on 127.0.0.1 only, and a port in use is a usage error that names it", async () => {
    const first = createServer();
    await listenOnLoopback(first, 0);
    const { address, port } = first.address() as AddressInfo;
    expect(address).toBe("127.0.0.1");
    const second = createServer();
    const failed = await listenOnLoopback(second, port).catch((e: unknown) => e);
    first.close();
    expect(failed).toBeInstanceOf(SupplementError);
    expect(failed).toMatchObject({ code: "PORT_UNAVAILABLE", exitCode: 2 });
    expect((failed as Error).message).toBe(
      `cannot serve on 127.0.0.1:${port} (the port is in use)`,
    );
    expect((failed as SupplementError).hint).toContain("--port");
  });
});
