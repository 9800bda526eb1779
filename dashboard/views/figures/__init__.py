"""Every figure as a pure function: (data frames, options) -> plotly Figure, and the sentence that says
what it shows. Nothing here reads files or touches Dash, so the app, the exports and the tests draw the
same chart; ``base`` holds what every chart shares, the other modules are named after the page they draw.
"""
