"""runlab bench kernel: how long Jupyter waits for runlab's kernel, measured with Jupyter's own
client (jupyter_client), as JupyterLab, VS Code and nbconvert start kernels.

    kernel_bench.py --kernel NAME --rounds N

Each round starts a fresh kernel process and times
  ready:      start_kernel() until the kernel answers kernel_info (jupyter_client's
              wait_for_ready: what "the kernel is ready" means to every Jupyter front end);
  first cell: from ready until `experiments()` has its reply (the lab's session, which opens in
              the background while the kernel already answers, is ready by then);
then shuts the kernel down. Prints one line per round and the medians against the 5 s target.
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager

TARGET_SECONDS = 5.0


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--kernel", required=True)
    args.add_argument("--rounds", type=int, default=5)
    opts = args.parse_args()
    ready, first = [], []
    for i in range(1, opts.rounds + 1):
        km = KernelManager(kernel_name=opts.kernel)
        started = time.monotonic()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            ready_at = time.monotonic()
            reply = kc.execute_interactive("experiments()", timeout=120,
                                           output_hook=lambda msg: None)
            done_at = time.monotonic()
            if reply["content"]["status"] != "ok":
                raise SystemExit("round %d: experiments() failed: %r" % (i, reply["content"]))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
        ready.append(ready_at - started)
        first.append(done_at - ready_at)
        print("round %d: ready %.2f s, first cell %.2f s more (ready to first value %.2f s)"
              % (i, ready[-1], first[-1], ready[-1] + first[-1]), flush=True)
    r, f = statistics.median(ready), statistics.median(first)
    print("kernel start-up, median of %d: ready %.2f s (target <= %.1f s: %s), first cell %.2f s"
          " more, %.2f s from start_kernel to the first value"
          % (opts.rounds, r, TARGET_SECONDS, "met" if r <= TARGET_SECONDS else "MISSED", f, r + f))


if __name__ == "__main__":
    main()
