"""The Dash pages, one module each: ``dash.register_page`` at the address its view declares, ``layout``
and its callbacks, nothing else (what a page shows is ``dashboard.views.pages`` of the same name).
"""
