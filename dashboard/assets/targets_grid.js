/* Cell renderers of the Targets scoreboard grid (dash-ag-grid looks them up by name in
   window.dashAgGridComponentFunctions). Plain functions building React elements: no eval, no inline
   script, so the app's Content-Security-Policy holds. */
(function () {
  "use strict";
  var funcs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  function h() {
    return window.React.createElement.apply(null, arguments);
  }

  /* The status in the one vocabulary's words, coloured by its id; its meaning as tooltip. */
  funcs.StatusChip = function (props) {
    var data = props.data || {};
    var id = String(data.status_id || "not_assessed").replace(/_/g, "-");
    return h("span", { className: "badge badge-" + id, title: data.status_meaning || "" }, props.value);
  };

  /* The series a target was scored on, [year, value] points, as a small line with its last point. */
  funcs.Sparkline = function (props) {
    var pts = Array.isArray(props.value) ? props.value : [];
    if (pts.length < 2) {
      return h("span", { className: "spark-none" }, pts.length ? "one value" : "no series");
    }
    var w = 90, ht = 26, pad = 3;
    var xs = pts.map(function (p) { return p[0]; });
    var ys = pts.map(function (p) { return p[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    function sx(x) { return pad + ((x - x0) / ((x1 - x0) || 1)) * (w - 2 * pad); }
    function sy(y) { return ht - pad - ((y - y0) / ((y1 - y0) || 1)) * (ht - 2 * pad); }
    var line = pts.map(function (p) { return sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1); }).join(" ");
    var last = pts[pts.length - 1];
    var label = "from " + pts[0][1] + " in " + pts[0][0] + " to " + last[1] + " in " + last[0];
    return h(
      "svg",
      { className: "sparkline", width: w, height: ht, viewBox: "0 0 " + w + " " + ht, role: "img",
        "aria-label": label },
      h("title", null, label),
      h("polyline", { points: line, fill: "none", stroke: "#0072B2", strokeWidth: 2 }),
      h("circle", { cx: sx(last[0]), cy: sy(last[1]), r: 2.5, fill: "#0072B2" })
    );
  };
})();
