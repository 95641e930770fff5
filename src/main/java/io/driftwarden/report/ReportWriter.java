package io.driftwarden.report;

import io.driftwarden.audit.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One format of a run's report (JSON, text, HTML; the mail's bodies are text and HTML shown for mail). Only reads. */
public interface ReportWriter {
    /** Writes the report as UTF-8; leaves {@code out} open. */
    void write(RunReport report, OutputStream out) throws IOException;

    /** The report as one string (a mail body, a page, the terminal). */
    default String render(RunReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
