package io.driftwarden.diff;

import io.driftwarden.collect.Blob;
import io.driftwarden.collect.ConfFile;
import io.driftwarden.collect.DirListing;
import io.driftwarden.collect.FileFact;
import io.driftwarden.collect.HostIdentity;
import io.driftwarden.collect.Observation;
import io.driftwarden.collect.PackageFact;
import io.driftwarden.collect.PackageInstance;
import io.driftwarden.collect.ServiceFact;
import io.driftwarden.collect.SysctlFact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test-data builder for observations: {@code anObservation().file(...).build()}. */
public final class Obs {
    private final Map<String, FileFact> files = new HashMap<>();
    private final Map<String, PackageFact> packages = new HashMap<>();
    private final Map<String, ServiceFact> services = new HashMap<>();
    private final Map<String, SysctlFact> sysctls = new HashMap<>();
    private final List<ConfFile> conf = new ArrayList<>();
    private final Map<String, String> passwd = new HashMap<>();
    private final List<String> groups = new ArrayList<>();
    private final List<String> accounts = new ArrayList<>();
    private final Map<String, DirListing> listings = new HashMap<>();
    private final Map<String, io.driftwarden.collect.NormalizedFact> normalized = new HashMap<>();

    public static Obs anObservation() {
        return new Obs();
    }

    public Obs regular(String path, String mode, long uid, String owner, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        files.put(
                path,
                new FileFact(
                        path,
                        "ok",
                        "file",
                        mode,
                        uid,
                        owner,
                        0L,
                        "root",
                        (long) b.length,
                        io.driftwarden.standard.ResourceParser.sha256(b),
                        null,
                        null,
                        new Blob(b)));
        return this;
    }

    public Obs fact(FileFact f) {
        files.put(f.path(), f);
        return this;
    }

    public Obs pkg(String query, PackageInstance... instances) {
        packages.put(query, new PackageFact(query, List.of(instances), null));
        return this;
    }

    public Obs service(String unit, String active, String enabled, String aliasOf) {
        services.put(unit, new ServiceFact(unit, active, enabled, aliasOf));
        return this;
    }

    public Obs sysctl(String key, String status, String value) {
        sysctls.put(key, new SysctlFact(key, status, value));
        return this;
    }

    public Obs conf(String path, String content) {
        conf.add(new ConfFile(
                path,
                content == null ? "permission-denied" : "ok",
                content == null ? null : new Blob(content.getBytes(StandardCharsets.UTF_8))));
        return this;
    }

    public Obs passwd(String line) {
        passwd.put(line.substring(0, line.indexOf(':')), line);
        return this;
    }

    public Obs group(String line) {
        groups.add(line);
        return this;
    }

    /** Every account, as the user guard sees them. */
    public Obs accounts(String... lines) {
        accounts.addAll(List.of(lines));
        return this;
    }

    public Obs listing(String dir, String status, String... names) {
        listings.put(dir, new DirListing(dir, status, List.of(names)));
        return this;
    }

    public Obs normalized(String path, String sha) {
        normalized.put(path, new io.driftwarden.collect.NormalizedFact(path, "ok", sha));
        return this;
    }

    public Observation build() {
        return new Observation(
                HostIdentity.of("h", "m", "debian", "12"),
                files,
                packages,
                services,
                sysctls,
                conf,
                passwd,
                groups,
                accounts,
                List.of(),
                listings,
                normalized);
    }
}
