package io.driftwarden.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar driftwarden.jar <command>}: the composition root, and the one place that sets the conventions
 * every command shares. Help ({@code --help}, {@code help [command...]}) goes to stdout and exits 0; a usage mistake
 * (unknown option, missing parameter, a command group without its subcommand, the root included) is one line on
 * stderr naming the help to read, and exits {@link #USAGE}.
 */
@Command(
        name = "driftwarden",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Audits hosts against a signed-off standard without changing them.")
public final class Main {
    /** The commands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            AuditCommand.class,
            DaemonCommand.class,
            StandardCommand.class,
            ApprovalsCommand.class,
            HistoryCommand.class,
            AdoptCommand.class,
            RevertCommand.class,
            ProbeCommand.class);

    /** Section 7: a usage mistake is one of the things that keep a run from happening, so it exits 1, not 64. */
    static final int USAGE = 1;

    /**
     * The exit codes, listed in every command's help. One table for all: only audit returns 2 and 6, audit and revert
     * 4 (the others return 0 or 1), and the rows say so rather than each command keeping a copy of its own.
     */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(
                "0",
                "done (audit: no unapproved drift, every host fully audited; standard verify: verified;"
                        + " revert: applied and compliant)");
        codes.put("1", "not done: bad config, bundle or inventory, unverified bundle, refused, or a usage mistake");
        codes.put("2", "audit only: unapproved drift");
        codes.put(
                "4",
                "audit: some host not fully audited (failed, uncovered, not_checked); revert: applied but not"
                        + " (yet) compliant, or stopped midway");
        codes.put("6", "audit only: both 2 and 4");
        return Collections.unmodifiableMap(codes); // in this order: Map.copyOf would not keep it
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command with the given streams (tests capture them). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        // picocli reflects over every command it is given: a run names one, so only that one is built (a tenth of
        // a short audit's start); help, version and mistakes get them all
        List<Class<?>> named = COMMANDS.stream().filter(c -> isNamed(c, args)).toList();
        for (Class<?> c : named.isEmpty() ? COMMANDS : named) {
            cl.addSubcommand(c);
        }
        conventions(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String message = ex.getMessage().strip();
            ex.getCommandLine()
                    .getErr()
                    .println("usage: " + message + (message.endsWith(".") ? "" : ".") + " Try '"
                            + helpFor(ex.getCommandLine()) + "'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("internal error: " + ex);
            return 1;
        });
        return cl.execute(nestedHelp(cl, args));
    }

    /**
     * Every command lists the exit codes, and every command group gets picocli's {@code help} subcommand; set on
     * the built tree (after the subcommands are added) so no command repeats them.
     */
    private static void conventions(CommandLine cl) {
        if (!cl.getSubcommands().isEmpty() && !cl.getSubcommands().containsKey("help")) {
            cl.addSubcommand("help", new CommandLine.HelpCommand());
            cl.getCommandSpec().usageMessage().synopsisSubcommandLabel("COMMAND"); // required, so not [COMMAND]
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(EXIT_CODES);
        cl.getSubcommands().values().forEach(Main::conventions);
    }

    /**
     * {@code help standard capture}: picocli's help command takes one name, so the words before the last one that
     * name command groups move in front of it, and that group's own help command answers
     * ({@code standard help capture}). Anything else is left for picocli to judge.
     */
    private static String[] nestedHelp(CommandLine root, String[] args) {
        if (args.length < 3 || !args[0].equals("help")) {
            return args;
        }
        CommandLine group = root;
        int i = 1;
        while (i < args.length - 1
                && group.getSubcommands().get(args[i]) != null
                && !group.getSubcommands().get(args[i]).getSubcommands().isEmpty()) {
            group = group.getSubcommands().get(args[i]);
            i++;
        }
        if (i == 1) {
            return args;
        }
        List<String> out = new ArrayList<>(Arrays.asList(args).subList(1, i));
        out.add("help");
        out.addAll(Arrays.asList(args).subList(i, args.length));
        return out.toArray(String[]::new);
    }

    /** {@code driftwarden help standard capture} for the command at fault; a help command's mistake points at its group. */
    private static String helpFor(CommandLine at) {
        CommandLine c =
                at.getCommand() instanceof CommandLine.HelpCommand && at.getParent() != null ? at.getParent() : at;
        List<String> path = new ArrayList<>();
        for (; c.getParent() != null; c = c.getParent()) {
            path.add(0, c.getCommandName());
        }
        return (c.getCommandName() + " help " + String.join(" ", path)).strip();
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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"driftwarden " + (v == null ? "dev" : v)};
        }
    }
}
