"""Reads an XLSX file with openpyxl (a real reader, as a spreadsheet program would) and prints
its sheets as JSON for the API suites: every cell's value and number format, the frozen panes,
the column widths, the merged ranges and the paper size.

    /usr/bin/python3 tests/api/xlsx_dump.py FILE.xlsx
"""
import json
import sys

import openpyxl


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {"sheets": []}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            rows.append([None if c.value is None else {"v": c.value, "f": c.number_format}
                         for c in row])
        out["sheets"].append({
            "title": ws.title,
            "rows": rows,
            "freeze": ws.freeze_panes,
            "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.width},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "paper": ws.page_setup.paperSize,
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
