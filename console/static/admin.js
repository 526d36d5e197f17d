"use strict";
// Shows whether changed knowledge is live in the chat: asks /admin/api/status until it is.
(function () {
  const box = document.getElementById("live-status");
  if (!box) {
    return;
  }
  const url = box.dataset.url;

  async function check() {
    let status;
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        return;
      }
      status = await response.json();
    } catch (error) {
      window.setTimeout(check, 3000);
      return;
    }
    box.textContent = status.message;
    box.className = "live-status " + status.state;
    if (status.state !== "live" && status.state !== "missing") {
      window.setTimeout(check, 1000);
    }
  }

  check();
})();
