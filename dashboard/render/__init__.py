"""Views turned into files: the browser that draws charts (one Chromium), labelled images (PNG, SVG,
PDF), spreadsheet-safe CSV, the data package, the progress brief, and ``export`` for the command line.

Everything here takes a ``dashboard.views`` object (a ChartSpec, the brief's entries, a published folder)
and makes bytes of it; nothing here chooses what to show.
"""
