package io.driftwarden.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A unified diff of two small UTF-8 texts (at most 64 KiB each, no NUL), from the standard to the host. */
public final class UnifiedDiff {
    public static final int LIMIT = 64 * 1024;

    private UnifiedDiff() {}

    public static Optional<String> of(String path, byte[] expected, byte[] actual) {
        Optional<String> a = text(expected);
        Optional<String> b = text(actual);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        List<String> left = Arrays.asList(a.get().split("\n", -1));
        List<String> right = Arrays.asList(b.get().split("\n", -1));
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
                "standard" + path, "host" + path, left, DiffUtils.diff(left, right), 3);
        return Optional.of(String.join("\n", lines) + "\n");
    }

    private static Optional<String> text(byte[] b) {
        if (b.length > LIMIT) {
            return Optional.empty();
        }
        for (byte x : b) {
            if (x == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
