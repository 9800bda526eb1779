/* Cell renderers of the Claims table (dash-ag-grid looks them up by name in
   window.dashAgGridComponentFunctions). Plain functions, no string expressions: the app's CSP has no
   'unsafe-eval'. The words, colour classes and tooltips come from the server (cellRendererParams). */
(function () {
  var funcs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  var h = function () { return window.React.createElement.apply(null, arguments); };

  /* a verdict chip: the verdict in words, its colour class and its meaning as tooltip */
  funcs.ClaimVerdict = function (props) {
    var verdict = props.value || "not checked";
    var kinds = props.kinds || {};
    var meanings = props.meanings || {};
    return h("span", { className: "verdict verdict-" + (kinds[verdict] || "none"), title: meanings[verdict] || "" },
             verdict);
  };

  /* a number column shown in words (the column sorts by the number, the cell shows data[display]) */
  funcs.DisplayText = function (props) {
    var data = props.data || {};
    var text = data[props.display];
    return text === undefined || text === null ? "" : String(text);
  };
})();
