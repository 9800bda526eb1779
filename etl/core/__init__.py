"""The ground floor of ict4d: config, errors, the release calendar, the vocabulary, measures, schemas.

Every other part (ETL steps, dashboard views, renderers, the web app, the CLI) builds on these modules, and
they import nothing else of ours, so a rule written here is the one rule everywhere.
"""
