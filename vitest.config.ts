import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One temporary folder for the whole suite, removed at the end; /tmp is checked for leftovers.
    globalSetup: ["test/global-setup.ts"],
    // PDF and end-to-end tests start a real Chromium; give them room on 2-core machines.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browser-heavy files run one at a time so that the process checks stay meaningful.
    fileParallelism: false,
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
