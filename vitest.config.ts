import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { isKnownDriverDefect } from "./src/db/driver-defects.js";

export default defineConfig({
  // graphql 16 has no `exports` map: without this alias Vite loads index.mjs for our code while
  // type-graphql loads index.js, and graphql-js refuses types "from another module or realm".
  resolve: {
    alias: [
      { find: /^graphql$/, replacement: "graphql/index.js" },
      // Code under test that imports the client package by name (the bank example) gets its source:
      // a fresh clone runs the suite without building the package first.
      { find: /^@hanoi-hub\/client$/, replacement: fileURLToPath(new URL("./clients/typescript/src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
    // postgres.js's null-socket write after a connection dies (src/db/driver-defects.ts): the hub's
    // main.ts survives it, and so does an in-process test hub; anything else unhandled fails the run.
    onUnhandledError: (error) => (isKnownDriverDefect(error) ? false : undefined),
  },
});
