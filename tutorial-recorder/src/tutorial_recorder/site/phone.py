"""What a page must be at a phone's width, checked by one script run in the page."""

from __future__ import annotations

MIN_DIAGRAM_TEXT = 12
# The code blocks whose lines scroll rather than wrap: source, where a wrapped line would
# read as two and its indentation, which is Python's syntax, would be lost.
SCROLLING = ["language-python", "language-py", "language-sql", "language-toml"]

# At a phone's width, in one evaluation: the page and every block in it that scrolls sideways
# (source code excepted: its lines keep their shape and scroll), diagram text under
# MIN_DIAGRAM_TEXT px, highlighted lines that stop short of their block's width, and step ids
# in tables broken anywhere but after a `/`. Blocks not shown (closed, other tab) are skipped.
SCRIPT = """([width, smallest, scrolling]) => {
  const problems = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`the page scrolls sideways at ${width} px: ${page} px`);
  const shown = (element) => element.getClientRects().length > 0;
  const name = (element) => {
    const around = element.closest("[id], .highlight, .transcript, table");
    const where = around && around.id ? `#${around.id}` : (around || element).className;
    return `${element.tagName.toLowerCase()} in ${where || "the page"}`;
  };
  const content = document.querySelector(".md-content") || document.body;
  for (const block of content.querySelectorAll("pre, pre > code, .md-typeset__scrollwrap")) {
    const kind = block.closest("[class*='language-']");
    const source = kind && scrolling.some((language) => kind.classList.contains(language));
    if (!source && shown(block) && block.scrollWidth > block.clientWidth + 1) {
      problems.push(`${name(block)} scrolls sideways: ${block.scrollWidth} px in `
        + `${block.clientWidth} px`);
    }
  }
  for (const line of content.querySelectorAll(".hll")) {
    const code = line.closest("code");
    if (shown(line) && line.getBoundingClientRect().width + 1 < code.scrollWidth) {
      problems.push(`a highlighted line of ${name(code)} is cut: `
        + `${Math.round(line.getBoundingClientRect().width)} px of ${code.scrollWidth} px`);
    }
  }
  document.querySelectorAll("div.mermaid").forEach((host, number) => {
    const svg = (host.shadowRoot || host).querySelector("svg");
    if (!svg || !shown(host)) return;
    for (const text of svg.querySelectorAll("text, foreignObject span")) {
      const matrix = (text.closest("foreignObject") || text).getScreenCTM();
      const size = parseFloat(getComputedStyle(text).fontSize) * (matrix ? matrix.a : 1);
      if (text.textContent.trim() && size + 0.05 < smallest) {
        problems.push(`diagram ${number + 1}: "${text.textContent.trim()}" is drawn at `
          + `${size.toFixed(1)} px`);
        break;
      }
    }
  });
  for (const code of content.querySelectorAll("td > code")) {
    for (const node of code.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.data.includes("\\u200b")) continue;
      let start = 0;
      for (const word of node.data.split(/[\\u200b\\s]/)) {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + word.length);
        start += word.length + 1;
        const rows = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (rows.size > 1) problems.push(`the id ${node.data} is broken inside "${word}"`);
      }
    }
  }
  return problems;
}"""
