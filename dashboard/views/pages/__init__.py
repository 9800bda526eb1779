"""Each page's view, without Dash: its address (``PATH``), ``parse_query`` (the state in its address,
never raising), the data it selects and the chart builders it registers. The Dash page of the same name
in ``dashboard.web.pages`` lays it out.
"""
