#!/usr/bin/env node
// Entry point of the `supplement` command; the code lives in dist/ (run `npm run build`).
import { run } from "../dist/bundle/cli.js";

await run();
