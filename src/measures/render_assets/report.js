// measures render: show the fields of the records under the pointer in the side panel.
(function () {
  "use strict";
  document.querySelectorAll("section.m-doc").forEach(function (sec) {
    var data = sec.querySelector("script.m-data");
    var panel = sec.querySelector(".m-details");
    var text = sec.querySelector(".m-text");
    if (!data || !panel || !text) return;
    var spans = JSON.parse(data.textContent);
    var shown = -1;
    function show(i) {
      if (i === shown) return;
      shown = i;
      var boxes = [];
      spans.forEach(function (s, rid) {
        if (s[0] <= i && i < s[1]) {
          var label = sec.querySelector('.m-label[data-r="' + rid + '"]');
          if (!label) return;
          var pre = document.createElement("pre");
          pre.textContent = label.title;
          pre.style.borderLeftColor = label.style.background;
          boxes.push(pre);
        }
      });
      if (boxes.length) panel.replaceChildren.apply(panel, boxes);
    }
    function at(ev) {
      var tok = ev.target.closest && ev.target.closest(".m-tok");
      if (tok && tok.dataset.i) show(Number(tok.dataset.i));
    }
    text.addEventListener("mouseover", at);
    text.addEventListener("click", at);
  });
})();
