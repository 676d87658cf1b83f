// lexreg web pages: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // A date picker marked data-autosubmit reloads the page for the chosen date.
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.value && input.form) input.form.submit();
    });
  });
  // Links beside each article (条文沿革, 引用, 被引用): the server gives URL prefixes once.
  var text = document.querySelector(".text[data-article-links]");
  if (text) {
    var prefixes = JSON.parse(text.getAttribute("data-article-links"));
    text.querySelectorAll(".art").forEach(function (art) {
      var no = art.querySelector(".art-no");
      if (!no) return;
      var box = document.createElement("div");
      box.className = "art-links";
      prefixes.forEach(function (p) {
        var a = document.createElement("a");
        a.href = p[1] + encodeURIComponent(no.textContent.trim());
        a.textContent = p[0];
        box.appendChild(a);
      });
      art.appendChild(box);
    });
  }
  // Contents: mark the chapter being read.
  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (links.length && "IntersectionObserver" in window) {
    var byId = {};
    links.forEach(function (a) { byId[a.getAttribute("href").slice(1)] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && byId[e.target.id]) {
          links.forEach(function (a) { a.classList.remove("on"); });
          byId[e.target.id].classList.add("on");
        }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) observer.observe(el);
    });
  }
})();
