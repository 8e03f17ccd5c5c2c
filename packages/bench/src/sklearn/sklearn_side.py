"""scikit-learn's side of the comparison with tapegrad: reads the manifest and CSV files that prepare.ts
wrote, fits sklearn's MLPClassifier on each dataset with each seed (random_state), times the fits (one
untimed warm-up per dataset, then --reps timed fits per seed) and writes the results as JSON, in the shape
of results.ts's SideResult.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 /usr/bin/python3 \\
      packages/bench/src/sklearn/sklearn_side.py --data DIR --out FILE [--reps 3]

Needs Debian's python3-sklearn (1.2.1 here). The BLAS threads are read when numpy loads, hence the
environment above (main.ts sets it).
"""

import argparse
import csv
import json
import os
import platform
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

# The manifest's camelCase settings and sklearn's names for them.
SKLEARN_NAMES = {
    "hiddenLayerSizes": "hidden_layer_sizes",
    "activation": "activation",
    "solver": "solver",
    "alpha": "alpha",
    "batchSize": "batch_size",
    "learningRateInit": "learning_rate_init",
    "maxIter": "max_iter",
    "tol": "tol",
    "nIterNoChange": "n_iter_no_change",
    "shuffle": "shuffle",
}


def read_part(path):
    """The features (float64, parsed from the shortest round-trip decimals) and the labels of a CSV file."""
    with open(path, newline="") as file:
        rows = list(csv.reader(file))[1:]
    X = np.array([[float(value) for value in row[:-1]] for row in rows], dtype=np.float64)
    return X, np.array([row[-1] for row in rows])


def sklearn_parameters(settings):
    unknown = sorted(set(settings) - set(SKLEARN_NAMES))
    if unknown:
        raise SystemExit(f"sklearn_side.py: the manifest's classifier has settings this script cannot map: {unknown}")
    parameters = {SKLEARN_NAMES[name]: value for name, value in settings.items()}
    parameters["hidden_layer_sizes"] = tuple(parameters["hidden_layer_sizes"])
    return parameters


def run_dataset(directory, manifest, dataset, reps):
    X_train, y_train = read_part(os.path.join(directory, dataset["trainFile"]))
    X_test, y_test = read_part(os.path.join(directory, dataset["testFile"]))
    parameters = sklearn_parameters(manifest["classifier"])

    def fit(seed):
        return MLPClassifier(random_state=seed, **parameters).fit(X_train, y_train)

    fit(manifest["seeds"][0])  # warm-up, as on tapegrad's side
    runs = []
    for seed in manifest["seeds"]:
        seconds = []
        for _ in range(reps):
            start = time.perf_counter()
            fitted = fit(seed)
            seconds.append(time.perf_counter() - start)
        runs.append(
            {
                "seed": seed,
                "nIter": int(fitted.n_iter_),
                "testAccuracy": float(fitted.score(X_test, y_test)),
                "lossCurve": [float(loss) for loss in fitted.loss_curve_],
                "seconds": seconds,
            }
        )
    return {"name": dataset["name"], "runs": runs}


def write_atomically(path, text):
    """Writes to a temporary file beside `path`, syncs it, then renames it into place."""
    temporary = f"{path}.new-{os.getpid()}"
    with open(temporary, "w") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="the folder of manifest.json and the CSV files")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    parser.add_argument("--reps", type=int, default=3, help="timed fits per seed (default 3)")
    arguments = parser.parse_args()
    if arguments.reps < 1:
        parser.error(f"--reps must be a positive integer, not {arguments.reps}")
    with open(os.path.join(arguments.data, "manifest.json")) as file:
        manifest = json.load(file)
    # Runs that reach max_iter warn; tapegrad's side stops at the same epoch without a word.
    warnings.simplefilter("ignore", ConvergenceWarning)
    datasets = []
    for dataset in manifest["datasets"]:
        print(f"scikit-learn: {dataset['name']}", file=sys.stderr)
        datasets.append(run_dataset(arguments.data, manifest, dataset, arguments.reps))
    result = {
        "system": "scikit-learn",
        "version": sklearn.__version__,
        "runtime": f"Python {platform.python_version()}, NumPy {np.__version__}",
        "datasets": datasets,
    }
    write_atomically(arguments.out, json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
