#!/usr/bin/env python3
"""Reading a workbook as an analyst would in a notebook, for `npm run bench` (parts xlsx*) to time.

    pandas_read_excel.py WORKBOOK

pd.read_excel(WORKBOOK) on its first sheet (openpyxl, pandas' default engine for .xlsx): the
header row, dates as datetimes, numbers as numbers. Prints one line of JSON: the lines and
columns read, the time read_excel took inside this process (read_ms, after pandas is imported)
and the time importing pandas took (import_ms); the caller also times the whole process.
"""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402  (timed apart from reading)

t1 = time.perf_counter()
df = pd.read_excel(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({
    "lines": len(df),
    "columns": [str(c) for c in df.columns],
    "read_ms": round((t2 - t1) * 1000, 1),
    "import_ms": round((t1 - t0) * 1000, 1),
    "pandas": pd.__version__,
}))
