// Förderlotse embed: <script src="https://YOUR-HOST/widget.js" defer></script>
// Adds a chat bubble; the chat itself runs in an iframe from the Förderlotse server.
(function () {
  "use strict";
  const script = document.currentScript;
  const origin = new URL(script.src).origin;
  const bubble = document.createElement("button");
  bubble.type = "button";
  bubble.textContent = "💬";
  bubble.setAttribute("aria-label", "Förderlotse-Chat öffnen / open chat");
  bubble.setAttribute("aria-expanded", "false");
  Object.assign(bubble.style, {
    position: "fixed", right: "1.25rem", bottom: "1.25rem", width: "3.5rem", height: "3.5rem",
    borderRadius: "50%", border: "none", background: "#0b4f8a", color: "#fff",
    fontSize: "1.6rem", cursor: "pointer", zIndex: "2147483000",
    boxShadow: "0 2px 8px rgba(0,0,0,.3)",
  });
  const frame = document.createElement("iframe");
  frame.src = origin + "/";
  frame.title = "Förderlotse";
  frame.hidden = true;
  Object.assign(frame.style, {
    position: "fixed", right: "1.25rem", bottom: "5.5rem", width: "min(26rem, calc(100vw - 2.5rem))",
    height: "min(40rem, calc(100vh - 7rem))", border: "1px solid #c9d3dd", borderRadius: "0.8rem",
    background: "#fff", zIndex: "2147483000", boxShadow: "0 4px 16px rgba(0,0,0,.25)",
  });
  bubble.addEventListener("click", function () {
    frame.hidden = !frame.hidden;
    bubble.setAttribute("aria-expanded", String(!frame.hidden));
  });
  document.body.append(frame, bubble);
})();
