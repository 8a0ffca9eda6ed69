/* Progressive enhancement for the application forms: before sending, checks
   every field that carries a data-message (the server's own Catalan text) and
   shows the same error summary the server would. ES5, so old office browsers
   run it; without it the form still works and the server checks everything. */
(function () {
  "use strict";
  if (!document.querySelector || !window.addEventListener) return;
  var form = document.querySelector("[data-application-form]");
  if (!form) return;

  function trim(s) {
    return s.replace(/^\s+|\s+$/g, "");
  }
  function hasClass(el, name) {
    return (" " + el.className + " ").indexOf(" " + name + " ") >= 0;
  }

  /** The message to show for a field wrapper, or null when it is fine. */
  function problem(wrapper) {
    var controls = wrapper.querySelectorAll("input, select, textarea");
    var first = controls[0];
    if (!first) return null;
    if (first.type === "checkbox" || first.type === "radio") {
      for (var i = 0; i < controls.length; i++) if (controls[i].checked) return null;
      return wrapper.getAttribute("data-message");
    }
    var value = trim(first.value);
    if (value === "" || (first.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))) {
      return wrapper.getAttribute("data-message");
    }
    return null;
  }

  function removeAll(selector) {
    var found = document.querySelectorAll(selector);
    for (var i = found.length - 1; i >= 0; i--) found[i].parentNode.removeChild(found[i]);
  }

  function clear() {
    removeAll(".error-message");
    removeAll("[data-error-summary]");
    var marked = form.querySelectorAll(".field--error");
    for (var i = 0; i < marked.length; i++) marked[i].className = marked[i].className.replace(/\s*field--error/g, "");
  }

  function mark(wrapper, message) {
    wrapper.className += " field--error";
    var p = document.createElement("p");
    p.className = "error-message";
    p.innerHTML = '<span class="visually-hidden">Error: </span>';
    p.appendChild(document.createTextNode(message));
    var anchor = wrapper.querySelector(".hint") || wrapper.querySelector("legend, label");
    anchor.parentNode.insertBefore(p, anchor.nextSibling);
  }

  function summary(problems) {
    var box = document.createElement("div");
    box.className = "error-summary";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("data-error-summary", "");
    var title = document.createElement("h2");
    title.appendChild(
      document.createTextNode(
        problems.length === 1
          ? "Hi ha un problema amb la sol·licitud"
          : "Hi ha " + problems.length + " problemes amb la sol·licitud",
      ),
    );
    box.appendChild(title);
    var list = document.createElement("ul");
    for (var i = 0; i < problems.length; i++) {
      var link = document.createElement("a");
      link.href = "#" + problems[i].target;
      link.appendChild(document.createTextNode(problems[i].message));
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    }
    box.appendChild(list);
    var main = document.getElementById("contingut");
    main.insertBefore(box, main.firstChild);
    box.focus();
  }

  form.setAttribute("novalidate", "novalidate");
  form.addEventListener("submit", function (event) {
    clear();
    var wrappers = form.querySelectorAll(".field[data-message]");
    var problems = [];
    for (var i = 0; i < wrappers.length; i++) {
      if (hasClass(wrappers[i], "hp")) continue;
      var message = problem(wrappers[i]);
      if (message) {
        mark(wrappers[i], message);
        problems.push({ message: message, target: wrappers[i].querySelector("input, select, textarea").id });
      }
    }
    if (problems.length > 0) {
      event.preventDefault();
      summary(problems);
    }
  });

  // "Potser ja hi ha resposta": only the materials on the topics ticked.
  var answers = document.querySelector("[data-answers]");
  function narrowAnswers() {
    var ticked = {};
    var boxes = form.querySelectorAll('input[name="topics"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) ticked[boxes[i].value] = true;
    var items = answers.querySelectorAll("[data-topics]");
    var visible = 0;
    for (var j = 0; j < items.length; j++) {
      var topics = items[j].getAttribute("data-topics").split(" ");
      var match = false;
      for (var k = 0; k < topics.length; k++) if (ticked[topics[k]]) match = true;
      items[j].style.display = match ? "" : "none";
      if (match) visible++;
    }
    answers.style.display = visible > 0 ? "" : "none";
  }
  if (answers) {
    form.addEventListener("change", narrowAnswers);
    narrowAnswers();
  }

  var existing = document.querySelector("[data-error-summary]");
  if (existing) existing.focus();
})();
