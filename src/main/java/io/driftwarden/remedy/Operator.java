package io.driftwarden.remedy;

import io.driftwarden.config.Permissions;

/** Who runs {@code revert} on this machine, for the evidence and the host lock: uid, login (and sudo's caller), host. */
record Operator(String uid, String login, String machine) {

    static Operator current() {
        String uid = Permissions.currentUid().map(String::valueOf).orElse("unknown");
        String user = System.getProperty("user.name");
        String sudoUser = System.getenv("SUDO_USER");
        String login = sudoUser != null && !sudoUser.equals(user) ? user + " (sudo from " + sudoUser + ")" : user;
        String machine;
        try {
            machine = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            machine = "localhost";
        }
        return new Operator(uid, login, machine);
    }

    /** Names the holder of a host's revert lock: who, where, which process. */
    String lockHolder() {
        return login + "@" + machine + " pid " + ProcessHandle.current().pid();
    }
}
