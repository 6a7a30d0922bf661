// "Run in your browser" (tutorial_recorder.site.in_browser): a button with data-step="<id>"
// runs the step in a Web Worker (run-worker.js) and shows its output, entry by entry, in the
// element with data-output-of="<id>", which gets data-status="done" (or "failed") at the
// end. The entries come normalised by the harness's own code; here they are only drawn, as
// the page draws a recorded run (tutorial_recorder.site.transcripts).
(() => {
  const here = document.currentScript.src;
  let worker = null;
  let next = 0;
  const waiting = new Map();

  function started() {
    if (worker === null) {
      worker = new Worker(new URL("run-worker.js", here), { type: "module" });
      worker.onmessage = ({ data }) => waiting.get(data.id)?.(data);
    }
    return worker;
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function line(text, role) {
    const shown = element("span", role ? `line ${role}` : "line");
    const badge = role === "parameters" && text.startsWith("[") ? text.indexOf("] ") : -1;
    if (badge > 0) {
      shown.append(element("span", "badge", text.slice(0, badge + 1)), text.slice(badge + 1));
    } else {
      shown.textContent = text;
    }
    return shown;
  }

  // A run's items, by kind: a parameters line joins the statement above it.
  function entries(shown) {
    const drawn = [];
    let last = null;
    for (const item of shown.items) {
      if (item.kind === "parameters" && last?.dataset.kind === "sql") {
        last.append(line(item.text, "parameters"));
        continue;
      }
      const kind = item.kind === "parameters" ? "sql" : item.kind;
      last = element("span", `entry ${kind}`);
      last.dataset.kind = kind;
      const texts = kind === "sql" ? item.text.split("\n") : item.lines;
      const role = item.kind === "parameters" ? "parameters" : "";
      texts.forEach((text) => last.append(line(text, role)));
      drawn.push(last);
    }
    if (shown.error.length) {
      const error = element("span", "entry error");
      shown.error.forEach((text) => error.append(line(text, "")));
      drawn.push(error);
    }
    return drawn;
  }

  function transcript(path) {
    const block = element("div", "transcript highlight");
    const code = element("code");
    const header = element("span", "line console");
    header.append(element("span", "command", `$ python ${path}`));
    header.append(element("span", "comment", " # in your browser"));
    code.append(header);
    block.append(element("pre"));
    block.firstChild.append(code);
    return { block, code };
  }

  function run(holder, button) {
    const output = holder.querySelector("[data-output-of]");
    const path = holder.dataset.path;
    const { block, code } = transcript(path);
    output.replaceChildren(block);
    output.dataset.status = "running";
    button.disabled = true;
    const id = next++;
    const finish = (status, note) => {
      waiting.delete(id);
      output.append(element("p", "browser-versions", note));
      output.dataset.status = status;
      button.disabled = false;
    };
    waiting.set(id, (message) => {
      if (message.kind === "entries") {
        JSON.parse(message.entries).forEach((shown) => code.append(...entries(shown)));
      } else if (message.kind === "done") {
        const result = JSON.parse(message.result);
        const lines = [...result.items.flatMap((item) => item.lines), ...result.error];
        block.dataset.copy = lines.join("\n");
        code.replaceChildren(code.firstChild, ...entries(result));
        finish("done", `Run in your browser by ${message.versions}.`);
      } else {
        code.append(line(message.message, ""));
        finish("failed", "The run could not be completed in this browser.");
      }
    });
    started().postMessage({ id, path, source: holder.dataset.source });
  }

  document.querySelectorAll(".run-in-browser").forEach((holder) => {
    const button = holder.querySelector("button[data-step]");
    button.addEventListener("click", () => run(holder, button));
  });
})();
