/* ict4d: keep the address in step with the view, one history entry per change, so Back returns to the
   previous view (the page rebuilds itself from the address). A file, not an inline script: the app's
   Content-Security-Policy allows scripts from the app only. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.ict4d = Object.assign(window.dash_clientside.ict4d || {}, {
    pushQuery: function (search) {
        if (search === undefined || search === null) {
            return window.dash_clientside.no_update;
        }
        var loc = window.location;
        var url = loc.pathname + search + loc.hash;
        if (url !== loc.pathname + loc.search + loc.hash) {
            window.history.pushState(window.history.state, '', url);
        }
        return '';
    }
});

/* Back and Forward between two views of one page: dcc.Location did not see our pushes, so it sees no change
   of address and would leave the newer view on screen; tell it, so the page is rebuilt from the address.
   (When the page itself changes, dcc.Location sees it and rebuilds the page on its own.) */
window.addEventListener('popstate', function () {
    var api = window.dash_component_api;
    var clientside = window.dash_clientside;
    var node = api && api.getLayout ? api.getLayout('_pages_location') : undefined;
    if (!node || !clientside.set_props) {
        return;
    }
    var loc = window.location;
    if (node.props.pathname === loc.pathname && node.props.search === loc.search) {
        clientside.set_props('_pages_location', {search: loc.search});
    }
});
