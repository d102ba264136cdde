package dev.runlab.run;

import dev.runlab.ExitCode;
import dev.runlab.experiment.Status;

/**
 * How a run ended: the experiment's status afterwards, a sentence for people, and the exit code the
 * command line returns for it.
 */
public record RunOutcome(long experimentId, Status status, String message, ExitCode exitCode) {}
