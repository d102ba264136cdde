// Resume the newest incomplete experiment (running with a dead holder, paused or failed) with the
// config stored in the database, after showing its summary; asks first unless -p yes=true.
// Waits for the run to end, then shows its summary again.
//
//   ./runlab run repl-scripts/resume-latest.jsh [-p yes=true] [--db data/runlab.db]

boolean yes = param("yes", false);
long id = latestIncomplete().id();
if (yes) {
  System.out.println(experiment(id));
}
// without yes: resume() shows the summary and asks (no terminal to ask on: exit 2)
Experiment resumed = yes ? resume(true) : resume();
if (resumed == null) {
  System.out.println("experiment " + id + " not resumed");
} else {
  await(resumed);
  System.out.println(experiment(id));
  if (resumed.status().equals("failed")) {
    throw new IllegalStateException(
        "experiment " + id + " failed; see errors(" + id + ").byCategory()");
  }
}
