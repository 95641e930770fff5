package io.driftwarden.fleet;

import java.util.List;

/** Hostile names for the fleet: each would run `touch MARKER` if it were ever spliced into shell text. */
final class Names {
    static final List<String> HOSTILE = List.of(
            "with space", "single'quote", "$(touch MARKER)", "`touch MARKER`", "semi;touch MARKER", "-leading-dash");

    private Names() {}

    static String standard() {
        StringBuilder b = new StringBuilder("""
                standard: base
                resources:
                  - file: /etc/ssh/sshd_config
                    owner: root
                    mode: "0644"
                  - package: openssh-server
                  - package: telnetd
                    ensure: absent
                  - service: ssh
                    running: true
                    enabled: true
                  - sysctl: net.ipv4.ip_forward
                    persisted: "0"
                  - user: audit
                    shell: /bin/sh
                    groups: [adm]          # the image lets it read the logs that name possible actors
                """);
        return b.toString();
    }

    /** Files and packages with hostile names, for the host that has the files. */
    static String hostileStandard(String marker) {
        StringBuilder b = new StringBuilder("standard: hostile\napplies_to: {hosts: [hostile]}\nresources:\n");
        for (String n : HOSTILE) {
            String path = "/etc/" + n.replace("MARKER", marker);
            b.append("  - file: ").append(json(path)).append("\n    mode: \"0644\"\n");
            b.append("  - package: ").append(json(n.replace("MARKER", marker))).append("\n    ensure: absent\n");
        }
        return b.toString();
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
