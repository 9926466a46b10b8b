"""Reading files as real exports write them: any of three encodings, three line endings, XLSX."""

import io

import pytest

from recommendations.importers.tabular import FileUnreadable, decode, read_table, write_xlsx

TEXT = "Bring Mr. Hissène Habré to justice; protect the Guaraní vis-à-vis “majority” groups – now"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp1252", "cp1252"), ("mac_roman", "mac_roman")],
)
def test_the_encoding_is_detected(encoding, expected):
    text, used = decode(TEXT.encode(encoding))

    assert (text, used) == (TEXT, expected)


def test_a_given_encoding_wins_and_a_wrong_one_is_reported():
    assert decode(TEXT.encode("mac_roman"), "mac_roman") == (TEXT, "mac_roman")
    assert decode(TEXT.encode("utf-8-sig"), "utf-8") == (TEXT, "utf-8")
    with pytest.raises(FileUnreadable, match="cannot read the file as utf-8"):
        decode(TEXT.encode("mac_roman"), "utf-8")


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_any_line_ending_separates_records(newline):
    data = newline.join(["To,Text", 'France,"Two lines:\r\nhere"', "Chad,Act &#40;now&#41;", ""]).encode()

    table = read_table(data, legacy=True)

    assert table.columns == ["To", "Text"]
    assert [cells for _, cells in table.records] == [
        {"To": "France", "Text": "Two lines:\nhere"},
        {"To": "Chad", "Text": "Act (now)"},
    ]


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    table = read_table(b"To,Text\nFrance,One\n\n,\nChad,Two\n")

    assert [line for line, _ in table.records] == [2, 5]


def test_an_xlsx_file_is_read_by_its_content():
    buffer = io.BytesIO()
    write_xlsx([["session", "text"], ["5", "=Not a formula"]], buffer)

    table = read_table(buffer.getvalue())

    assert (table.encoding, table.records) == ("xlsx", [(2, {"session": "5", "text": "=Not a formula"})])
