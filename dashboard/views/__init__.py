"""What the dashboard shows, without Dash: the one reader of the published tables, the chart spec and its
caveats, every figure as a pure function, each page's data selection, and the registry from a view
address (``/explorer?indicator=...``) to the builder of its chart.

The web app, the exports and the brief are drawn from here, so a view reads the same wherever it appears.
Imports ``etl.core`` only: the ETL and the dashboard meet in the published tables.
"""
