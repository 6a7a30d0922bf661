// The Web Worker behind the "Run in your browser" buttons (run-in-browser.js): started once
// per page, at the first click, and reused. It starts Pyodide from the site's own pyodide/
// folder (tutorial_recorder.site.runtime), installs the wheels run.json names and the
// harness's runner, and runs each step it is sent with tutorial_recorder.runner.in_browser:
// a fresh __main__, fresh SQLModel metadata and an empty working folder every time.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const base = new URL("../pyodide/", import.meta.url);
let ready = null;

const fetched = async (name) => (await fetch(new URL(name, base))).arrayBuffer();

async function boot() {
  const manifest = await (await fetch(new URL("run.json", base))).json();
  // With the compiled standard library and the wheels' bytecode (see
  // tutorial_recorder.site.bytecode), Python imports without compiling any source.
  const [stdlib, bytecode] = manifest.compiled ?? [];
  const compiled = bytecode ? fetched(bytecode) : null;
  const stdLibURL = stdlib ? new URL(stdlib, base).href : undefined;
  const pyodide = await loadPyodide({ indexURL: base.href, stdLibURL });
  await pyodide.loadPackage(manifest.wheels.map((name) => new URL(name, base).href));
  if (compiled) pyodide.unpackArchive(await compiled, "zip", { extractDir: "/" });
  const runner = await fetched("companion-runner.zip");
  pyodide.unpackArchive(runner, "zip", { extractDir: "/companion-lib" });
  pyodide.runPython("import sys; sys.path.insert(0, '/companion-lib')");
  const module = pyodide.pyimport("tutorial_recorder.runner.in_browser");
  // Descriptors 1 and 2 are one stream, as a pipe under `2>&1`. The handler only keeps the
  // bytes: Python cannot be called while it is writing them, so the run takes them itself.
  let chunks = [];
  const write = (buffer) => {
    chunks.push(buffer.slice());
    return buffer.length;
  };
  pyodide.setStdout({ write });
  pyodide.setStderr({ write });
  const written = () => {
    const all = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    chunks = [];
    return all;
  };
  const versions = `Pyodide ${pyodide.version}: ${module.versions()}`;
  return { module, written, versions };
}

self.onmessage = async ({ data }) => {
  try {
    ready ??= boot();
    const { module, written, versions } = await ready;
    const show = (entries) => self.postMessage({ id: data.id, kind: "entries", entries });
    const run = module.Run(data.path, data.source, written, show);
    const result = run.execute();
    run.destroy();
    self.postMessage({ id: data.id, kind: "done", result, versions });
  } catch (error) {
    self.postMessage({ id: data.id, kind: "failed", message: String(error) });
  }
};
