from etl.claims.segment import paragraph_ids, segment

RESOLUTION = """United Nations
A/RES/99/1
General Assembly
Resolution adopted by the General Assembly on 1 December 2099

99/1. Test resolution on counting

The General Assembly,

Recalling its resolution 98/7,¹
¹ Resolution 98/7 of 2 December 2098.

Noting that the test is long,

Section heading

1. Welcomes the first thing;

2. Notes the following:

(a) First sub-paragraph;

(b) Second sub-paragraph;

3. Decides to end here.

12th plenary meeting
1 December 2099
"""


def test_resolution_layout_ids():
    assert paragraph_ids(RESOLUTION) == ["title", "PP1", "PP2", "1", "2", "2(a)", "2(b)", "3"]


def test_footnote_lines_are_not_paragraphs_and_cover_has_no_ids():
    paras = segment(RESOLUTION)
    kinds = {p.kind for p in paras if p.id is None}
    assert {"cover", "footnote", "heading", "closing", "enacting"} <= kinds
    footnote = next(p for p in paras if p.kind == "footnote")
    assert RESOLUTION[footnote.start : footnote.end].startswith("¹ Resolution 98/7")


def test_offsets_point_into_the_original_text():
    for p in segment(RESOLUTION):
        for s, e in p.spans:
            piece = RESOLUTION[s:e]
            assert piece == piece.strip() and piece


def test_paragraph_broken_by_page_break_and_footnotes_is_one_paragraph():
    text = (
        "The Economic and Social Council,\n\n"
        "Recalling the outcome documents of the Summit,¹\n\n"
        "Recalling also the resolution which reaffirmed the vision and respecting fully and upholding\n\n"
        "¹ See A/1/2.\n\n\n\n"
        "the Universal Declaration of Human Rights,² and assessed progress,\n\n"
        "1. *Welcomes* the report;\n"
        "2. *Notes* the progress in the\n\n"
        "² General Assembly resolution 217 A (III).\n\n"
        "United Nations system and beyond;\n"
    )
    paras = {p.id: p for p in segment(text)}
    assert [k for k in paras if k] == ["PP1", "PP2", "1", "2"]
    pp2 = paras["PP2"]
    assert len(pp2.spans) == 2
    assert pp2.text(text).endswith(
        "upholding the Universal Declaration of Human Rights,² and assessed progress,"
    )
    assert "See A/1/2" not in pp2.text(text)
    assert paras["2"].text(text).endswith("in the United Nations system and beyond;")


def test_report_page_has_title_and_unnumbered_paragraphs():
    text = "Facts and Figures 2099: Internet use\n\nFirst paragraph.\n\nSecond paragraph.\n"
    assert paragraph_ids(text) == ["title", "P1", "P2"]


def test_roman_sub_sub_paragraphs():
    text = "The General Assembly,\n\nNoting,\n\n4. Decides:\n\n(a) that;\n\n(i) one;\n\n(ii) two;\n\n(b) x;\n"
    assert paragraph_ids(text) == ["PP1", "4", "4(a)", "4(a)(i)", "4(a)(ii)", "4(b)"]


def test_real_texts_operative_counts(read_text):
    # numbers from SOURCES.md: 85, 33, 45 and 46 operative paragraphs; 110 in E/RES/2023/3
    expected = {
        "ecosoc-2018-28": 85,
        "unga-72-200": 33,
        "unga-74-197": 45,
        "unga-75-202": 46,
        "ecosoc-2023-3": 110,
    }
    for document, n in expected.items():
        ids = paragraph_ids(read_text(document))
        operative = [i for i in ids if i.isdigit()]
        assert operative == [str(k) for k in range(1, n + 1)], document
    assert [i for i in paragraph_ids(read_text("ecosoc-2018-28")) if "(" in i] == [
        "79(a)",
        "79(b)",
        "79(c)",
        "79(d)",
        "79(e)",
    ]


def test_ecosoc_2023_page_break_continuations(read_text):
    text = read_text("ecosoc-2023-3")
    paras = {p.id: p for p in segment(text) if p.id}
    assert "PP10" in paras and "PP11" not in paras  # the tenth "Expressing its appreciation…" is the last
    pp5 = paras["PP5"].text(text)
    assert "upholding the Universal Declaration of Human Rights" in pp5 and "A/C.2/59/3" not in pp5
    assert paras["22"].text(text).endswith("has offered its assistance;")
    assert "Digital Development series" in paras["100(c)"].text(text)
    assert "General Assembly resolution 69/313" not in paras["100(c)"].text(text)


def test_report_page_headings_have_no_id_and_do_not_swallow_the_next_paragraph():
    text = (
        "Facts and Figures 2099\n\nInternet use\n\nIn 2099, most people were online.\n\n"
        "Gender\n\nWomen are still less likely to be online than men, and the gap is\n\n"
        "narrowing only slowly.\n"
    )
    paras = segment(text)
    assert [p.id for p in paras if p.id] == ["title", "P1", "P2"]
    assert [text[p.start : p.end] for p in paras if p.kind == "heading"] == ["Internet use", "Gender"]
    p2 = next(p for p in paras if p.id == "P2")
    assert p2.text(text).endswith("the gap is narrowing only slowly.")
