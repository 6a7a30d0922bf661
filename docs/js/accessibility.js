// The theme's search overlay is a dialog without a name; screen readers announce it as
// "Search" with this label.
document.querySelectorAll(".md-search[role='dialog']").forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});
