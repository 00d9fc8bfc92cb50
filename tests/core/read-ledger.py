#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent reader of the ledger exports, with the standard library only.

Usage: read-ledger.py xlsx FILE | read-ledger.py csv FILE

Prints JSON: the rows as lists of strings, and what a person opening the file
would notice — for .xlsx the sheet name, frozen rows, page setup, column
widths and each row's fill colour; for .csv the byte order mark and line ends.
"""

import csv
import io
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def text_of(si):
    return "".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))


def read_xlsx(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = [text_of(si) for si in root.findall("m:si", NS)]
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        sheet_name = workbook.find("m:sheets/m:sheet", NS).get("name")
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        styles = ET.fromstring(z.read("xl/styles.xml"))

    fills = []
    for fill in styles.findall("m:fills/m:fill", NS):
        fg = fill.find("m:patternFill/m:fgColor", NS)
        fills.append(fg.get("rgb") if fg is not None else None)
    xf_fill = [int(xf.get("fillId", "0")) for xf in styles.findall("m:cellXfs/m:xf", NS)]

    rows, row_fills = [], []
    for row in sheet.findall("m:sheetData/m:row", NS):
        cells, fill = [], None
        for c in row.findall("m:c", NS):
            i = column_index(c.get("r"))
            while len(cells) < i:
                cells.append("")
            v = c.find("m:v", NS)
            if c.get("t") == "s":
                value = shared[int(v.text)]
            elif c.get("t") == "inlineStr":
                value = text_of(c.find("m:is", NS))
            else:
                value = v.text if v is not None else ""
            cells.append(value)
            if i == 0:
                fill = fills[xf_fill[int(c.get("s", "0"))]]
        rows.append(cells)
        row_fills.append(fill)

    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    setup = sheet.find("m:pageSetup", NS)
    fit = sheet.find("m:sheetPr/m:pageSetUpPr", NS)
    widths = {}
    for col in sheet.findall("m:cols/m:col", NS):
        for i in range(int(col.get("min")), int(col.get("max")) + 1):
            widths[i - 1] = float(col.get("width"))
    header = sheet.find("m:headerFooter/m:oddHeader", NS)
    return {
        "sheet_name": sheet_name,
        "rows": rows,
        "fills": row_fills,
        "frozen_rows": int(float(pane.get("ySplit", "0"))) if pane is not None and pane.get("state") == "frozen" else 0,
        "orientation": setup.get("orientation") if setup is not None else None,
        "paper": setup.get("paperSize") if setup is not None else None,
        "fit_width": setup.get("fitToWidth", "1") if setup is not None and fit is not None and fit.get("fitToPage") == "1" else None,
        "widths": [widths.get(i) for i in range(max(widths) + 1)] if widths else [],
        "header": header.text if header is not None else None,
    }


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines_crlf = text.count("\r\n")
    bare_lf = text.count("\n") - lines_crlf
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {"bom": bom, "crlf_records": lines_crlf, "bare_lf": bare_lf, "rows": rows}


def main():
    kind, path = sys.argv[1], sys.argv[2]
    result = read_xlsx(path) if kind == "xlsx" else read_csv(path)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
