/*
 * The standalone map as an embed (exports/html.py inlines this file):
 * - reports its height to the page that frames it, as Datawrapper and pym.js embeds do:
 *   parent.postMessage({"overseas-stations-height": <px>, "id": <the file's embed id>}, "*")
 *   on load, on resize and whenever the content changes height; the Export page's snippet
 *   (exports/html.py embed_snippet) listens, and resizes only the iframe it was pasted with: the
 *   message must come from that iframe's window and carry this file's id;
 * - ?plain (or #plain) in its address hides the chrome (legend, source line, data link) for a
 *   bare map in a story page.
 * Nothing here reads data from the parent; the message carries a number and an id only.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var id = root.getAttribute("data-embed-id") || "";
  var plain = /(^|[?&#])plain(=|&|$)/.test(location.search + "&" + location.hash.replace(/^#/, "&"));
  if (plain) root.classList.add("osm-plain");

  var last = 0;
  function report() {
    var height = Math.ceil(document.body ? document.body.scrollHeight : root.scrollHeight);
    if (height === last || window.parent === window) return;
    last = height;
    window.parent.postMessage({ "overseas-stations-height": height, id: id }, "*");
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(root);
  window.OverseasStationsEmbed = { report: report, plain: plain };
})();
