package io.driftwarden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar driftwarden.jar <command>}: the composition root. */
@Command(name = "driftwarden", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Audits hosts against a signed-off standard without changing them.",
        subcommands = {AuditCommand.class, DaemonCommand.class, StandardCommand.class, ApprovalsCommand.class, HistoryCommand.class,
            AdoptCommand.class, RevertCommand.class, ProbeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs one command with the given streams (tests capture them). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("usage: " + ex.getMessage());
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("internal error: " + ex);
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"driftwarden " + (v == null ? "dev" : v)};
        }
    }
}
