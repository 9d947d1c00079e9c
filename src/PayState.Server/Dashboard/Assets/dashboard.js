// The live object page: the server sends a fingerprint whenever the object or its deliveries change; the page
// then fetches itself and swaps the timeline in place, without a reload. Nothing else here needs JavaScript.
"use strict";
(function () {
  const live = document.getElementById("live");
  if (!live || !window.EventSource) return;
  let fingerprint = live.dataset.fingerprint;
  let source;
  function connect() {
    source = new EventSource(live.dataset.live + "?since=" + encodeURIComponent(fingerprint));
    source.onmessage = async function (message) {
      if (message.data === fingerprint) return;
      const response = await fetch(window.location.pathname, { credentials: "same-origin" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("live");
      if (!fresh) return;
      // Keep the bodies the reader opened open.
      const open = new Set([...live.querySelectorAll("details[open]")].map((d, i) => i));
      live.innerHTML = fresh.innerHTML;
      live.querySelectorAll("details").forEach((d, i) => { if (open.has(i)) d.open = true; });
      fingerprint = fresh.dataset.fingerprint;
      live.dataset.fingerprint = fingerprint;
    };
  }
  connect();
  window.addEventListener("pagehide", function () { source.close(); });
})();
