// The site draws its diagrams with its own Mermaid (docs/mermaid/, written before a build
// by tutorial_recorder.site.assets). The theme draws each `mermaid` block with the global
// `mermaid`, and asks a CDN for one when the page has none: this stands in for it, taking
// the theme's settings, and loads the site's copy at the first drawing, so a page without
// a diagram never downloads it.
(() => {
  const source = new URL("../mermaid/mermaid.min.js", document.currentScript.src).href;
  let settings = {};
  let loaded = null;
  const load = () => {
    loaded ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = source;
      script.onload = () => {
        window.mermaid.initialize(settings);
        resolve(window.mermaid);
      };
      script.onerror = () => reject(new Error(`Mermaid could not be loaded from ${source}`));
      document.head.append(script);
    });
    return loaded;
  };
  window.mermaid = {
    initialize(given) {
      settings = given;
    },
    async render(id, text) {
      return (await load()).render(id, text);
    },
  };
})();
