package io.driftwarden.collect;

import java.util.List;

/**
 * The entries of one exclusive directory (names only, sorted, never {@code .} or {@code ..}). {@code status} is
 * {@code ok}, {@code absent}, {@code not-directory}, or why it could not be listed ({@code permission-denied},
 * {@code io-error}, {@code escapes-root}).
 */
public record DirListing(String path, String status, List<String> names) {
    public DirListing {
        names = names.stream()
                .sorted(io.driftwarden.standard.ResourceId.Utf8Order::compare)
                .toList();
    }

    public boolean listed() {
        return status.equals("ok");
    }
}
