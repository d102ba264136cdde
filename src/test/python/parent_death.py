"""Starts runlab's kernel as the child of a stand-in parent process, starts a run from a cell,
then kills the stand-in: the kernel must pause the run and exit by itself. Writes a JSON report.

    parent_death.py --kernel runlab --config SLOW.yaml --report OUT.json

The kernel is started "independent" (jupyter_client then leaves JPY_PARENT_PID alone) with
JPY_PARENT_PID naming the stand-in, a `sleep` process.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from jupyter_client.manager import KernelManager


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--kernel", default="runlab")
    args.add_argument("--config", required=True)
    args.add_argument("--report", required=True, help="where the JSON report goes")
    opts = args.parse_args()

    stand_in = subprocess.Popen(["sleep", "600"])
    env = dict(os.environ, JPY_PARENT_PID=str(stand_in.pid))
    km = KernelManager(kernel_name=opts.kernel)
    km.start_kernel(env=env, independent=True)
    kc = km.client()
    kc.start_channels()
    report = {}
    try:
        kc.wait_for_ready(timeout=60)
        cell = kc.execute_interactive('var run = start("%s");\nrun.id()' % opts.config,
                                      timeout=120, output_hook=lambda msg: None)
        report["start_status"] = cell["content"]["status"]
        stand_in.kill()
        stand_in.wait()
        killed = time.monotonic()
        deadline = killed + 90
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        report["kernel_alive"] = km.is_alive()
        report["seconds_to_exit"] = time.monotonic() - killed
        report["exit_code"] = km.provisioner.process.poll() if km.provisioner else None
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
        if stand_in.poll() is None:
            stand_in.kill()
    with open(opts.report, "w") as f:
        json.dump(report, f)


if __name__ == "__main__":
    main()
