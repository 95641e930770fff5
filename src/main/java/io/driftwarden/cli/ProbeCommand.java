package io.driftwarden.cli;

import io.driftwarden.collect.ProbeScript;
import io.driftwarden.standard.ResourceParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code probe --pinned}: the root-owned probe of sudo mode, exactly as this version expects it (deploy/ packages it). */
@Command(name = "probe", description = "Print the pinned probe installed at /usr/libexec/driftwarden/probe for sudo mode.")
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sha256", description = "print only its sha256, which every sudo-mode run checks")
    boolean sha;

    @Override
    public Integer call() {
        String pinned = ProbeScript.pinned();
        spec.commandLine().getOut().print(sha ? ResourceParser.sha256(pinned.getBytes(StandardCharsets.UTF_8)) + "\n" : pinned);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
