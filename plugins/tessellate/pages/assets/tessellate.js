/* Tessellate: load an embedded activity when the reader asks for it, and not before. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".tx-embed__load");
  if (!button) return;
  var holder = button.closest(".tx-embed");
  var frame = document.createElement("iframe");
  ["src", "title", "width", "height", "allow"].forEach(function (name) {
    var value = holder.getAttribute("data-tx-" + name);
    if (value) frame.setAttribute(name, value);
  });
  if (holder.hasAttribute("data-tx-allowfullscreen")) frame.setAttribute("allowfullscreen", "");
  if (!frame.title) frame.title = "Embedded activity";
  frame.className = "tx-embed__frame";
  holder.replaceWith(frame);
  frame.focus();
});

/* A table or formula too wide for the screen scrolls sideways: make its scroller reachable by keyboard. */
function tessellateScrollers() {
  document.querySelectorAll(".md-typeset__scrollwrap, .tx-maths").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", wrap.classList.contains("tx-maths") ? "Formula (scrolls sideways)" : "Table (scrolls sideways)");
    }
  });
}
if (window.document$) { window.document$.subscribe(tessellateScrollers); }
else { document.addEventListener("DOMContentLoaded", tessellateScrollers); }
window.addEventListener("resize", tessellateScrollers);

/* Share kit: copy a snippet. "rich" puts HTML and its plain-text twin on the clipboard together, so an
   email editor pastes it formatted and a plain-text field gets the text. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-tx-copy]");
  if (!button) return;
  var text = document.getElementById(button.getAttribute("data-tx-text")).textContent;
  var status = button.parentNode.querySelector(".tx-copy__status");
  var copied;
  if (button.getAttribute("data-tx-copy") === "rich" && window.ClipboardItem) {
    var html = document.getElementById(button.getAttribute("data-tx-html")).textContent;
    copied = navigator.clipboard.write([new ClipboardItem({
      "text/html": new Blob([html], { type: "text/html" }),
      "text/plain": new Blob([text], { type: "text/plain" })
    })]);
  } else {
    copied = navigator.clipboard.writeText(text);
  }
  copied.then(function () { if (status) status.textContent = "Copied."; },
              function () { if (status) status.textContent = "Could not copy: select the text and copy it instead."; });
});
