package io.driftwarden.revert;

import java.util.List;

/**
 * One privileged action of a revert: a verb from the apply script's fixed vocabulary and its operands. Operands
 * are data: they travel octal-escaped and reach the command as single arguments after {@code --}, never as
 * shell text. {@code shown} is what the plan prints (a content step shows a digest, never the bytes).
 */
public record Step(Verb verb, List<String> operands, String shown) {
    public Step {
        operands = List.copyOf(operands);
    }

    /** The apply script's vocabulary; each verb runs one fixed command. */
    public enum Verb {
        CHMOD,
        CHOWN,
        CHGRP,
        REMOVE,
        MKDIR,
        WRITE,
        RESTORE,
        LINK,
        APT_INSTALL,
        APT_REMOVE,
        SYSTEMCTL,
        SYSCTL_WRITE,
        USERMOD,
        USERADD,
        USERDEL,
        GROUPMOD,
        GROUPADD,
        GROUPDEL
    }

    static Step of(Verb verb, String shown, String... operands) {
        return new Step(verb, List.of(operands), shown);
    }
}
