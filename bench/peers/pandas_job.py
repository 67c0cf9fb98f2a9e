#!/usr/bin/env python3
"""The whole job as an analyst would write it in a notebook, for bench/whole-job.ts to time.

    pandas_job.py INPUT OUT_DIR

INPUT is a CSV file or a folder of CSV files of one shape (read one by one and concatenated).
Columns are those of the UCI Online Retail export (InvoiceNo, StockCode, Description, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country), which the project's generator writes too.

Standard cleaning: drop lines without a customer, cancellations (invoice starting with "C"),
non-positive quantity or price, and exact duplicates. RFM per customer with the snapshot the day
after the last purchase: recency in days, frequency = distinct invoices, monetary = sum of
quantity x price. Quintile scores 1-5 (recent is high) by rank, ties split by order. Writes
OUT_DIR/customers.csv. Prints one line of JSON: customers, lines read and kept.
"""
import glob
import json
import os
import sys

import pandas as pd

TYPES = {"InvoiceNo": str, "StockCode": str, "CustomerID": str, "Description": str, "Country": str}


def read(path):
    files = sorted(glob.glob(os.path.join(path, "*.csv"))) if os.path.isdir(path) else [path]
    frames = [pd.read_csv(f, dtype=TYPES, parse_dates=["InvoiceDate"]) for f in files]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def quintiles(values, high_is_good=True):
    ranks = values.rank(method="first", ascending=high_is_good)
    return pd.qcut(ranks, 5, labels=[1, 2, 3, 4, 5]).astype(int)


def main(path, out_dir):
    df = read(path)
    rows_read = len(df)
    df = df.dropna(subset=["CustomerID"])
    df = df[~df["InvoiceNo"].str.startswith("C")]
    df = df[(df["Quantity"] > 0) & (df["UnitPrice"] > 0)]
    df = df.drop_duplicates()
    df["Amount"] = df["Quantity"] * df["UnitPrice"]
    snapshot = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
    rfm = df.groupby("CustomerID").agg(
        last=("InvoiceDate", "max"), frequency=("InvoiceNo", "nunique"), monetary=("Amount", "sum")
    )
    rfm["recency_days"] = (snapshot - rfm["last"].dt.normalize()).dt.days
    rfm["r_score"] = quintiles(rfm["recency_days"], high_is_good=False)
    rfm["f_score"] = quintiles(rfm["frequency"])
    rfm["m_score"] = quintiles(rfm["monetary"])
    os.makedirs(out_dir, exist_ok=True)
    cols = ["recency_days", "frequency", "monetary", "r_score", "f_score", "m_score"]
    rfm[cols].reset_index().rename(columns={"CustomerID": "customer_id"}).to_csv(os.path.join(out_dir, "customers.csv"), index=False)
    print(json.dumps({"customers": len(rfm), "rows_read": rows_read, "rows_kept": len(df)}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.stderr.write("usage: pandas_job.py INPUT OUT_DIR\n")
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
