"""The Dash app on top of the views: ``create_app``, the components every page is built from, the pages
(``pages/``: each registers its page, lays it out and defines its callbacks), the download routes, the
hardening of the server, and production serving (``server``, ``wsgi``: the one WSGI entry point).
"""
