package io.driftwarden.approval;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Pure: the link a record's id and ticket become in reports and mail. A ticket that is itself an http(s) URL links
 * as it is; otherwise {@code approvals.ticket_url} (e.g. {@code https://itsm.example.com/change/{ticket}}) with the
 * ticket, or the record's id when it names none, percent-encoded. Nothing else ever becomes a link (no
 * {@code javascript:}, no {@code file:}).
 */
public final class TicketLink {
    public static final String PLACEHOLDER = "{ticket}";

    private TicketLink() {}

    public static Optional<String> of(ChangeRecord r, String template) {
        String t = r.ticket();
        if (t != null && web(t)) {
            return Optional.of(t);
        }
        if (template == null) {
            return Optional.empty();
        }
        String url = template.replace(PLACEHOLDER, encode(t == null ? r.id() : t));
        return web(url) ? Optional.of(url) : Optional.empty();
    }

    /** Why a configured template is unusable (null: it is fine). */
    public static String problem(String template) {
        if (!template.startsWith("https://") && !template.startsWith("http://")) {
            return "must start with https:// or http://";
        }
        int at = template.indexOf(PLACEHOLDER);
        if (at < 0 || template.indexOf(PLACEHOLDER, at + 1) >= 0) {
            return "must hold " + PLACEHOLDER + " exactly once";
        }
        return web(template.replace(PLACEHOLDER, "CHG-1")) ? null : "is not a valid URL";
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    /**
     * An absolute http(s) URL with a host name, and nothing a browser or a mail client would read otherwise: only
     * RFC 3986 characters (no spaces, quotes, angle brackets or controls).
     */
    private static boolean web(String s) {
        return WEB.matcher(s).matches();
    }

    private static final java.util.regex.Pattern WEB = java.util.regex.Pattern.compile(
            "https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*)?");
}
