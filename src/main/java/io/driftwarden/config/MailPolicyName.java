package io.driftwarden.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** {@code email.policy}: when a run's report is mailed at once ({@code notify.MailPolicy} applies it). */
public enum MailPolicyName {
    EVERY_RUN,
    CHANGES,
    UNAPPROVED,
    NEVER;

    /** As written in the config: {@code every-run}, {@code changes}, {@code unapproved}, {@code never}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<MailPolicyName> parse(String label) {
        return Arrays.stream(values()).filter(p -> p.label().equals(label)).findFirst();
    }

    @Override
    public String toString() {
        return label();
    }
}
