package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class StderrLoggingTest {
    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().<Class<?>>map(p -> p.type()))
                .contains(StderrLogging.class);
    }

    @Test
    void logsOursFromInfoOthersFromWarnMinaNeverAllToStderr() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            StderrLogging.apply(context);
            context.getLogger("io.driftwarden.audit.AuditRun").info("run over");
            context.getLogger("io.driftwarden.audit.AuditRun").debug("not shown");
            context.getLogger("org.h2.Engine").info("not shown");
            context.getLogger("org.h2.Engine").warn("h2 warns");
            context.getLogger("org.apache.sshd.client.SshClient").error("not shown");
        } finally {
            context.stop();
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().toList().get(0))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  i\\.d\\.audit\\.AuditRun - run over");
        assertThat(out.lines().toList().get(1)).endsWith("WARN  org.h2.Engine - h2 warns");
    }
}
