package io.driftwarden.config;

import java.util.regex.Pattern;

/**
 * Whether a configured host names the loopback interface by its text alone: {@code localhost}, an IPv4 literal in
 * 127.0.0.0/8, or {@code ::1}. No lookup: a name that resolves to loopback today may not tomorrow.
 */
public final class LoopbackHost {
    private static final Pattern V4 = Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){2}");

    private LoopbackHost() {}

    public static boolean is(String host) {
        String h = host.strip();
        return h.equalsIgnoreCase("localhost")
                || V4.matcher(h).matches()
                || h.equals("::1")
                || h.equals("[::1]")
                || h.equalsIgnoreCase("0:0:0:0:0:0:0:1");
    }
}
