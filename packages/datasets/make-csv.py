"""Writes iris.csv, wine.csv and breast-cancer.csv beside this script from the copies of the UCI datasets
that Debian's python3-sklearn package carries, as plain CSV: one header row of snake_case feature names
(scikit-learn's feature_names), the numbers exactly as written in scikit-learn's files, and the class as a
name in the last column. Deterministic: the same input files give the same bytes.

Run with Debian's Python, which sees the package: /usr/bin/python3 packages/datasets/make-csv.py
"""

import csv
import os
import re

from sklearn import datasets

SOURCE = os.path.join(os.path.dirname(datasets.__file__), "data")
HERE = os.path.dirname(os.path.abspath(__file__))

# (scikit-learn's file, its loader for the feature names, our file, the label column's name)
TABLES = [
    ("iris.csv", datasets.load_iris, "iris.csv", "species"),
    ("wine_data.csv", datasets.load_wine, "wine.csv", "cultivar"),
    ("breast_cancer.csv", datasets.load_breast_cancer, "breast-cancer.csv", "diagnosis"),
]


def snake_case(name):
    """'sepal length (cm)' -> 'sepal_length_cm', 'od280/od315_of_diluted_wines' -> 'od280_od315_of_diluted_wines'."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def convert(source_name, loader, target_name, label_column):
    source = os.path.join(SOURCE, source_name)
    with open(source, newline="") as file:
        rows = list(csv.reader(file))
    # scikit-learn's first line is a count header: rows, features, then the class names in index order.
    count_header, data = rows[0], rows[1:]
    n_rows, n_features = int(count_header[0]), int(count_header[1])
    class_names = count_header[2:]
    feature_names = [snake_case(name) for name in loader().feature_names]
    if len(data) != n_rows or len(feature_names) != n_features:
        raise SystemExit(f"{source}: expected {n_rows} rows of {n_features} features, found {len(data)} rows")
    target = os.path.join(HERE, target_name)
    with open(target, "w", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(feature_names + [label_column])
        for row in data:
            if len(row) != n_features + 1:
                raise SystemExit(f"{source}: a row has {len(row)} fields, expected {n_features + 1}")
            writer.writerow(row[:n_features] + [class_names[int(row[n_features])]])
    print(f"{source} -> {target}: {n_rows} rows, {n_features} features, classes {', '.join(class_names)}")


if __name__ == "__main__":
    print(f"reading scikit-learn's copies of the UCI datasets in {SOURCE}")
    for table in TABLES:
        convert(*table)
