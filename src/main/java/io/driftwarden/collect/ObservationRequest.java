package io.driftwarden.collect;

import java.util.List;

/** What to look at on one host; every list sorted and unique. {@code listings} are the exclusive directories. */
public record ObservationRequest(
        List<FileQuery> files,
        List<String> packages,
        List<String> services,
        List<String> sysctlValues,
        boolean sysctlConf,
        List<String> users,
        boolean groups,
        Inventorying inventorying,
        List<String> listings) {
    /** What `standard capture` lists beyond named items: every package, every account, every enabled service. */
    public record Inventorying(boolean packages, boolean users, boolean enabledServices) {
        public static final Inventorying NONE = new Inventorying(false, false, false);
    }

    public ObservationRequest(
            List<FileQuery> files,
            List<String> packages,
            List<String> services,
            List<String> sysctlValues,
            boolean sysctlConf,
            List<String> users,
            boolean groups) {
        this(files, packages, services, sysctlValues, sysctlConf, users, groups, Inventorying.NONE);
    }

    public ObservationRequest(
            List<FileQuery> files,
            List<String> packages,
            List<String> services,
            List<String> sysctlValues,
            boolean sysctlConf,
            List<String> users,
            boolean groups,
            Inventorying inventorying) {
        this(files, packages, services, sysctlValues, sysctlConf, users, groups, inventorying, List.of());
    }

    public ObservationRequest {
        files = List.copyOf(files);
        packages = List.copyOf(packages);
        services = List.copyOf(services);
        sysctlValues = List.copyOf(sysctlValues);
        users = List.copyOf(users);
        listings = List.copyOf(listings);
    }

    /** The /proc/sys path of a key, per sysctl.d(5): dots and slashes swap unless the first separator is a slash. */
    public static String procPath(String key) {
        int dot = key.indexOf('.');
        int slash = key.indexOf('/');
        boolean slashFirst = slash >= 0 && (dot < 0 || slash < dot);
        String rel = slashFirst
                ? key
                : key.chars()
                        .map(c -> c == '.' ? '/' : c == '/' ? '.' : c)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString();
        return "/proc/sys/" + rel;
    }
}
