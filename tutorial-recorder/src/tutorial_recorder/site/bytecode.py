"""Bytecode for the browser's Python, compiled once by Pyodide itself, so a page's Pyodide
imports the standard library and the locked wheels without compiling their source.

Pyodide's ``python_stdlib.zip`` and the wheels of PyPI hold source only: every page that
starts Pyodide compiled all it imports, which was most of its start. Here Pyodide runs once
under Node.js (which comes with npm, needed anyway), imports what a step's run imports
(``ROOTS``) and compiles each of those modules, so the magic number is Pyodide's own:

- ``python_stdlib-compiled.zip``: the standard library zip with a ``.pyc`` beside each
  imported module's ``.py``, which ``zipimport`` takes first; the source stays, for
  tracebacks;
- ``companion-bytecode.zip``: the ``__pycache__`` files of the imported modules of the
  wheels, by their whole paths, unpacked at ``/`` after the wheels are installed.

Each ``.pyc`` is hash-based and unchecked (PEP 552): nothing compares it with a file's date,
which installing the wheel in the browser sets anew. Each is compiled with the path the
module has in the browser, so a traceback reads as it does with source only. The files are
kept in the cache under a key of Pyodide's version and the wheels' hashes; without Node.js
there are none, and the worker compiles as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tutorial_recorder.site import npm

STDLIB = "python_stdlib-compiled.zip"
ERROR = re.compile(r"^\w+(Error|Exception): ")
SITE_PACKAGES = "companion-bytecode.zip"
ROOTS = (
    "sqlmodel",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.ext.declarative",
    "pydantic",
    "sqlite3",
    "logging",
    "warnings",
    "traceback",
    "linecache",
    "tokenize",
    "json",
    "ast",
    "zipfile",
    "decimal",
    "uuid",
    "sqlalchemy.ext.asyncio",
    "argparse",
    "difflib",
    "gettext",
    "pkgutil",
    "pprint",
    "shlex",
    "unittest.mock",
)
"""Modules whose import brings in what a step's run imports, the harness's runner (the
last eight, which ``tutorial_recorder.runner.in_browser`` pulls in) included: each module in
``sys.modules`` after importing them is compiled. A module left out still imports, from
source."""
# Runs inside Pyodide: compiles what ROOTS import into the two zips.
COMPILE = """
import importlib, importlib.util, io, marshal, os, sys, zipfile

def pyc(source, path):
    code = compile(source, path, "exec", dont_inherit=True)
    head = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little")
    return head + importlib.util.source_hash(source) + marshal.dumps(code)

def entry(name):
    made = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    made.compress_type = zipfile.ZIP_DEFLATED
    return made

extra = set()
for root in ROOTS:
    try:
        importlib.import_module(root)
    except ImportError:  # sqlalchemy.ext.asyncio wants greenlet: its files all the same
        folder = importlib.util.find_spec(root).submodule_search_locations[0]
        extra |= {os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".py")}
stdlib = next(p for p in sys.path if p.endswith(".zip"))
site = next(p for p in sys.path if p.endswith("site-packages"))
files = sorted(extra | {m.__spec__.origin for m in list(sys.modules.values())
                if getattr(m, "__spec__", None) and (m.__spec__.origin or "").endswith(".py")})
inside = {f[len(stdlib) + 1:] for f in files if f.startswith(stdlib + "/")}
out = io.BytesIO()
with zipfile.ZipFile(stdlib) as old, zipfile.ZipFile(out, "w") as new:
    for info in old.infolist():
        data = old.read(info)
        new.writestr(info, data)
        if info.filename in inside:
            new.writestr(entry(info.filename + "c"), pyc(data, f"{stdlib}/{info.filename}"))
with open("/tmp/STDLIB", "wb") as file:
    file.write(out.getvalue())
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as new:
    for path in (f for f in files if f.startswith(site + "/")):
        with open(path, "rb") as file:
            code = pyc(file.read(), path)
        new.writestr(entry(importlib.util.cache_from_source(path).lstrip("/")), code)
with open("/tmp/SITE_PACKAGES", "wb") as file:
    file.write(out.getvalue())
"""
DRIVER = """
import { loadPyodide } from "INDEX/pyodide.mjs";
import { readFileSync, writeFileSync } from "node:fs";
const [index, out, ...wheels] = process.argv.slice(1);
const pyodide = await loadPyodide({ indexURL: index + "/" });
await pyodide.loadPackage(wheels, { messageCallback: () => {} });
pyodide.runPython(readFileSync(0, "utf8"));
for (const name of ["STDLIB", "SITE_PACKAGES"]) {
  writeFileSync(`${out}/${name}`, pyodide.FS.readFile(`/tmp/${name}`));
}
"""


def compiled(runtime: Path, wheels: list[Path]) -> list[Path]:
    """The two zips for Pyodide's files in the folder ``runtime`` and ``wheels``, compiled
    once into the cache; none without Node.js."""
    node = shutil.which("node")
    key = hashlib.sha256(json.dumps(ROOTS).encode() + COMPILE.encode())
    for file in sorted([*runtime.iterdir(), *wheels]):
        key.update(file.name.encode() + hashlib.sha256(file.read_bytes()).digest())
    folder = npm.cache_folder("bytecode", key.hexdigest()[:16])
    found = [folder / STDLIB, folder / SITE_PACKAGES]
    if all(file.is_file() for file in found):
        return found
    if node is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="companion-bytecode-", dir=folder) as out:
        driver = DRIVER.replace("INDEX", runtime.resolve().as_uri())
        source = f"ROOTS = {ROOTS!r}\n{COMPILE}"
        command = [node, "--input-type=module", "-e", driver, "--", str(runtime), out]
        done = subprocess.run(
            [*command, *map(str, wheels)],
            input=source,
            text=True,
            check=False,
            capture_output=True,
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if ERROR.match(line)]
            raise RuntimeError(f"Pyodide could not compile the bytecode: {errors[-1:]}")
        for name, file in (("STDLIB", found[0]), ("SITE_PACKAGES", found[1])):
            Path(out, name).replace(file)
    return found
