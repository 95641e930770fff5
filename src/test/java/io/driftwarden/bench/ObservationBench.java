package io.driftwarden.bench;

import io.driftwarden.collect.FileQuery;
import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.ImageTransport;
import io.driftwarden.collect.LocalTransport;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.collect.ProbeOutputParser;
import io.driftwarden.collect.ProbeScript;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Plain benchmark harness (no JMH: the figures are milliseconds, not nanoseconds). Prints medians and p90
 * of: parsing one host's probe output for 200 resources; the image transport over a 2,000-file tree; the
 * local probe over the same tree. Command in docs/CONTRIBUTING.md.
 */
public final class ObservationBench {
    public static void main(String[] args) throws Exception {
        parse200();
        Path tree = Files.createTempDirectory("dw-bench");
        List<FileQuery> image = new ArrayList<>();
        List<FileQuery> local = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String rel = "/etc/d" + (i % 40) + "/f" + i + ".conf";
            Path p = tree.resolve(rel.substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, ("key" + i + " = value\n").repeat(20));
            image.add(new FileQuery(rel, true, true, "0".repeat(64)));
            local.add(new FileQuery(tree + rel, true, false, null));
        }
        Host img = new Host("img", Transport.IMAGE, null, 22, "a", Set.of(), Map.of(), tree, tree.toString());
        Host self = new Host("self", Transport.LOCAL, null, 22, "a", Set.of(), Map.of(), null, null);
        ObservationRequest imageReq =
                new ObservationRequest(image, List.of(), List.of(), List.of(), false, List.of(), false);
        ObservationRequest localReq =
                new ObservationRequest(local, List.of(), List.of(), List.of(), false, List.of(), false);
        report("image transport, 2,000 files hashed", 3, 15, () -> check(new ImageTransport().observe(img, imageReq)));
        report(
                "local probe, 2,000 files hashed",
                1,
                5,
                () -> check(new LocalTransport(Duration.ofMinutes(5)).observe(self, localReq)));
    }

    private static void parse200() throws Exception {
        List<FileQuery> q = new ArrayList<>();
        StringBuilder body = new StringBuilder("H 1 web-1 3d1219c7c4c5404aaa1f6d2a48adfda4 debian 12\n");
        for (int i = 0; i < 200; i++) {
            q.add(new FileQuery("/etc/app/file-" + i + ".conf", true, false, null));
            body.append("F ")
                    .append(i)
                    .append(" ok file 644 0 root 0 root 1221 ")
                    .append(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(("" + i).getBytes())))
                    .append(" - - -\n");
        }
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(body.toString().getBytes(StandardCharsets.US_ASCII)));
        byte[] out = (body + "END 201 " + digest + "\n").getBytes(StandardCharsets.US_ASCII);
        List<ProbeScript.Item> items = ProbeScript.of(
                        new ObservationRequest(q, List.of(), List.of(), List.of(), false, List.of(), false))
                .items();
        report("parse probe output, 200 resources (" + out.length + " bytes)", 5000, 5000, () -> {
            try {
                return ProbeOutputParser.parse(out, items).files().size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int check(HostObservation o) {
        if (!(o instanceof HostObservation.Observed ok)) {
            throw new IllegalStateException(o.toString());
        }
        return ok.observation().files().size();
    }

    private static void report(String what, int warmup, int runs, Supplier<Integer> task) {
        for (int i = 0; i < warmup; i++) {
            task.get();
        }
        long[] ns = new long[runs];
        int sink = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            sink += task.get();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(
                "%-52s median %9.3f ms  p90 %9.3f ms  (n=%d, checksum %d)%n",
                what, ns[runs / 2] / 1e6, ns[(int) (runs * 0.9)] / 1e6, runs, sink);
    }
}
