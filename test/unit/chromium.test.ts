import puppeteer from "puppeteer-core";
import { describe, expect, it } from "vitest";
import type { BrowserLocation } from "../../src/render/browser.js";
import {
  chromiumArgs,
  PUPPETEER_DEFAULT_ARGS,
  PUPPETEER_DISABLED_FEATURES,
  PUPPETEER_ENABLED_FEATURES,
} from "../../src/render/chromium.js";

const shell: BrowserLocation = {
  path: "/x/chrome-headless-shell",
  source: "system",
  headlessShell: true,
};
const full: BrowserLocation = { path: "/x/chromium", source: "system", headlessShell: false };
const featuresOf = (args: string[], flag: string) =>
  args
    .filter((a) => a.startsWith(`${flag}=`))
    .flatMap((a) => a.slice(flag.length + 1).split(","))
    .sort();

describe("chromiumArgs: Chromium started without Puppeteer's launch", () => {
  it("gives every switch Puppeteer's launch would give, for both kinds of browser", () => {
    for (const [location, headless] of [
      [shell, "shell"],
      [full, true],
    ] as const) {
      const theirs = puppeteer.defaultArgs({ headless, userDataDir: "/p", args: [] });
      const ours = chromiumArgs(location, "/p");
      const plain = (args: string[]) =>
        args.filter((a) => !/^--(disable|enable)-features=/.test(a)).sort();
      for (const arg of plain(theirs)) expect(ours, arg).toContain(arg);
      // Puppeteer's feature lists, kept in step with the version installed.
      expect(featuresOf(theirs, "--disable-features")).toEqual(
        [...PUPPETEER_DISABLED_FEATURES].sort(),
      );
      expect(featuresOf(theirs, "--enable-features")).toEqual(
        [...PUPPETEER_ENABLED_FEATURES].sort(),
      );
      for (const f of PUPPETEER_DISABLED_FEATURES)
        expect(featuresOf(ours, "--disable-features")).toContain(f);
      for (const f of PUPPETEER_ENABLED_FEATURES)
        expect(featuresOf(ours, "--enable-features")).toContain(f);
      expect(plain(theirs).filter((a) => !PUPPETEER_DEFAULT_ARGS.includes(a))).toEqual(
        ["--headless", "--headless=new", "--user-data-dir=/p", "about:blank"].filter((a) =>
          theirs.includes(a),
        ),
      );
    }
  });

  it("talks over the DevTools pipe, names the profile once, and merges extra feature switches", () => {
    const args = chromiumArgs(shell, "/profile", {
      args: ["--disable-features=Foo,Translate", "--lang=de"],
      noSandbox: true,
    });
    expect(args).toContain("--remote-debugging-pipe");
    expect(args).toContain("--no-sandbox");
    expect(args).toContain("--lang=de");
    expect(args).toContain("--headless");
    expect(args.filter((a) => a.startsWith("--user-data-dir="))).toEqual([
      "--user-data-dir=/profile",
    ]);
    expect(args.filter((a) => a.startsWith("--disable-features="))).toHaveLength(1);
    const disabled = featuresOf(args, "--disable-features");
    expect(disabled).toContain("Foo");
    expect(disabled.filter((f) => f === "Translate")).toHaveLength(1);
    expect(new Set(args).size).toBe(args.length);
    expect(chromiumArgs(full, "/profile")).toContain("--headless=new");
    // Frames only on request: the shell's switch, not the full browser's.
    expect(args).toContain("--enable-begin-frame-control");
    expect(chromiumArgs(full, "/profile")).not.toContain("--enable-begin-frame-control");
  });
});
