package io.driftwarden.collect;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one probe (or image read) saw, keyed by what was asked. Transport-neutral: the local
 * probe and the image reader must produce equal observations of equal trees.
 * {@code passwd} holds the raw passwd line of each asked user (absent users are missing keys);
 * {@code groupLines} every group line; {@code passwdLines} every account (when asked); {@code listings} the
 * entries of each exclusive directory.
 */
public record Observation(
        HostIdentity identity,
        Map<String, FileFact> files,
        Map<String, PackageFact> packages,
        Map<String, ServiceFact> services,
        Map<String, SysctlFact> sysctls,
        List<ConfFile> sysctlConf,
        Map<String, String> passwd,
        List<String> groupLines,
        List<String> passwdLines,
        List<String> enabledServices,
        Map<String, DirListing> listings,
        Map<String, NormalizedFact> normalized) {
    public Observation(
            HostIdentity identity,
            Map<String, FileFact> files,
            Map<String, PackageFact> packages,
            Map<String, ServiceFact> services,
            Map<String, SysctlFact> sysctls,
            List<ConfFile> sysctlConf,
            Map<String, String> passwd,
            List<String> groupLines,
            List<String> passwdLines,
            List<String> enabledServices,
            Map<String, DirListing> listings) {
        this(
                identity,
                files,
                packages,
                services,
                sysctls,
                sysctlConf,
                passwd,
                groupLines,
                passwdLines,
                enabledServices,
                listings,
                Map.of());
    }

    public Observation(
            HostIdentity identity,
            Map<String, FileFact> files,
            Map<String, PackageFact> packages,
            Map<String, ServiceFact> services,
            Map<String, SysctlFact> sysctls,
            List<ConfFile> sysctlConf,
            Map<String, String> passwd,
            List<String> groupLines,
            List<String> passwdLines,
            List<String> enabledServices) {
        this(
                identity,
                files,
                packages,
                services,
                sysctls,
                sysctlConf,
                passwd,
                groupLines,
                passwdLines,
                enabledServices,
                Map.of());
    }

    public Observation(
            HostIdentity identity,
            Map<String, FileFact> files,
            Map<String, PackageFact> packages,
            Map<String, ServiceFact> services,
            Map<String, SysctlFact> sysctls,
            List<ConfFile> sysctlConf,
            Map<String, String> passwd,
            List<String> groupLines) {
        this(identity, files, packages, services, sysctls, sysctlConf, passwd, groupLines, List.of(), List.of());
    }

    public Observation {
        files = new TreeMap<>(files);
        packages = new TreeMap<>(packages);
        services = new TreeMap<>(services);
        sysctls = new TreeMap<>(sysctls);
        sysctlConf = List.copyOf(sysctlConf);
        passwd = new TreeMap<>(passwd);
        groupLines = List.copyOf(groupLines);
        passwdLines = List.copyOf(passwdLines);
        enabledServices = enabledServices.stream().sorted().toList();
        listings = new TreeMap<>(listings);
        normalized = new TreeMap<>(normalized);
    }

    /** The same observation with {@code more} file facts (a later stat of paths the first probe did not look at). */
    public Observation withFiles(Map<String, FileFact> more) {
        Map<String, FileFact> all = new TreeMap<>(files);
        all.putAll(more);
        return new Observation(
                identity,
                all,
                packages,
                services,
                sysctls,
                sysctlConf,
                passwd,
                groupLines,
                passwdLines,
                enabledServices,
                listings,
                normalized);
    }

    /** The same observation under another identity (the transport adds what only it knows, such as the host key). */
    public Observation withIdentity(HostIdentity id) {
        return new Observation(
                id,
                files,
                packages,
                services,
                sysctls,
                sysctlConf,
                passwd,
                groupLines,
                passwdLines,
                enabledServices,
                listings,
                normalized);
    }
}
