package io.driftwarden.revert;

import io.driftwarden.collect.ProbeScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed apply script with one plan embedded: step lines whose operands are octal-escaped (like the probe's
 * requests) and each WRITE's bytes as base64 in a quoted here-document. Parses what the script prints back.
 */
public final class ApplyScript {
    private static final String TEMPLATE = load();

    /**
     * What happened: each step's result in order, the bytes WRITE and REMOVE steps replaced (kept, by 1-based step),
     * the quarantined copies on the host (by step), whether all steps ran, and the lines that could not be read
     * (a connection cut mid-line, a hostile host): with any, the result is not {@code completed}.
     */
    public record Result(
            List<StepResult> steps,
            Map<Integer, byte[]> kept,
            Map<Integer, Copy> quarantined,
            boolean completed,
            List<String> unreadable) {
        public Result {
            steps = List.copyOf(steps);
            kept = Map.copyOf(kept);
            quarantined = Map.copyOf(quarantined);
            unreadable = List.copyOf(unreadable);
            completed = completed && unreadable.isEmpty();
        }
    }

    /** A quarantined copy: its path on the host and the sha256 the host computed (null from an older script). */
    public record Copy(String path, String sha256) {}

    /** {@code index} is 1-based as printed; {@code message} is null when the step succeeded. */
    public record StepResult(int index, boolean ok, String message) {}

    private ApplyScript() {}

    /**
     * What WRITE and REMOVE do with the bytes they replace: print them (for the store), copy them to a root-only
     * directory on the host (sensitive files: their bytes never leave it), or nothing (an undo).
     */
    public record Keep(String flag, String dir) {
        public static final Keep STORE = new Keep("keep", null);
        public static final Keep NONE = new Keep("-", null);

        public static Keep quarantine(String dir) {
            return new Keep("q", dir);
        }
    }

    public static String render(RevertPlan plan, Keep how) {
        String keep = how.flag();
        String quarantine = how.dir();
        StringBuilder steps = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            steps.append(s.verb().name());
            s.operands().forEach(o -> steps.append(' ').append(ProbeScript.encode(o))); // never empty: see Step
            if (s.verb() == Step.Verb.REMOVE) {
                steps.append(' ').append(keep);
            }
            if (s.verb() == Step.Verb.WRITE) {
                steps.append(' ').append(keep);
                content.append("content_")
                        .append(i + 1)
                        .append("() { base64 -d <<'DRIFTWARDEN_CONTENT_END'\n")
                        .append(Base64.getMimeEncoder(76, new byte[] {'\n'})
                                .encodeToString(plan.content().get(i)))
                        .append("\nDRIFTWARDEN_CONTENT_END\n}\n");
            }
            steps.append('\n');
        }
        String source = "qdir_enc='" + ProbeScript.encode(quarantine == null ? "-" : quarantine)
                + "'\nsteps() {\ncat <<'DRIFTWARDEN_STEPS_END'\n" + steps + "DRIFTWARDEN_STEPS_END\n}\n" + content;
        return TEMPLATE.replace("@STEPS_SOURCE@", source);
    }

    /** Never throws: it runs after the host was changed, before the evidence is written. */
    public static Result parse(String output) {
        List<StepResult> steps = new ArrayList<>();
        Map<Integer, byte[]> kept = new TreeMap<>();
        Map<Integer, Copy> quarantined = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        boolean completed = false;
        for (String line : output.split("\n")) {
            try {
                completed |= read(line, steps, kept, quarantined);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) { // includes NumberFormatException
                unreadable.add(line.length() > 80 ? line.substring(0, 80) + "..." : line);
            }
        }
        return new Result(steps, kept, quarantined, completed, unreadable);
    }

    /** One output line into the maps; true for the last line of a run that completed. */
    private static boolean read(
            String line, List<StepResult> steps, Map<Integer, byte[]> kept, Map<Integer, Copy> quarantined) {
        String[] f = line.split(" ", 4);
        if (f.length >= 3 && f[0].equals("STEP") && f[2].equals("OK")) {
            steps.add(new StepResult(Integer.parseInt(f[1]), true, null));
        } else if (f.length >= 3 && f[0].equals("STEP") && f[2].equals("FAIL")) {
            String msg = f.length > 3 ? new String(HexFormat.of().parseHex(f[3].strip()), StandardCharsets.UTF_8) : "";
            steps.add(new StepResult(Integer.parseInt(f[1]), false, msg));
        } else if (f.length >= 2 && f[0].equals("KEPT")) {
            kept.put(Integer.parseInt(f[1]), f.length > 2 ? Base64.getDecoder().decode(f[2].strip()) : new byte[0]);
        } else if (f.length >= 3 && f[0].equals("QUARANTINED")) {
            String sha = f.length > 3 && f[3].strip().matches("[0-9a-f]{64}") ? f[3].strip() : null;
            quarantined.put(
                    Integer.parseInt(f[1]),
                    new Copy(new String(HexFormat.of().parseHex(f[2].strip()), StandardCharsets.UTF_8), sha));
        }
        return line.equals("END ok");
    }

    private static String load() {
        try (InputStream in = ApplyScript.class.getResourceAsStream("apply.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
