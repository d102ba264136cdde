package dev.runlab.run;

import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.store.Datasets.Dataset;
import java.nio.file.Path;

/**
 * Everything a prepared run needs: the experiment, its authoritative config, its data set, the
 * counts so far, and the lock it holds.
 */
record RunSpec(
    Path dbFile,
    long experimentId,
    ExperimentConfig config,
    Dataset dataset,
    long total,
    long completed,
    long errors,
    double activeSeconds,
    long limit,
    ResumeLock lock) {}
