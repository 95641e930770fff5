package io.driftwarden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar driftwarden.jar <command>}: the composition root. */
@Command(name = "driftwarden", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Audits hosts against a signed-off standard without changing them.")
public final class Main implements Runnable {
    /** The commands, in the order help lists them. */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(AuditCommand.class, DaemonCommand.class,
            StandardCommand.class, ApprovalsCommand.class, HistoryCommand.class, AdoptCommand.class, RevertCommand.class,
            ProbeCommand.class);

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
        // picocli reflects over every command it is given: a run names one, so only that one is built (a tenth of
        // a short audit's start); help, version and mistakes get them all
        java.util.List<Class<?>> named = COMMANDS.stream().filter(c -> isNamed(c, args)).toList();
        for (Class<?> c : named.isEmpty() ? COMMANDS : named) {
            cl.addSubcommand(c);
        }
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

    /** Whether the first word that is not an option names {@code command}. */
    private static boolean isNamed(Class<?> command, String[] args) {
        String name = command.getAnnotation(Command.class).name();
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals(name);
            }
        }
        return false;
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
