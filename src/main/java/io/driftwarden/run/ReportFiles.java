package io.driftwarden.run;

import io.driftwarden.audit.RunReport;
import io.driftwarden.report.AtomicFile;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.JsonReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's files in {@code reports_dir}: its JSON report, {@code latest.json} and {@code latest.html}, each written whole
 * or not at all (a full disk leaves no truncated file behind).
 */
final class ReportFiles {
    private ReportFiles() {}

    /** Empty when every file was written, else why not. */
    static Optional<Exception> write(Path dir, RunReport report) {
        String runId = report.result().runId();
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(runId + ".json");
            AtomicFile.write(json, out -> JsonReport.WRITER.write(report, out)); // streamed, host by host
            AtomicFile.write(dir.resolve("latest.json"), out -> Files.copy(json, out));
            AtomicFile.write(dir.resolve("latest.html"), out -> HtmlReport.EVERYTHING.write(report, out));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e);
        }
    }
}
