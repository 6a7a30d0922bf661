// The copy button of a console block copies its commands without their "$ " prompts, so
// what is pasted into a shell runs; lines without a prompt (output) are left out. The
// theme copies a button's data-clipboard-text when it has one: it is set on the click,
// before the theme's own handler reads it.
document.addEventListener(
  "click",
  (event) => {
    const button = event.target.closest && event.target.closest("[data-clipboard-target]");
    if (!button) return;
    const code = document.querySelector(button.getAttribute("data-clipboard-target"));
    if (!code || !code.closest(".language-console")) return;
    const lines = code.innerText.split("\n").filter((line) => line.startsWith("$ "));
    if (lines.length) {
      button.setAttribute("data-clipboard-text", lines.map((line) => line.slice(2)).join("\n"));
    }
  },
  true,
);
