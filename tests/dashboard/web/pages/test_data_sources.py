"""The Data & sources page: sources with their licences, the citation, a link to every table."""

from __future__ import annotations

from dashboard.views import published, spec
from tests.dashboard.component_tree import by_id


# --- the page and the routes on the real app (fixture data) ---------------------------------------------
def test_page_lists_sources_with_licence_and_links_every_table(pages, fixture_dir):
    layout = pages("data_sources").layout()
    text = str(layout)
    src = published.sources()
    assert not src.empty
    for row in src.itertuples():
        assert row.publisher in text and row.licence in text and row.upstream_url in text
    for name in published.published_tables(fixture_dir):
        assert f"/download/{name}.csv" in text
    assert "/download/ict4d-data.zip" in text
    assert by_id(layout, "data-citation").children == spec.citation(published.datapackage(), src)


def test_page_notes_ignored_parameters(pages):
    assert "Ignored unknown address parameter(s): foo" in str(pages("data_sources").layout(foo="1"))
