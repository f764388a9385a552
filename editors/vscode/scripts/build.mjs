// Bundles the extension with esbuild into dist/extension.js (everything but
// `vscode` inlined, so the .vsix needs no node_modules), and with --tests the
// node test files into out/test/ for `node --test`.
//
//   node scripts/build.mjs               development bundle with a source map
//   node scripts/build.mjs --production  minified bundle, as packaged
//   node scripts/build.mjs --watch       rebuild on change
//   node scripts/build.mjs --tests       the bundle and the tests
//   node scripts/build.mjs --e2e         the bundle, the end-to-end test and its installer
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";

const flags = new Set(process.argv.slice(2));
const production = flags.has("--production");

/** @type {import('esbuild').BuildOptions} */
const extension = {
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.85 runs extensions on Node 18.
  target: "node18",
  external: ["vscode"],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: "warning",
};

/** @type {() => import('esbuild').BuildOptions} */
const tests = () => ({
  entryPoints: readdirSync("test/unit")
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `test/unit/${name}`),
  outdir: "out/test",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // Test dependencies (vscode-textmate, vscode-oniguruma) load from node_modules.
  packages: "external",
  sourcemap: "inline",
  logLevel: "warning",
});

/** @type {() => import('esbuild').BuildOptions} */
const e2e = () => ({
  ...tests(),
  entryPoints: ["test/e2e/editor.test.ts", "test/e2e/install.ts"],
  outdir: "out/e2e",
});

if (flags.has("--watch")) {
  const context = await esbuild.context(extension);
  await context.watch();
  console.log("watching src/ for changes...");
} else {
  await esbuild.build(extension);
  if (flags.has("--tests")) {
    await esbuild.build(tests());
  }
  if (flags.has("--e2e")) {
    await esbuild.build(e2e());
  }
}
