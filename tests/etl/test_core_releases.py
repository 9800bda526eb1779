from datetime import date

import pandas as pd

from etl.core.releases import release_date, release_order


def test_a_joined_release_is_dated_by_its_newest_input_whichever_side_it_is_on():
    assert release_date("itu-datahub-2025-12+itu-datahub-2025-07") == date(2025, 12, 1)
    assert release_date("unsd-2023-04+itu-datahub-2025-07") == date(2025, 7, 1)
    assert release_date("dh:itu-datahub-2025-12+itu-datahub-2025-07") == date(2025, 12, 1)
    assert release_date("2024-11") is None  # the date must follow a publisher prefix


def test_release_order_sorts_undated_first_and_keeps_the_index():
    joined = "unsd-2023-04+itu-datahub-2025-07"
    releases = pd.Series(["itu-2024-11", "ict4d-computed", joined], index=[7, 8, 9])
    order = release_order(releases)
    assert order.to_dict() == {7: date(2024, 11, 1), 8: date.min, 9: date(2025, 7, 1)}
    assert list(releases.iloc[order.argsort()]) == ["ict4d-computed", "itu-2024-11", joined]
