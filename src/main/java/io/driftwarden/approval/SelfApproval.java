package io.driftwarden.approval;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: whether the person who approved a drift is also the one who probably made it. A record is self-approved
 * for a drift when its only counted approver is among the drift's possible actors, or when the drift's only
 * possible actor is one of its counted approvers. Approvers are principals (e-mail addresses) and actors are host
 * logins: {@code accounts} maps a principal to its logins; by default a principal's login is its local part
 * ({@code carol@example.com} is {@code carol}).
 */
public final class SelfApproval {
    private SelfApproval() {}

    public static boolean selfApproved(
            Collection<String> approvers, Collection<String> actors, Map<String, List<String>> accounts) {
        Set<String> users = new TreeSet<>(actors);
        if (approvers.isEmpty() || users.isEmpty()) {
            return false;
        }
        Set<String> approverLogins = new TreeSet<>();
        approvers.forEach(p -> approverLogins.addAll(logins(p, accounts)));
        if (approvers.size() == 1 && users.stream().anyMatch(approverLogins::contains)) {
            return true;
        }
        return users.size() == 1 && approverLogins.contains(users.iterator().next());
    }

    /** The host logins of an approver's principal. */
    static List<String> logins(String principal, Map<String, List<String>> accounts) {
        List<String> given = accounts.get(principal);
        if (given != null) {
            return given;
        }
        int at = principal.indexOf('@');
        return List.of((at > 0 ? principal.substring(0, at) : principal).toLowerCase(Locale.ROOT));
    }
}
