"""The ETL's pure functions: tables in, tables (or values) out, no files and no build context.

Aggregates of groups, comparisons of releases, the scoring of targets and the checking of claims live
here, apart from the steps (``etl.steps``) that read their inputs from the build and name their outputs,
so each rule can be tested on a few hand-made rows.
"""
