package io.driftwarden.revert;

import io.driftwarden.standard.ResourceParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A revert's undo, decided before the revert runs ({@link UndoPlanner#prepare}): one inverse per revert step.
 * After the apply, {@link #after} keeps the inverses of the steps that ran, last first, and fills in the bytes the
 * apply kept or quarantined. Total: it never throws, because it runs between changing a host and recording evidence.
 */
public record PreparedUndo(RevertPlan revert, List<Inverse> inverses) {
    public PreparedUndo {
        inverses = List.copyOf(inverses);
    }

    /** What puts one revert step back. */
    public sealed interface Inverse permits Fixed, Restore, Manual {}

    /** A step known in full before the revert. */
    public record Fixed(Step step) implements Inverse {}

    /** The bytes a WRITE or REMOVE replaces, written back; the bytes (or the quarantined copy) come from the apply. */
    public record Restore(String path, String oldSha, String guard, String owner, String group, String mode)
            implements Inverse {}

    /** Left to the operator, with why (a directory created, an account deleted, a mask). */
    public record Manual(String why) implements Inverse {}

    /** The undo plan, and the steps it cannot undo (with why; the operator does those by hand). */
    public record Undo(RevertPlan plan, List<String> manual) {
        public Undo {
            manual = List.copyOf(manual);
        }
    }

    /** The steps that will need the operator whatever the apply does: shown with the plan, before anything runs. */
    public List<String> manual() {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= inverses.size(); n++) {
            if (inverses.get(n - 1) instanceof Manual m) {
                out.add("step " + n + " (" + revert.steps().get(n - 1).shown() + "): " + m.why());
            }
        }
        return out;
    }

    /**
     * The plan's {@code undoes} is 0 until it is read back from the evidence it belongs to ({@link PlanJson#read}).
     *
     * @param completed   1-based indexes of the revert steps that ran
     * @param kept        bytes the revert replaced or removed, by 1-based step
     * @param quarantined quarantined copies on the host, by 1-based step
     */
    public Undo after(List<Integer> completed, Map<Integer, byte[]> kept, Map<Integer, ApplyScript.Copy> quarantined) {
        List<Step> steps = new ArrayList<>();
        List<RevertPlan.Property> props = new ArrayList<>();
        Map<Integer, byte[]> content = new HashMap<>();
        List<String> manual = new ArrayList<>();
        for (int n = inverses.size(); n >= 1; n--) {
            if (!completed.contains(n)) {
                continue;
            }
            Inverse inv = inverses.get(n - 1);
            String refused = null;
            if (inv instanceof Fixed f) {
                steps.add(f.step());
            } else if (inv instanceof Restore r) {
                refused = restore(r, kept.get(n), quarantined.get(n), steps, content);
            } else {
                refused = ((Manual) inv).why();
            }
            if (refused != null) {
                manual.add("step " + n + " (" + revert.steps().get(n - 1).shown() + "): " + refused);
            } else if (n <= revert.properties().size()) { // the planner makes one step per property
                RevertPlan.Property p = revert.properties().get(n - 1);
                props.add(new RevertPlan.Property(p.name(), p.standard(), p.live(), "before the revert"));
            }
        }
        return new Undo(new RevertPlan(revert.host(), revert.resource(), props, steps, content, 0L), manual);
    }

    private static String restore(
            Restore r, byte[] kept, ApplyScript.Copy copy, List<Step> out, Map<Integer, byte[]> content) {
        String when = r.guard().equals("-")
                ? " (only if the path is still absent)"
                : " (only if it still has what the revert wrote)";
        String owned = ", owner " + r.owner() + ", group " + r.group() + ", mode " + r.mode();
        if (kept != null) {
            // the digest of what was actually replaced: the pre-check may not have been allowed to read it
            String sha = ResourceParser.sha256(kept);
            content.put(out.size(), kept);
            out.add(Step.of(
                    Step.Verb.WRITE,
                    "write " + r.path() + " with the bytes the revert replaced (sha256:" + sha + ")" + when + owned,
                    r.path(),
                    sha,
                    r.guard(),
                    r.owner(),
                    r.group(),
                    r.mode()));
            return null;
        }
        if (copy != null) {
            String sha = copy.sha256() != null ? copy.sha256() : r.oldSha();
            if (sha == null) {
                return "the digest of the quarantined copy " + copy.path() + " is unknown: restore it by hand";
            }
            out.add(Step.of(
                    Step.Verb.RESTORE,
                    "restore " + r.path() + " from its quarantined copy " + copy.path() + when + owned,
                    r.path(),
                    sha,
                    r.guard(),
                    r.owner(),
                    r.group(),
                    r.mode(),
                    copy.path()));
            return null;
        }
        return "the replaced bytes were not kept";
    }
}
