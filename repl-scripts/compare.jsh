// Two experiments on the same data side by side: accuracy, agreement, where they differ, and their
// error mix. Defaults: the newest experiment (b) and the one before it (a).
//
//   ./runlab run repl-scripts/compare.jsh [-p a=1] [-p b=2] [--db data/runlab.db]

// a default in a lambda is evaluated only when its parameter was not passed
long b = param("b", () -> currentId());
long a = param("a", () -> previousId(b));
System.out.println("experiment " + a + " against experiment " + b);
compare(a, b)
System.out.println("\nErrors of experiment " + a + ":");
errors(a).byCategory()
System.out.println("\nErrors of experiment " + b + ":");
errors(b).byCategory()
