package io.driftwarden.run;

/** Where a published run goes beyond its files and mail (the daemon's metrics); reads the run, never changes it. */
@FunctionalInterface
public interface RunSink {
    void published(RunPipeline.Completed run);
}
