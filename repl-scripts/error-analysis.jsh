// What failed in an experiment and why: errors by category, a few samples of each, then how good
// the answers that did come back are.
//
//   ./runlab run repl-scripts/error-analysis.jsh [-p id=3] [-p samples=3] [--db data/runlab.db]

long id = param("id", () -> currentId());
int samples = param("samples", 3);
System.out.println(experiment(id));
var byCategory = errors(id).byCategory();
System.out.println("\nFinal errors by category (" + errors(id).count() + "):");
byCategory
for (String category : byCategory.stringColumn("category").asList()) {
  System.out.println("\nSamples of " + category + ":");
  System.out.println(TextTable.render(
      errors(id).samples(category, samples).selectColumns("narrative_id", "attempt_count", "last_error_message"),
      display));
}
System.out.println("\n" + accuracy(id));
labelScores(id)
