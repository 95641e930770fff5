package io.driftwarden.collect;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Resolves an absolute path inside an image root the way the kernel would inside a chroot: intermediate
 * links are followed (absolute targets re-rooted), the final component is not; a {@code ..} above the
 * root escapes it. The result is the on-disk path of the final component, or why there is none.
 */
public final class RootedPath {
    private static final int MAX_LINKS = 40;

    /** {@code status}: ok, absent, escapes-root, permission-denied, io-error. */
    public record Resolved(String status, Path onDisk) {}

    private RootedPath() {}

    public static Resolved resolve(Path root, String absolute) {
        return resolve(root, absolute, false);
    }

    /** Like {@link #resolve} but follows a link at the final component too (reading sysctl.d, os-release). */
    public static Resolved resolveFollowing(Path root, String absolute) {
        return resolve(root, absolute, true);
    }

    private static Resolved resolve(Path root, String absolute, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>(split(absolute));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (done.isEmpty()) {
                    return new Resolved("escapes-root", null);
                }
                done.remove(done.size() - 1);
                continue;
            }
            boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
            Path candidate = onDisk(root, done, part);
            Map<String, Object> attrs;
            try {
                attrs = Files.readAttributes(candidate, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new Resolved("absent", null);
            } catch (AccessDeniedException e) {
                return new Resolved("permission-denied", null);
            } catch (IOException e) {
                return new Resolved(
                        e.getMessage() != null && e.getMessage().contains("Not a directory") ? "absent" : "io-error",
                        null);
            }
            int type = (Integer) attrs.get("mode") & 0170000;
            if (type == 0120000 && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    return new Resolved("io-error", null);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    return new Resolved("io-error", null);
                }
                List<String> expanded = split(target);
                if (target.startsWith("/")) {
                    done.clear();
                }
                for (int i = expanded.size() - 1; i >= 0; i--) {
                    todo.addFirst(expanded.get(i));
                }
                continue;
            }
            if (!last && type != 0040000) {
                return new Resolved("absent", null);
            }
            done.add(part);
        }
        return new Resolved("ok", onDisk(root, done, null));
    }

    private static Path onDisk(Path root, List<String> parts, String extra) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return extra == null ? p : p.resolve(extra);
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
