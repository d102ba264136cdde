// Print the progress of an experiment every few seconds until it stops running. Watches runs of
// other processes too (it reads what they commit).
//
//   ./runlab run repl-scripts/monitor.jsh [-p id=3] [-p every=5] [--db data/runlab.db]

long id = param("id", () -> currentId());
long every = param("every", 5L);
ZoneId zone = ZoneId.systemDefault();
while (true) {
  var p = progress(id);
  System.out.println(p.line(zone) + " | " + p.status() + ", " + p.errors() + " errors");
  if (!p.status().isActive()) {
    break;
  }
  Thread.sleep(every * 1000);
}
experiment(id)
