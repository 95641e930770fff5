package io.driftwarden.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host entry as written, with Ansible's host ranges: {@code web[01:03]} is web01, web02, web03. Expanded as
 * Ansible's {@code expand_hostname_range} does: numbers or single letters ({@code db-[a:c]}, letters in Ansible's
 * order a-z then A-Z), an optional step ({@code [1:10:2]}), a zero-padded start fixing the width of every value
 * (and of the end), several ranges multiplying with the first varying slowest. Stricter than Ansible where it
 * would silently yield nothing or crash: a range that starts after it ends, mixes a letter with a number, has a
 * step of 0 or an unmatched bracket is refused, as is a pattern of more than {@link #MAX_HOSTS} hosts. Pure.
 *
 * @param literals the text around the ranges, one more than there are ranges
 * @param ranges   each range's values, in order
 */
record HostPattern(List<String> literals, List<List<String>> ranges) {
    /** A bound on one entry: a typo such as [1:100000] must not make an inventory of a hundred thousand hosts. */
    static final int MAX_HOSTS = 10_000;
    /** Python's string.ascii_letters, the order Ansible's letter ranges follow. */
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static final Pattern RANGE = Pattern.compile("([0-9]+|[A-Za-z]):([0-9]+|[A-Za-z])(?::([0-9]+))?");
    /** Bounds and steps stay within a long. */
    private static final int MAX_DIGITS = 18;

    HostPattern {
        literals = List.copyOf(literals);
        ranges = ranges.stream().map(List::copyOf).toList();
    }

    /** Why a host entry cannot be expanded: one line, without the file and entry, which the loader adds. */
    static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** Whether {@code written} is meant as a pattern: any bracket is, so a malformed one is reported, not kept as a name. */
    static boolean hasRange(String written) {
        return written.indexOf('[') >= 0 || written.indexOf(']') >= 0;
    }

    static HostPattern parse(String written) {
        List<String> literals = new ArrayList<>();
        List<List<String>> ranges = new ArrayList<>();
        long hosts = 1;
        int from = 0;
        while (true) {
            int open = written.indexOf('[', from);
            int close = written.indexOf(']', from);
            if (open < 0 && close < 0) {
                literals.add(written.substring(from));
                return new HostPattern(literals, ranges);
            }
            if (open >= 0 && close < 0) {
                throw new Malformed("a '[' without its ']'");
            }
            if (open < 0 || close < open) {
                throw new Malformed("a ']' without its '['");
            }
            String inside = written.substring(open + 1, close);
            if (inside.indexOf('[') >= 0) {
                throw new Malformed("a '[' without its ']' (ranges do not nest)");
            }
            List<String> values = values(inside);
            hosts *= values.size(); // each factor is at most MAX_HOSTS and so is the product so far: no overflow
            if (hosts > MAX_HOSTS) {
                throw new Malformed("expands to more than " + MAX_HOSTS + " hosts; split it into several entries");
            }
            literals.add(written.substring(from, open));
            ranges.add(values);
            from = close + 1;
        }
    }

    private static List<String> values(String inside) {
        String shown = "[" + inside + "]";
        Matcher m = RANGE.matcher(inside);
        if (!m.matches()) {
            throw new Malformed(shown + " is not a range: write [START:END] or [START:END:STEP] with numbers or single"
                    + " letters, e.g. [01:20] or [a:f]");
        }
        String start = m.group(1);
        String end = m.group(2);
        boolean letters = Character.isLetter(start.charAt(0));
        if (letters != Character.isLetter(end.charAt(0))) {
            throw new Malformed(shown + " mixes a letter and a number");
        }
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) != null && m.group(g).length() > MAX_DIGITS) {
                throw new Malformed(shown + ": " + m.group(g) + " is too large");
            }
        }
        long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
        if (step < 1) {
            throw new Malformed(shown + ": the step must be at least 1");
        }
        long first = letters ? LETTERS.indexOf(start) : Long.parseLong(start);
        long last = letters ? LETTERS.indexOf(end) : Long.parseLong(end);
        if (first > last) {
            throw new Malformed(shown + " starts after it ends");
        }
        // Ansible's formatting hint: a start written with a leading zero fixes the width, and the end must agree
        int width = !letters && start.length() > 1 && start.charAt(0) == '0' ? start.length() : 0;
        if (width > 0 && end.length() != width) {
            throw new Malformed(shown + ": a zero-padded start needs an end of the same width, e.g. [01:20]");
        }
        if ((last - first) / step + 1 > MAX_HOSTS) {
            throw new Malformed(shown + " expands to more than " + MAX_HOSTS + " hosts; split it into several entries");
        }
        List<String> out = new ArrayList<>();
        for (long v = first; v <= last; v += step) {
            out.add(
                    letters
                            ? String.valueOf(LETTERS.charAt((int) v))
                            : width > 0
                                    ? String.format(java.util.Locale.ROOT, "%0" + width + "d", v)
                                    : Long.toString(v));
        }
        return out;
    }

    /** How many values each range has: two patterns expand in step when these agree. */
    List<Integer> shape() {
        return ranges.stream().map(List::size).toList();
    }

    /** Every name, the first range varying slowest (Ansible's order). */
    List<String> expand() {
        List<String> out = new ArrayList<>();
        int[] at = new int[ranges.size()];
        while (true) {
            StringBuilder b = new StringBuilder(literals.get(0));
            for (int i = 0; i < at.length; i++) {
                b.append(ranges.get(i).get(at[i])).append(literals.get(i + 1));
            }
            out.add(b.toString());
            int k = at.length - 1;
            while (k >= 0 && ++at[k] == ranges.get(k).size()) {
                at[k] = 0;
                k--;
            }
            if (k < 0) {
                return out;
            }
        }
    }

    /**
     * The address of each host {@code name} expands to. An address with ranges of the same lengths expands in step
     * ({@code web[01:03]} at {@code 192.0.2.[11:13]}); one plain address for several hosts is refused, since every
     * one of them would audit the same machine.
     */
    static List<String> inStep(HostPattern name, String address) {
        int hosts = name.expand().size();
        if (!hasRange(address)) {
            if (hosts == 1) {
                return List.of(address);
            }
            throw new Malformed(
                    address + " would be the address of all " + hosts + " hosts: give it ranges in step with"
                            + " the name's (e.g. 192.0.2.[11:13] for web[01:03]), or list the hosts");
        }
        HostPattern a = parse(address);
        if (!a.shape().equals(name.shape())) {
            throw new Malformed(address + " does not expand in step with the name: its ranges have " + a.shape()
                    + " values, the name's " + name.shape());
        }
        return a.expand();
    }
}
