"""axe-core on a page, started without waiting so several pages run it side by side.

axe's ``color-contrast`` rule is most of its cost: it weighs every text node of a page
against what is painted behind it, and a recorded run has thousands of them. Most are
alike: the same colour, size and weight over the same backgrounds, inside the same kind of
element. ``SAMPLE`` gives each visible text's element a key made of exactly what the rule
reads (its colour, font size and weight, text shadow, the opacity and the backgrounds of
it and every element up to the first opaque one, and the tags and classes of that chain)
and marks the first element of each key not already checked in that colour scheme, on
this page or an earlier one, and likewise each kind of link. ``color-contrast`` and
``link-in-text-block`` then look at the marked elements only (their selectors narrowed
with ``axe.configure``), in the same run as every other rule on the whole page: each run
of axe on a large page costs a second before any rule starts. A contrast problem is
reported on the first page where its key occurs.
"""

from __future__ import annotations

from playwright.sync_api import Page

SERIOUS = ("serious", "critical")
SAMPLE_ATTRIBUTE = "data-contrast-sample"
SAMPLE = """(seen) => {
  const known = new Set(seen);
  const chosen = new Map();
  const chains = new Map();
  const styled = (element) => {
    if (!chains.has(element)) {
      const style = getComputedStyle(element);
      const classes = [...element.classList].sort().join(".");
      let own = [element.localName + "." + classes, style.backgroundColor,
                 style.backgroundImage, style.opacity, style.mixBlendMode, style.filter].join(" ");
      const opaque = /^rgb\\(/.test(style.backgroundColor) && style.opacity === "1";
      const parent = element.parentElement;
      chains.set(element, opaque || parent === null ? own : own + " < " + styled(parent));
    }
    return chains.get(element);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const visited = new Set();
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const element = node.parentElement;
    if (element === null || visited.has(element) || !node.data.trim()) continue;
    visited.add(element);
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const style = getComputedStyle(element);
    const around = element.parentElement ? getComputedStyle(element.parentElement).color : "";
    const key = [style.color, style.fontSize, style.fontWeight, style.textShadow,
                 style.textDecorationLine, style.webkitTextStrokeColor, around,
                 styled(element)].join(" | ");
    if (!known.has(key) && !chosen.has(key)) chosen.set(key, element);
  }
  for (const link of document.querySelectorAll("a[href]")) {
    if (visited.has(link) || !link.checkVisibility({visibilityProperty: true})) continue;
    const style = getComputedStyle(link);
    const key = ["link", style.color, style.textDecorationLine, style.fontWeight,
                 getComputedStyle(link.parentElement).color, styled(link)].join(" | ");
    if (!known.has(key) && !chosen.has(key)) chosen.set(key, link);
  }
  for (const element of chosen.values()) element.setAttribute("ATTRIBUTE", "");
  return [...chosen.keys()];
}""".replace("ATTRIBUTE", SAMPLE_ATTRIBUTE)
START = """(every) => {
  if (!window.__companionSampled) {
    axe.configure({rules: [
      {id: "color-contrast", selector: "[ATTRIBUTE]"},
      {id: "link-in-text-block", selector: "a[ATTRIBUTE]"},
    ]});
    window.__companionSampled = true;
  }
  const options = every ? {resultTypes: ["violations"]}
    : {resultTypes: ["violations"], runOnly: COLOURS};
  window.__companionAxe = (async () => {
    const found = (await axe.run(document, options)).violations;
    document.querySelectorAll("[ATTRIBUTE]").forEach((e) => e.removeAttribute("ATTRIBUTE"));
    return found.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  })();
}"""
NOTHING_NEW = "() => { window.__companionAxe = Promise.resolve([]); }"
COLOURS = ["color-contrast", "link-in-text-block"]
"""The rules that weigh colours: run on the samples only, and again in the dark scheme."""
START = START.replace("ATTRIBUTE", SAMPLE_ATTRIBUTE).replace("COLOURS", str(COLOURS))


def inject(page: Page, url: str) -> None:
    """axe-core on ``page``, once, from ``url``."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.add_script_tag(url=url)


def start(page: Page, seen: set[str], *, every: bool) -> None:
    """Start axe on ``page``: the ``COLOURS`` rules on the samples whose keys are not in
    ``seen`` (which gets them), and with ``every``, every other rule on the whole page;
    ``finish`` waits for the result. Without ``every`` and with no new sample, axe is not
    run at all: its rules would have nothing to look at, and a run on a large page costs
    a second before any rule starts."""
    new = page.evaluate(SAMPLE, sorted(seen))
    seen.update(new)
    if every or new:
        page.evaluate(START, every)
    else:
        page.evaluate(NOTHING_NEW)


def finish(page: Page) -> list[str]:
    """The serious and critical violations found by the run ``start`` began on ``page``."""
    violations = page.evaluate("() => window.__companionAxe")
    return [
        f"accessibility ({v['impact']}): {v['id']}: {v['help']} ({', '.join(v['targets'][:3])})"
        for v in violations
        if v["impact"] in SERIOUS
    ]
