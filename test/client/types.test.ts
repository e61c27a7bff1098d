/**
 * The client's types reject a wrong field and a wrong variable: with its `@ts-expect-error`
 * directives taken away, types.fixture.ts has errors on exactly the lines they marked.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./types.fixture.ts", import.meta.url));
const DIRECTIVE = "// @ts-expect-error";

function compilerOptions(): ts.CompilerOptions {
  const { config } = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, root).options, noEmit: true };
}

/** Diagnostics of the fixture, with `source` in place of its text; as line numbers (1-based) and codes. */
function diagnostics(source: string): Array<{ line: number; code: number; message: string }> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => (path === fixture ? source : readFile(path));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language, onError) =>
    path === fixture ? ts.createSourceFile(path, source, language) : getSourceFile(path, language, onError);
  const program = ts.createProgram([fixture], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === fixture)
    .map((d) => ({
      line: d.file!.getLineAndCharacterOfPosition(d.start!).line + 1,
      code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, " "),
    }));
}

describe("the client's types", () => {
  it("reject exactly the fixture's marked lines once their directives are gone, and nothing else", { timeout: 60_000 }, () => {
    const lines = readFileSync(fixture, "utf8").split("\n");
    const marked = lines.flatMap((line, index) => (line.trim().startsWith(DIRECTIVE) ? [index + 2] : []));
    expect(marked.length).toBeGreaterThanOrEqual(8);
    const bare = lines.map((line) => (line.trim().startsWith(DIRECTIVE) ? "" : line)).join("\n");
    const errors = diagnostics(bare);
    // Every error sits on a marked line (so, directives back, the fixture compiles clean) and every
    // marked line has one (so no directive passes by accident).
    expect(errors.filter((error) => !marked.includes(error.line))).toEqual([]);
    expect(marked.filter((line) => !errors.some((error) => error.line === line))).toEqual([]);
  });
});
