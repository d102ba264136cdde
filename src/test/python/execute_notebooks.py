"""Executes notebooks through a Jupyter kernel with nbclient (what `jupyter nbconvert --execute`
uses) and validates the executed notebooks with nbformat.

    execute_notebooks.py --kernel runlab --out-dir OUT NB.ipynb...

Each notebook runs in a fresh kernel, named by --kernel (the notebooks' own kernelspec must be
that one too: the test checks the shipped ones name runlab); the executed copy is written to
OUT/<name>. Exits 1 with the failing cell's error on stderr.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--kernel", default="runlab")
    args.add_argument("--out-dir", required=True)
    args.add_argument("notebooks", nargs="+")
    opts = args.parse_args()
    for path in opts.notebooks:
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get("kernelspec", {}).get("name") != opts.kernel:
            print("%s names kernelspec %r, not %r" % (path, nb.metadata.get("kernelspec"), opts.kernel),
                  file=sys.stderr)
            sys.exit(1)
        client = NotebookClient(nb, timeout=180, startup_timeout=90, kernel_name=opts.kernel,
                                resources={"metadata": {"path": os.path.dirname(path) or "."}})
        try:
            client.execute()
        except CellExecutionError as e:
            print("%s failed: %s" % (path, e), file=sys.stderr)
            sys.exit(1)
        nbformat.validate(nb)
        out = os.path.join(opts.out_dir, os.path.basename(path))
        nbformat.write(nb, out)
        print("executed %s -> %s" % (path, out))


if __name__ == "__main__":
    main()
