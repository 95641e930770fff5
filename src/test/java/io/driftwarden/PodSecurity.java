package io.driftwarden;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Pod Security Standards' "restricted" profile (baseline included), as rules over a parsed pod spec. */
final class PodSecurity {
    private static final Set<String> VOLUME_TYPES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private PodSecurity() {}

    @SuppressWarnings("unchecked")
    static List<String> restricted(String where, Map<String, Object> pod, String version) {
        List<String> out = new ArrayList<>();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                out.add(where + ": " + host);
            }
        }
        if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
            out.add(where + ": automountServiceAccountToken is not false");
        }
        for (Map<String, Object> v : list(pod.get("volumes"))) {
            v.keySet().stream()
                    .filter(k -> !k.equals("name") && !VOLUME_TYPES.contains(k))
                    .forEach(k -> out.add(where + ": volume " + v.get("name") + " of type " + k));
        }
        Map<String, Object> podSc = map(pod.get("securityContext"));
        List<Map<String, Object>> containers = new ArrayList<>(list(pod.get("containers")));
        containers.addAll(list(pod.get("initContainers")));
        for (Map<String, Object> c : containers) {
            String w = where + ": container " + c.get("name");
            Map<String, Object> sc = map(c.get("securityContext"));
            if (Boolean.TRUE.equals(sc.get("privileged"))) {
                out.add(w + ": privileged");
            }
            if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                out.add(w + ": allowPrivilegeEscalation is not false");
            }
            if (!Boolean.TRUE.equals(sc.getOrDefault("runAsNonRoot", podSc.get("runAsNonRoot")))) {
                out.add(w + ": runAsNonRoot is not true");
            }
            Object uid = sc.getOrDefault("runAsUser", podSc.get("runAsUser"));
            if (uid == null || Integer.valueOf(0).equals(uid)) {
                out.add(w + ": runAsUser is not a non-zero UID");
            }
            String seccomp = String.valueOf(map(sc.getOrDefault("seccompProfile", podSc.get("seccompProfile")))
                    .get("type"));
            if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                out.add(w + ": seccompProfile is not RuntimeDefault or Localhost");
            }
            Map<String, Object> caps = map(sc.get("capabilities"));
            if (!list(caps.get("drop")).toString().contains("ALL")) {
                out.add(w + ": capabilities do not drop ALL");
            }
            for (Object add : (List<Object>) caps.getOrDefault("add", List.of())) {
                if (!"NET_BIND_SERVICE".equals(add)) {
                    out.add(w + ": adds capability " + add);
                }
            }
            if (list(c.get("ports")).stream().anyMatch(p -> p.containsKey("hostPort"))) {
                out.add(w + ": hostPort");
            }
            if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
                out.add(w + ": readOnlyRootFilesystem is not true");
            }
            String image = String.valueOf(c.get("image"));
            if (!image.endsWith(":" + version) && !image.contains("@sha256:")) {
                out.add(w + ": image " + image + " is not the release " + version + " (nor a digest)");
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        if (!(o instanceof List<?> l)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object x : l) {
            out.add(x instanceof Map ? (Map<String, Object>) x : Map.of("value", x));
        }
        return out;
    }
}
