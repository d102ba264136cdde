"""Drives runlab's Jupyter kernel with jupyter_client, as JupyterLab or VS Code would, and writes
what it answered as one JSON object to --report; KernelProtocolTest (JUnit) asserts on it.

    kernel_session.py --kernel runlab --config SLOW.yaml --report OUT.json

Starts the kernel named --kernel from JUPYTER_PATH, then: kernel_info, cells with values, prints,
a table, a chart shown with show(...), an exception and a compile error; completion (also after
a character outside the BMP: Jupyter counts code points), is_complete, inspect, history,
comm_info; an interrupt during Thread.sleep(60000) and the cell after it; a cell queued behind a
failing one (aborted, as stop_on_error asks); a run started from a cell that keeps progressing
between cells; and shutdown (the Java side checks the run was paused).
Every wait has a deadline.
"""
import argparse
import json
import sys
import threading
import time

from jupyter_client.manager import KernelManager


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--kernel", default="runlab")
    args.add_argument("--config", required=True)
    args.add_argument("--report", required=True, help="where the JSON report goes")
    opts = args.parse_args()

    report = {}
    km = KernelManager(kernel_name=opts.kernel)
    started = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        report["ready_seconds"] = time.monotonic() - started
        report["kernel_info"] = reply(kc, kc.kernel_info())
        report["cells"] = [
            execute(kc, code)
            for code in [
                "int x = 41;",
                "x + 1",
                'System.out.println("to out"); System.err.println("to err");',
                "experiments()",
                "show(chart.errorsByCategory(1));\n7",
                'throw new IllegalStateException("broken on purpose")',
                "int y = undefinedName;",
            ]
        ]
        report["complete"] = reply(kc, kc.complete("experim", 7))
        astral = 'String s = "\U0001F600"; experim'
        report["complete_astral"] = reply(kc, kc.complete(astral, len(astral)))
        report["is_complete_open"] = reply(kc, kc.is_complete("for (int i = 0; i < 3; i++) {"))
        report["is_complete_done"] = reply(kc, kc.is_complete("1 + 1"))
        report["inspect"] = reply(kc, kc.inspect("errors(", 7))
        report["inspect_unknown"] = reply(kc, kc.inspect("zzz", 3))
        report["history"] = reply(kc, kc.history(hist_access_type="tail", n=100))
        report["comm_info"] = reply(kc, kc.comm_info())
        report["interrupt"] = interrupt(km, kc)
        report["after_interrupt"] = execute(kc, '"still answering"')
        report["stop_on_error"] = stop_on_error(kc)
        report["background"] = background_run(kc, opts.config)
    finally:
        stopped = time.monotonic()
        km.shutdown_kernel(now=False)
        report["shutdown_seconds"] = time.monotonic() - stopped
        report["alive_after_shutdown"] = km.is_alive()
        kc.stop_channels()
    with open(opts.report, "w") as f:
        json.dump(report, f)


def reply(kc, msg_id, timeout=60):
    """The content of the shell reply to msg_id."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def execute(kc, code, timeout=120):
    """Runs code; returns the execute_reply's content and the IOPub messages of the cell."""
    outputs = []

    def keep(msg):
        if msg["msg_type"] != "status":
            outputs.append({"msg_type": msg["msg_type"], "content": msg["content"]})

    content = kc.execute_interactive(code, timeout=timeout, output_hook=keep)["content"]
    return {"code": code, "reply": content, "outputs": outputs}


def result_text(cell):
    """The text/plain of a cell's execute_result (its outputs may hold run notices too)."""
    for output in cell["outputs"]:
        if output["msg_type"] == "execute_result":
            return output["content"]["data"]["text/plain"]
    raise AssertionError("no value in %r" % cell)


def interrupt(km, kc):
    """Thread.sleep(60000), interrupted once the kernel has started running it."""
    msg_id = kc.execute("Thread.sleep(60000)")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    sent = time.monotonic()
    km.interrupt_kernel()
    content = reply(kc, msg_id, timeout=60)
    return {"reply": content, "seconds_to_reply": time.monotonic() - sent}


def stop_on_error(kc):
    """A failing cell with another one queued behind it (Run All): that one is aborted."""
    failing = kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("first fails")')
    queued = kc.execute('"queued behind it"')
    first, second = reply(kc, failing), reply(kc, queued)
    return {"failing": first, "queued": second, "after": execute(kc, '"runs again"')}


def background_run(kc, config):
    """Starts a run from a cell; reads its progress in later cells while it goes on."""
    started = execute(kc, 'var run = start("%s");\nrun.id()' % config)
    value = result_text(started)
    seen = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        cell = execute(kc, "progress(run.id()).completed()")
        seen.append(int(result_text(cell)))
        if len(seen) >= 3 and seen[-1] > seen[-2] > seen[0]:
            break
        time.sleep(0.5)  # the kernel is idle between cells: the run goes on without a cell
    return {"start_cell": started, "experiment_id": value, "completed_seen": seen}


if __name__ == "__main__":
    main()
